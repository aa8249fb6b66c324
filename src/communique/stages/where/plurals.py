"""Lists of division names before a plural administrative word: "Harvey, Harper and Kingman counties".

Decided here: before a plural of ``admin_plurals`` ("counties", "parishes"), a list of capitalised
names joined by commas, "and" or "or" names that many divisions: each name is a mention of the
division "<name> County" (the singular word), when the gazetteer has one; the mention covers the
name alone ("Harper"), as the list writes it.
"""

from __future__ import annotations

import re

from communique.core.article import Sentence
from communique.stages.where import rules
from communique.stages.where.gazetteer import Gazetteer
from communique.stages.where.mention import Mention

_PLURALS: dict[str, str] = {str(k).lower(): str(v) for k, v in (rules.doc("mentions.yaml").get("admin_plurals") or {}).items()}
_NAME = r"[A-Z][\w'.\u2019-]*(?:\s[A-Z][\w'.\u2019-]*){0,2}"
_LIST = re.compile(rf"((?:{_NAME})(?:(?:,\s+|,?\s+(?:and|or)\s+)(?:{_NAME}))*)\s+({'|'.join(_PLURALS) or 'x^'})\b")
_ITEM = re.compile(_NAME)


def plural_mentions(sent: Sentence, gaz: Gazetteer) -> list[Mention]:
    """Return the division mentions of the name lists before plural administrative words in ``sent``."""
    out: list[Mention] = []
    for m in _LIST.finditer(sent.text):
        word = _PLURALS[m.group(2).lower()]
        base = m.start(1)
        for it in _ITEM.finditer(m.group(1)):
            name = it.group()
            if not any(h.primary and h.entry.feature == "ADM2" for h in gaz.lookup(f"{name} {word}")):
                continue
            s, e = sent.start + base + it.start(), sent.start + base + it.end()
            out.append(Mention(s, e, name, sent.index, "ner", name=f"{name} {word}"))
    return out
