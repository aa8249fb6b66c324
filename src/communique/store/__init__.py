"""The embedded DuckDB store: schema migrations, idempotent atomic writes, queries."""

from .db import Store

__all__ = ["Store"]
