"""render stage: the paginated JATS -> the article's outputs for readers (html.py: the HTML article page)."""
