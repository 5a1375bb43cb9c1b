"""The resource map (リソースマップ, 002 §32): the worksheet, its conversation and its renderings.

Pure domain code (stdlib only), imported by the action server and the API:

- `model`        areas, disability types, `Contact`, `ResourceMap` (immutable edits)
- `validation`   field limits, normalisation, `ErrorCode`/`ResourceMapError` with Japanese messages
- `suggestions`  the manual's kinds of contact by area and type; an office's local entries
- `texts`        what the conversation says, and the typed words it understands
- `state`        where a conversation stands (`DialogueState`, kept as JSON in a Rasa slot)
- `dialogue`     the conversation's state machine (`start`, `ask`, `handle`, `summary`)
- `samples`      fictional data for docs, tests and demos
- `render/`      text, layout, SVG, HTML and PNG; only `render.png` needs Pillow (API venv)
"""
