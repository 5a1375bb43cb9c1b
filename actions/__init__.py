"""Custom actions of the 就労定着支援 guide, served by the Rasa SDK action server (Rasa venv).

One module per flow: dates.py (personal dates, handover, calendar), eligibility.py,
walkthrough.py, faq.py (「詳しく」), resource_map.py; common.py holds what they share. rasa_sdk's
`--actions actions` imports every module of this package (pkgutil.walk_packages), so a new module
needs no import here. The rules and texts live in bot/; these classes stay thin.
"""
