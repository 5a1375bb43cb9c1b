"""Dates of 就労定着支援, pure Python (no Rasa or FastAPI imports).

- rules.py: 民法 §143 month arithmetic and PersonalDates (the action server and the API's
  calendar).
- parse.py: Japanese date input and formatting (the action server, and the NLU's
  DateIntentGuard, which makes it a model input).
- dialogue.py: what the bot says about dates and how it reads a date answer (action server).
"""
