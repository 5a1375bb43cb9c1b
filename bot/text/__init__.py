"""Japanese text: normalisation with offsets, segmentation on unidic-lite, furigana."""
