"""``python -m communique`` runs the CLI."""

from communique.surfaces.cli import app

app()
