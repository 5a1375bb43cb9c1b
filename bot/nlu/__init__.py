"""Rasa graph components (Rasa venv only): what config.yml names, and so what the model depends on.

- tokenizer.py: bot.nlu.tokenizer.JapaneseTokenizer (fugashi + unidic-lite via bot/text/).
- intent_guard.py: bot.nlu.intent_guard.DateIntentGuard (drops inform_date without a date).

These modules and what they import are the only bot/ code the model fingerprint hashes
(scripts/model_inputs.py). spacy_ja.py (spaCy on the same segmenter) is not in the pipeline and
not loaded by Rasa; it stays until the issue that decides spaCy's job.
"""
