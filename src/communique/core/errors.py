"""The project's exceptions and their stable codes. Each message says what was wrong, where, and what to do.

Every error communique raises on purpose is a ``CommuniqueError`` with a code from ``CODES``
(``E001`` ...). Codes are stable: a script may match on them, the README lists them, and a
code is never reused for another meaning. ``str(error)`` is ``"E113 ... message"`` where the
message names the input (file, line, article, sentence) the error is about.

Ranges: E0xx usage and settings, E1xx reading inputs, E2xx the pipeline and its stages, E3xx
packaged data files, E4xx the store, E5xx evaluation data, E6xx exports, E7xx the REST API.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

# code -> what it means (the README's table is generated from this; tests check they agree).
CODES: dict[str, str] = {
    # usage and settings
    "E001": "settings file not found",
    "E002": "settings file is not valid TOML",
    "E003": "unknown setting",
    "E004": "setting has the wrong type or an invalid value",
    "E005": "invalid command-line value",
    "E006": "settings file cannot be read",
    # reading inputs (one input is rejected, the others are read)
    "E101": "no such file",
    "E102": "file cannot be read",
    "E103": "unknown file extension or input format",
    "E104": "binary file, not text",
    "E105": "invalid UTF-8",
    "E106": "malformed JSON line",
    "E107": "JSON line is not an object",
    "E108": "article has no text",
    "E109": "article field has the wrong type",
    "E110": "article text is empty",
    "E111": "article is longer than [sources] max_chars",
    "E112": "article has no date",
    "E113": "invalid date",
    "E114": "malformed 'date YYYY-MM-DD' line in a text file",
    "E115": "CSV header has no 'text' column",
    "E116": "CSV row has more fields than the header",
    "E117": "malformed CSV",
    "E118": "no main text in an HTML page",
    "E119": "path is a directory where a file was expected",
    "E120": "article holds characters that are not text (NUL, lone surrogate)",
    # the pipeline and its stages
    "E201": "unknown stage name in [pipeline] stages",
    "E202": "stage factory cannot be imported",
    "E203": "a stage requires a field no earlier stage assigns",
    "E204": "a stage does not declare name, requires and assigns",
    "E205": "a stage broke its contract (returned the wrong thing)",
    "E206": "a stage failed on an article",
    "E207": "a stage declares a field the Article does not have",
    "E208": "a model package is not installed",
    "E209": "a stage setting has an invalid value",
    # packaged data files
    "E301": "packaged data file is missing",
    "E302": "bad row in a packaged data file",
    "E303": "packaged model file does not match its training data",
    # the store
    "E401": "store cannot be opened",
    "E402": "store schema is newer or older than this communique",
    "E403": "store write failed and was rolled back",
    "E404": "invalid query value",
    "E405": "store is held by another process (an ingest or a server)",
    "E406": "no store at that path",
    # evaluation
    "E501": "measurement data not found",
    "E502": "unknown dataset",
    "E503": "quality-gate baseline file missing or malformed",
    # exports
    "E601": "unknown export format",
    "E602": "export target cannot be written",
    # REST API
    "E701": "invalid request parameter",
    "E702": "not found",
    "E703": "write refused: no token configured",
    "E704": "write refused: missing or wrong token",
    "E705": "request body too large",
    "E706": "invalid request body",
}


# The first digit of a code -> what the range covers (the README groups the codes by it).
RANGES: dict[str, str] = {
    "0": "usage and settings",
    "1": "reading inputs (that input is rejected, the others are read)",
    "2": "the pipeline and its stages",
    "3": "packaged data files",
    "4": "the store",
    "5": "evaluation",
    "6": "exports",
    "7": "the REST API",
}

_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Return ``text`` with lone surrogates written as ``\\udcxx``, so that it can be printed and stored.

    Undecodable bytes in a file name (``os.walk`` hands them over as surrogates) and JSON
    escapes such as ``"\\ud800"`` would otherwise make printing a message, or storing it in the
    ``rejected`` table, fail with an error of its own.
    """
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class CommuniqueError(Exception):
    """Base class for every error communique raises on purpose; ``code`` is one of ``CODES``."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None):
        if code is not None:
            self.code = code
        if self.code not in CODES:
            raise AssertionError(f"error code {self.code} is not registered in communique.core.errors.CODES")
        message = printable(message)
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


class UsageError(CommuniqueError):
    """A command-line value is invalid (exit status 2)."""

    code = "E005"


class ConfigError(CommuniqueError):
    """A settings file or value is invalid."""

    code = "E004"


class PipelineError(CommuniqueError):
    """The pipeline cannot be built or a stage broke its contract."""

    code = "E205"


class DataFileError(CommuniqueError):
    """A packaged data file is missing or has a bad row; the message starts with ``file:line``."""

    code = "E302"


class InputError(CommuniqueError):
    """One input (file, line, record) cannot be read as an article.

    ``origin`` is "path" or "path:line"; ``reason`` is the reason alone (without the code).
    """

    code = "E102"

    def __init__(self, origin: str, reason: str, *, code: str | None = None):
        # Only str() and the ``rejected`` table read these: escape what cannot be encoded.
        self.origin = printable(origin)
        self.reason = printable(reason)
        super().__init__(f"{origin}: {reason}", code=code)


class StoreError(CommuniqueError):
    """The DuckDB store cannot be opened, migrated, queried or written."""

    code = "E401"


class EvalError(CommuniqueError):
    """An evaluation cannot run (unknown dataset, data absent, no usable baseline file)."""

    code = "E501"


class ExportError(CommuniqueError):
    """An export cannot be written."""

    code = "E601"


def readme_section() -> str:
    """Return the README's "Errors" section (between its ``errors:start``/``errors:end`` markers), made from CODES."""
    lines = [
        "## Errors",
        "",
        "Every error communique reports on purpose carries a stable code, which a script may match on. A command",
        "that cannot go on prints `Error: E113 ...` and stops; an input that cannot be read or coded is reported as",
        "`rejected: FILE[:LINE]: E106 ...` and the other inputs are still read. Exit status: 0 when all went well;",
        "1 when inputs were rejected or the store, a data file or an export failed; 2 for a usage error (an invalid",
        "option value or settings file, no store at `--db`).",
        "",
        "| code | meaning |",
        "|------|---------|",
    ]
    section = None
    for code, meaning in CODES.items():
        if code[1] != section:
            section = code[1]
            lines.append(f"| | *{RANGES[section]}* |")
        escaped = meaning.replace("|", "\\|")
        lines.append(f"| `{code}` | {escaped} |")
    return "\n".join(lines) + "\n"


class SentenceError(Exception):
    """Raised by ``at_sentence`` around a stage's work on one sentence: carries the index and the cause."""

    def __init__(self, sentence_index: int, cause: BaseException):
        self.sentence_index = sentence_index
        self.cause = cause
        super().__init__(f"sentence {sentence_index}: {type(cause).__name__}: {cause}")


@contextmanager
def at_sentence(index: int) -> Iterator[None]:
    """Tag any failure inside the block with sentence ``index``, so the stage error can say where."""
    try:
        yield
    except SentenceError:
        raise
    except Exception as e:  # noqa: BLE001 - re-raised with the sentence attached
        raise SentenceError(index, e) from e
