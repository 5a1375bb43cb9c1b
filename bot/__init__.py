"""Pure domain core of the 就労定着支援 guide, plus the Rasa components the trained model loads.

No module here imports Rasa, rasa_sdk or FastAPI, except the Rasa components in bot/nlu/. Which
virtual environment imports what:

- bot/nlu/ (Rasa venv): the graph components config.yml names. They and what they import
  (bot/text/normalize.py, bot/text/segment.py, bot/dates/parse.py) are the only bot/ code the
  model fingerprint hashes (scripts/model_inputs.py).
- bot/text/: Japanese text, stdlib + fugashi. normalize and segment for the Rasa side, furigana
  for the API venv.
- bot/dates/: rules (actions and the API's calendar), parse (actions, the NLU guard), dialogue
  (actions).
- bot/eligibility.py, bot/walkthrough.py: the guided flows' rules and texts (action server).
- bot/resource_map/: the resource map (action server and API); bot/protocol.py: the bot↔API
  contract (both venvs, stdlib only).
"""
