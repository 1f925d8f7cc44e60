"""The web layer: FastAPI routers (HTML pages and JSON API), templates, static files.

Build the application with `web.app.create_app()`; it calls the coordinator
layer only, never the database directly.
"""
