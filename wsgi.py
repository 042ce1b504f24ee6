"""Entry point for gunicorn and the flask CLI: `app` is the whole bot."""
from bot import create_app

app = create_app()
