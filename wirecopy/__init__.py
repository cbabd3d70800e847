"""Wire copy: clean scraped articles and import them as draft news pages."""
