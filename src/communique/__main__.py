"""``python -m communique`` runs the CLI."""

from .cli import app

app()
