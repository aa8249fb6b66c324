"""The outlet's home: where the source of a report is, from its source name or url (``data/home.yaml``).

A local paper's ambiguous names are read in its home region ("Athens" in a Georgia paper).
Decided here, from the host of ``article.url`` (else ``article.source`` when it is a domain):
- the country of a country-code top-level domain (".co.uk": the United Kingdom; ``tld_countries``
  for codes that are not ISO codes; none for generic ones, ``generic_tlds``);
- the home town: the outlet's label (the host without ``host_labels_skipped``, "www", "news", and
  without the top-level domain) read from its start, past ``outlet_prefixes`` ("the", "thisis"),
  as the longest town name (``min_home_name`` letters or more) that ends the label or is followed
  by an ``outlet_words`` word ("parisbeacon" -> Paris; "newarkadvocate" -> Newark); in the
  top-level domain's country when it has one, and under a generic one in
  ``generic_tld_home_country`` (the United States) when that country has a town of the name.

The home town's namesakes are favoured where the report names the town ("Paris" in the Paris
Beacon: ``where.ranking``'s ``HOME``), and they vote for the places near them
(``where.coherence``); a country-code domain's country counts as a place the article names. The dateline is not read here:
it is a place mention of the text (``where.dateline``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from communique.core.article import Article
from communique.stages.lexicon import countries
from communique.stages.where import rules
from communique.stages.where.gazetteer import Gazetteer, NameHit

OUTLET_WORDS = rules.ordered_words("home.yaml", "outlet_words")
OUTLET_PREFIXES = rules.ordered_words("home.yaml", "outlet_prefixes")
SKIPPED_LABELS = rules.words("home.yaml", "host_labels_skipped")
GENERIC_TLDS = rules.words("home.yaml", "generic_tlds")
_DOC = rules.doc("home.yaml")
MIN_HOME_NAME = int(_DOC.get("min_home_name") or 4)
GENERIC_HOME_COUNTRY = str(_DOC.get("generic_tld_home_country") or "") or None
_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")


@dataclass
class Home:
    """Where the outlet is: the country of its domain (ISO3, or None) and its home town's namesakes."""

    country: str | None = None
    name: str = ""
    towns: list[NameHit] = field(default_factory=list)


@lru_cache(maxsize=1)
def _iso2to3() -> dict[str, str]:
    table = {r["iso2"].upper(): r["iso3"] for r in countries() if r["iso2"]}
    for tld, iso2 in (_DOC.get("tld_countries") or {}).items():
        if str(iso2).upper() in table:
            table[str(tld).upper()] = table[str(iso2).upper()]
    return table


def host_of(article: Article) -> str:
    """Return the lower-cased host of the article's url, else its source when that is a domain, else ''."""
    for raw in (article.url, article.source):
        if not raw:
            continue
        raw = raw.strip().lower()
        host = urlsplit(raw if "//" in raw else f"//{raw}").hostname or ""
        if _HOST.match(host):
            return host
    return ""


def outlet_home(article: Article, gaz: Gazetteer) -> Home:
    """Return the outlet's home read from the article's url or source (see the module docstring)."""
    host = host_of(article)
    if not host:
        return Home()
    labels = host.split(".")
    tld = labels[-1]
    country = None if tld in GENERIC_TLDS else _iso2to3().get(tld.upper())
    # The outlet's label: the first label left once the skipped ones and the domain suffix are gone
    # ("news.postbulletin.com" -> "postbulletin"; "thisisoxfordshire.co.uk" -> "thisisoxfordshire").
    names = [lab for lab in labels[:-1] if lab not in SKIPPED_LABELS and lab not in GENERIC_TLDS]
    if not names:
        return Home(country)
    label = names[0].replace("-", "")
    generic = tld in GENERIC_TLDS
    name, towns = _home_town(label, gaz, country)
    if generic and GENERIC_HOME_COUNTRY and any(h.entry.country == GENERIC_HOME_COUNTRY for h in towns):
        towns = [h for h in towns if h.entry.country == GENERIC_HOME_COUNTRY]
    return Home(country, name, towns)


def _home_town(label: str, gaz: Gazetteer, country: str | None) -> tuple[str, list[NameHit]]:
    """Return the town name the outlet's label starts with (past a prefix), and its namesakes."""
    starts = [0] + [len(p) for p in OUTLET_PREFIXES if label.startswith(p) and len(label) > len(p)]
    best: tuple[str, list[NameHit]] = ("", [])
    for i in starts:
        for j in range(len(label), i + MIN_HOME_NAME - 1, -1):
            rest = label[j:]
            if rest and not any(rest.startswith(w) for w in OUTLET_WORDS):
                continue
            towns = [h for h in gaz.lookup(label[i:j]) if h.primary and h.entry.feature in ("PPL", "PPLC")
                     and (country is None or h.entry.country == country)]
            if towns and j - i > len(best[0]):
                best = (label[i:j], towns)
                break
    return best
