"""Renderers: sheets, Word documents, exports, console tables, charts and Latvian formats."""
