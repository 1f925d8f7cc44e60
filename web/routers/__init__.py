"""HTML pages and JSON API, one module per concept."""
