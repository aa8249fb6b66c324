"""The model's attribute ruler, with its one-token rules looked up in tables instead of matched.

The model's ``attribute_ruler`` maps tags to parts of speech and morphology with 179 token
patterns run by spaCy's Matcher: ~40 µs a token on our candidate sentences, as much as the
parser. 169 of them test one token by value ("TAG is NN", "TAG is VBZ and LOWER is 's", "DEP in
{aux, auxpass} and TAG not in {TO, ''}"), so whether such a rule matches a token is a table
lookup on one of its values plus a check of the others. ``IndexedAttributeRuler`` does that, runs
the Matcher on the 10 other patterns only (several tokens, regular expressions), and applies every
match as the model's ruler does: all matches are found first, then applied in rule order (later
rules win), each with spaCy's ``set_token_attrs``. The annotations are the model's, token for token.
"""

from __future__ import annotations

from typing import Any

# The token attributes a one-token rule may test by value (equal, IN, NOT_IN), read with Doc.to_array.
_PLAIN = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH")

# One test of a rule on one attribute: (column, accepted values or None, refused values).
Test = tuple[int, frozenset[int] | None, frozenset[int]]


class IndexedAttributeRuler:
    """A pipeline component that sets the same attributes as the spaCy AttributeRuler ``ruler``."""

    def __init__(self, ruler: Any):
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.matcher = Matcher(ruler.vocab, validate=False)
        self.attr_ids = [IDS[n] for n in _PLAIN]
        # column -> value -> [(rule, the rule's other tests)]: a rule is indexed under the values of its
        # first test that names accepted values, and its other tests are checked on the token.
        self.index: dict[int, dict[int, list[tuple[int, list[Test]]]]] = {}
        for rule, entry in enumerate(ruler.patterns):
            tests = self._tests(entry["patterns"], entry["index"])
            if tests is None:
                self.matcher.add(str(rule), entry["patterns"])
                continue
            key = next(t for t in tests if t[1] is not None)
            rest = [t for t in tests if t is not key]
            column = self.index.setdefault(key[0], {})
            for value in sorted(key[1] or ()):
                column.setdefault(value, []).append((rule, rest))

    def _tests(self, patterns: list[list[dict[str, Any]]], index: int) -> list[Test] | None:
        """Return a one-token rule's tests, or None when the Matcher must run it."""
        if len(patterns) != 1 or len(patterns[0]) != 1 or index not in (0, -1):
            return None
        tests: list[Test] = []
        for name, spec in patterns[0][0].items():
            if name not in _PLAIN:
                return None
            if isinstance(spec, dict):
                if len(spec) != 1 or not set(spec) <= {"IN", "NOT_IN"}:
                    return None
                (op, values), = spec.items()
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    return None
                hashes = frozenset(self._value(v) for v in values)
                tests.append((_PLAIN.index(name), hashes, frozenset()) if op == "IN"
                             else (_PLAIN.index(name), None, hashes))
            elif isinstance(spec, str | bool):
                tests.append((_PLAIN.index(name), frozenset([self._value(spec)]), frozenset()))
            else:
                return None
        return tests if any(t[1] is not None for t in tests) else None

    def _value(self, value: str | bool) -> int:
        return int(value) if isinstance(value, bool) else self.ruler.vocab.strings.add(value)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        ruler = self.ruler
        strings = doc.vocab.strings
        matches: list[tuple[int, int, int]] = []
        if len(doc):
            columns = list(self.index.items())
            for i, row in enumerate(doc.to_array(self.attr_ids).tolist()):
                for col, table in columns:
                    for rule, rest in table.get(row[col], ()):
                        if all((ok is None or row[c] in ok) and row[c] not in no for c, ok, no in rest):
                            matches.append((rule, i, i + 1))
        if len(self.matcher):
            for m_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                matches.append((int(strings[m_id]), start, end))
        # As AttributeRuler.match: by rule, then position; applied in that order, later rules win.
        matches.sort()
        for rule, start, end in matches:
            index = ruler.indices[rule]
            set_token_attrs(doc[start + index] if index >= 0 else doc[end + index], ruler.attrs[rule])
        return doc

    def pipe(self, docs: Any, **_: Any) -> Any:
        for doc in docs:
            yield self(doc)


def index_attribute_rules(nlp: Any) -> Any:
    """Put an ``IndexedAttributeRuler`` in place of ``nlp``'s attribute ruler (when it has one); return nlp."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, IndexedAttributeRuler) or not hasattr(nlp, "_components"):
        return nlp
    # spaCy has no public call to swap a component object under its name; the pipeline's
    # order and names stay as they are.
    names = [name for name, _ in nlp._components]
    nlp._components[names.index("attribute_ruler")] = ("attribute_ruler", IndexedAttributeRuler(ruler))
    return nlp
