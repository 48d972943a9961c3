"""proof cycle stage: the issue's proof PDFs -> the corresponding authors, and what comes back from them."""
