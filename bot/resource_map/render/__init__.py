"""Rendering of a resource map: `text` (stdlib; what the dialogue reads back), `layout` (the A4
worksheet as shapes), `svg`, `html` (stdlib) and `png` (Pillow and a Japanese font)."""
