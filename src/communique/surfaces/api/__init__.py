"""The REST API and the dashboard's server (`communique serve`)."""

from communique.surfaces.api.app import create_app

__all__ = ["create_app"]
