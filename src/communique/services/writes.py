"""Articles sent to a running server: checked all together, then coded and stored in one transaction.

A request is all or nothing. Every article of the body is validated before any is coded, and
a body with one bad article is refused whole with one message per bad article (so a client can
fix them and send the same body again). The valid articles then go through the same ingest as
`communique ingest` (registry, clustering and all) as a single batch, which the store commits
in one transaction: a failure leaves the store as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from communique.core.article import Article
from communique.core.errors import CommuniqueError, InputError


class BodyError(CommuniqueError):
    """A request body that cannot be stored: ``problems`` lists (where, code, message) per bad article."""

    code = "E706"

    def __init__(self, message: str, problems: list[tuple[str, str | None, str]] | None = None):
        self.problems = problems or []
        super().__init__(message, code="E706")


def parse_articles(body: bytes, max_chars: int) -> list[Article]:
    """Return the articles of a JSON body (one article object or a list), or raise BodyError."""
    try:
        data = json.loads(body)
    except UnicodeDecodeError as e:
        raise BodyError(f"the body is not UTF-8 text (byte {e.start}): send JSON encoded as UTF-8") from None
    except ValueError as e:
        raise BodyError(f"the body is not valid JSON: {e}") from None
    except RecursionError:
        raise BodyError("the body nests arrays or objects too deeply: send articles as flat objects") from None
    records = data if isinstance(data, list) else [data]
    if not records:
        raise BodyError("the body is an empty list: send one article object or a list of them")
    problems: list[tuple[str, str | None, str]] = []
    articles: list[Article] = []
    for i, record in enumerate(records):
        where = f"article[{i}]" if isinstance(data, list) else "article"
        if not isinstance(record, dict):
            problems.append((where, "E107", f"expected an object with 'text' and 'date', got {type(record).__name__}"))
            continue
        try:
            articles.append(_article(record, where, max_chars))
        except InputError as e:
            problems.append((where, e.code, e.reason))
    if problems:
        noun = "article is" if len(problems) == 1 else "articles are"
        raise BodyError(f"{len(problems)} of {len(records)} {noun} invalid; nothing was stored", problems)
    return articles


def _article(record: dict[str, Any], where: str, max_chars: int) -> Article:
    from communique.io.sources.validate import make_article

    return make_article(record, f"api:{where}", None, max_chars)


@dataclass
class WriteResult:
    """What a write did: articles added, the ids of all articles sent, rejections (stage failures)."""

    articles_added: int = 0
    article_ids: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def store_articles(store: Any, pipeline: Any, articles: list[Article],
                   on_reject: Callable[[str], None] | None = None) -> WriteResult:
    """Code and store ``articles`` as one batch (one transaction) through services.ingest."""
    from communique.services.ingest import ingest

    result = WriteResult(article_ids=[a.id for a in articles])
    n = max(1, len(articles))
    report = ingest(articles, store, pipeline, batch_size=n, window=n,
                    on_reject=lambda r: result.rejected.append(str(r)))
    result.articles_added = report.articles_added
    return result
