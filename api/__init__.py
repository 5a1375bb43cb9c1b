"""FastAPI embedding layer: chat API for office websites, the widget, the staff API."""
