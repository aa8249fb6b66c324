"""The events stage's rule files: how ``data/*.yaml`` is read, so that a bad row names its file and line.

Every events module reads its word lists and tables through here, and here only through
``core.resources``: ``load_yaml(name)`` gives the parsed file with the line of each entry
(``YamlDoc``), ``words(doc, *keys)`` a word list (plain, or built on a list of the shared
lexicon), ``table(doc, *keys)`` a mapping of words. The checks that need the ontology (a PLOVER
type, a mode) live in ``ontology.py``, which owns the types.
"""

from __future__ import annotations

from typing import Any

from communique.core.resources import YamlDoc, read_yaml
from communique.stages.lexicon import word_list

PACKAGE = "communique.stages.events"


def load_yaml(name: str) -> YamlDoc:
    """Return the events data file ``data/name`` (cached; E301 when missing, E302 when not YAML)."""
    return read_yaml(PACKAGE, name)


def words(doc: YamlDoc, *keys: Any) -> frozenset[str]:
    """Return the lower-case words at ``keys`` of ``doc`` (a list, or a list built on a shared one)."""
    return word_list(doc, *keys)


def table(doc: YamlDoc, *keys: Any) -> dict[str, str | None]:
    """Return the mapping at ``keys`` of ``doc`` with string keys and string (or null) values."""
    node = doc.node(*keys, what="table")
    if not isinstance(node, dict):
        raise doc.fail(f"'{'.'.join(map(str, keys))}' must be a mapping", *keys)
    for k, v in node.items():
        if not isinstance(k, str) or not (v is None or isinstance(v, str)):
            raise doc.fail(f"'{k}' must map a word to a word (or null), not {v!r}", *keys, k)
    return dict(node)
