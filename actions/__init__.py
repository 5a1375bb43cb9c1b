"""Custom actions of the 就労定着支援 guide, served by the Rasa SDK action server."""
