"""Exporters: write events to JSONL, CSV, Parquet or PLOVER JSON."""

from communique.io.export.writers import FORMATS, flatten, write_events

__all__ = ["FORMATS", "flatten", "write_events"]
