"""render stage: the paginated JATS -> what readers get (html.py: the HTML article page)."""
