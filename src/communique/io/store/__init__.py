"""The embedded DuckDB store: schema migrations, idempotent atomic writes, queries."""

from communique.io.store.db import Store

__all__ = ["Store"]
