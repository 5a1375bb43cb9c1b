"""Rasa graph components (Rasa venv only): what config.yml names, and so what the model depends on.

- tokenizer.py: bot.nlu.tokenizer.JapaneseTokenizer (fugashi + unidic-lite via bot/text/).
- intent_guard.py: bot.nlu.intent_guard.DateIntentGuard (drops inform_date without a date).

These modules and what they import are the only bot/ code the model fingerprint hashes
(scripts/model_inputs.py). Not in the pipeline: spacy_ja.py (spaCy on the same segmenter) and
service_matcher.py, its job since issue 13: the eligibility form's readers of typed answers, run
by the action server (spacy_import.py keeps TensorFlow out of that process).
"""
