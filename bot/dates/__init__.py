"""Dates of 就労定着支援: the rules (rules.py), Japanese date input (parse.py), dialogue texts."""
