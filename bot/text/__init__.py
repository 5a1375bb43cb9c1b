"""Japanese text, stdlib + fugashi only, so both virtual environments can import it.

- normalize.py: NFKC with offsets into the original text; the one dash table (DASHES,
  nfkc_with_ascii_hyphens).
- segment.py: MeCab (fugashi) on unidic-lite with original offsets; the one tagger factory
  (make_tagger, make_unidic_lite_tagger).
- furigana.py: ruby readings for bot messages.

The Rasa venv loads normalize and segment (through bot/nlu/ and bot/dates/parse.py; they are
model inputs). The API venv loads furigana, which imports the other two; Rasa never loads
furigana, so editing it does not make the model stale.
"""
