"""Batched inserts: a batch's rows handed to DuckDB as one Arrow table, not row by row.

DuckDB's ``executemany`` runs one statement per row, and into a table with a primary key each
of those cost milliseconds: storing a batch of 64 articles took seconds, longer than coding it,
and statements with many ``VALUES`` rows were no faster (binding the parameters is the cost).
An Arrow table of the same rows is read by one ``INSERT ... SELECT`` in a fraction of that.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

_names = itertools.count()


def write_errors() -> tuple[type[BaseException], ...]:
    """Return the exceptions a failed insert raises (DuckDB's, and Arrow's for a value of the wrong type)."""
    import duckdb
    import pyarrow as pa

    return duckdb.Error, pa.ArrowException


def insert_rows(con: Any, table: str, rows: Sequence[Sequence[Any]], *, columns: Sequence[str] | None = None,
                or_ignore: bool = False) -> None:
    """Insert ``rows`` (values in ``columns`` order; all of the table's columns by default) into ``table``."""
    import pyarrow as pa

    if not rows:
        return
    if columns is None:
        columns = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    batch = pa.table({name: pa.array(values) for name, values in zip(columns, zip(*rows, strict=True), strict=True)})
    view = f"_communique_rows_{next(_names)}"
    con.register(view, batch)
    try:
        con.execute(f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {table} ({', '.join(columns)}) "
                    f"SELECT * FROM {view}")
    finally:
        con.unregister(view)
