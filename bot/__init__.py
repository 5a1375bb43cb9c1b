"""Domain code of the 就労定着支援 bot."""
