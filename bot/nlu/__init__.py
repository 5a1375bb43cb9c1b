"""Rasa graph components named in config.yml (the only bot/ code the trained model depends on)."""
