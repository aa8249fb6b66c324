"""The project's exceptions. Each message says what was wrong, where, and what to do."""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class for every error communique raises on purpose."""


class ConfigError(CommuniqueError):
    """A settings file or value is invalid."""


class PipelineError(CommuniqueError):
    """The pipeline cannot be built or a stage broke its contract."""


class InputError(CommuniqueError):
    """One input (file, line, record) cannot be read as an article.

    ``origin`` is "path" or "path:line"; the message is the reason alone.
    """

    def __init__(self, origin: str, reason: str):
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class StoreError(CommuniqueError):
    """The DuckDB store cannot be opened, migrated or written."""
