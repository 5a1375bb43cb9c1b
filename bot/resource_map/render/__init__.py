"""Rendering of a resource map: text, SVG, A4 HTML and PNG."""
