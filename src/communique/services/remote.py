"""`communique ingest --server`: send articles to a running server instead of opening its store.

While `communique serve` runs it owns the DuckDB file, so a second process cannot write to it;
this client reads the inputs as `ingest --db` does and POSTs them to /api/articles in batches
small enough for the server's body limit. The server codes and stores each batch in one
transaction, so an interrupted send leaves whole batches or nothing, and sending again is a no-op
for the batches already stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from communique.core.article import Article
from communique.core.errors import CommuniqueError, InputError, UsageError
from communique.services.ingest import IngestReport, Item, Rejection, rejection

TIMEOUT_S = 600.0  # one batch is coded while the client waits: minutes for a big one on a cold server


class RemoteError(CommuniqueError):
    """The server refused the articles (no token configured, wrong token)."""

    code = "E704"


def article_record(a: Article) -> dict[str, Any]:
    """Return the input-contract object of ``a`` (what POST /api/articles takes)."""
    record = {"id": a.id, "date": a.date, "text": a.text}
    for key in ("title", "url", "source", "language"):
        if getattr(a, key, None):
            record[key] = getattr(a, key)
    return record


def _batches(items: Iterable[Item], size: int, max_body: int,
             reject: Callable[[InputError], None]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    used = 2
    for item in items:
        if isinstance(item, InputError):
            reject(item)
            continue
        record = article_record(item)
        n = len(json.dumps(record, ensure_ascii=False).encode()) + 1
        if batch and (len(batch) >= size or used + n > max_body):
            yield batch
            batch, used = [], 2
        batch.append(record)
        used += n
    if batch:
        yield batch


def send_articles(items: Iterable[Item], server: str, token: str | None, batch_size: int = 64,
                  max_body: int = 5_000_000, on_reject: Callable[[Rejection], None] | None = None) -> IngestReport:
    """POST ``items`` to ``server``'s /api/articles batch by batch; return what the server added."""
    import httpx

    report = IngestReport()

    def record(r: Rejection) -> None:
        report.inputs_rejected += 1
        if on_reject:
            on_reject(r)
        else:
            report.rejected.append(r)

    url = server.rstrip("/") + "/api/articles"
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(timeout=TIMEOUT_S) as client:
        for batch in _batches(items, batch_size, max_body, lambda e: record(rejection(e))):
            report.articles_read += len(batch)
            body = _post(client, url, headers, batch)
            report.articles_added += body["articles_added"]
            report.events_added += len(body["events"])
            for text in body["rejected"]:
                record(Rejection("server", text))
            report.articles_known += len(batch) - body["articles_added"] - len(body["rejected"])
    return report


def _post(client: Any, url: str, headers: dict[str, str], batch: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the server's answer to one batch, or raise the error it answered with."""
    import httpx

    try:
        response = client.post(url, json=batch, headers=headers)
    except httpx.HTTPError as e:
        raise UsageError(f"--server: cannot reach {url}: {e}. Is `communique serve` running there?",
                         code="E005") from None
    if response.status_code == 201:
        return response.json()
    try:
        error = response.json()["error"]
        message, code = error["message"], error["code"]
    except (ValueError, KeyError, TypeError):
        message, code = response.text[:300], None
    if response.status_code in (401, 403):
        raise RemoteError(f"the server at {url} refused the articles: {message}",
                          code="E703" if response.status_code == 403 else "E704")
    raise CommuniqueError(f"the server at {url} answered {response.status_code}: {message}",
                          code=code if code in ("E705", "E706") else "E706")
