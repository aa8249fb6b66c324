"""The FastAPI app: routes over services.query (reads) and services.writes (POST /api/articles).

The server owns the store while it runs: it opens the DuckDB file once, read-write, so that a
plain `communique ingest --db` on the same file fails with E405 and sends the user to
`ingest --server`. Each read gets its own cursor (a DuckDB connection to the same database),
so reads run side by side and a download can stream while other requests are answered;
writes take one lock and commit in one transaction.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from communique.core.errors import CommuniqueError
from communique.services import query
from communique.surfaces.api import errors, schemas

TOKEN_ENV = "COMMUNIQUE_TOKEN"
WEB = Path(__file__).resolve().parents[1] / "web"
Code = Annotated[str, PathParam(min_length=1, max_length=query.MAX_CODE, pattern=r"^[A-Za-z0-9_.-]+$")]
Actor = Annotated[str | None, Query(max_length=query.MAX_CODE, description="Country code (ISO3), actor id (AZE-GOV) "
                                                                          "or IGO id (UN) on either side.")]
Dyad = Annotated[str | None, Query(max_length=2 * query.MAX_CODE + 1,
                                   description="Two codes, e.g. AZE-TUR, in either direction; AZE-GOV-TUR "
                                               "matches AZE-GOV with TUR (or AZE with GOV-TUR), AZE-GOV,TUR only the "
                                               "first.")]
Type = Annotated[str | None, Query(max_length=16, description="PLOVER event type, e.g. CONSULT.")]
Since = Annotated[str | None, Query(max_length=10, description="First event date, YYYY-MM-DD.")]
Until = Annotated[str | None, Query(max_length=10, description="Last event date, YYYY-MM-DD.")]
Negated = Annotated[bool, Query(description="Include events flagged negated.")]
Count = Annotated[str, Query(pattern="^(events|mentions)$", description="Count real-world events (default) or "
                                                                       "mentions (coded sentences).")]


class ApiError(CommuniqueError):
    """A request the API refuses (its code says why: E701 ... E706)."""

    code = "E701"


class _Server:
    """What the routes share: the store, the settings, the write lock and the lazily built pipeline."""

    def __init__(self, db: str | Path, settings: Any, token: str | None, pipeline: Any = None):
        from communique.io.store import Store

        self.store = Store(db)
        # Readers' cursors come from a connection of their own, so that a read never touches the
        # connection a write is using.
        self._read_root = self.store.con.cursor()
        self.settings = settings
        self.token = token or None
        self.write_lock = threading.Lock()
        self.cursor_lock = threading.Lock()
        self._pipeline = pipeline

    @contextmanager
    def reader(self) -> Iterator[Any]:
        """Yield a read handle (``.con``: a cursor of its own) for one request, closed after it."""
        with self.cursor_lock:
            cur = self._read_root.cursor()
        try:
            yield SimpleNamespace(con=cur)
        finally:
            cur.close()

    def pipeline(self) -> Any:
        """Return the coding pipeline, built on the first write (loading the models takes seconds)."""
        if self._pipeline is None:
            from communique.runtime.pipeline import Pipeline

            self._pipeline = Pipeline.from_settings(self.settings)
        return self._pipeline

    def close(self) -> None:
        self._read_root.close()
        self.store.close()


def create_app(db: str | Path = "communique.duckdb", settings: Any = None, token: str | None = None,
               pipeline: Any = None) -> FastAPI:
    """Return the app serving the store at ``db``; the write token defaults to $COMMUNIQUE_TOKEN.

    ``pipeline`` is the coding pipeline for writes (built from ``settings`` on the first write
    when not given; a test passes the one it already loaded).
    """
    from communique.core.config import load_settings

    settings = settings or load_settings()
    default_limit, max_body = _api_settings(settings)
    server = _Server(db, settings, token if token is not None else os.environ.get(TOKEN_ENV), pipeline)

    app = FastAPI(
        title="communique",
        version="0.1.0",
        description="Political event data coded from news reports: events with their mentions and evidence.",
        on_shutdown=[server.close],
    )
    app.state.server = server
    errors.install(app)

    def filters(actor, dyad, type, since, until, include_negated) -> query.Filters:
        return query.make_filters(actor, dyad, type, since, until, include_negated)

    @app.get("/api/health", response_model=schemas.Health, tags=["store"])
    def health() -> dict:
        """Return the store's counts of articles, events and mentions."""
        with server.reader() as r:
            return query.health(r)

    @app.get("/api/events", response_model=schemas.EventPage, responses=schemas.ERRORS, tags=["events"])
    def events(
        actor: Actor = None, dyad: Dyad = None, type: Type = None, since: Since = None, until: Until = None,
        include_negated: Negated = False,
        limit: Annotated[int, Query(ge=1, le=query.MAX_LIMIT, description="Events per page (at most 1000).")] = default_limit,
        cursor: Annotated[str | None, Query(max_length=400, description="The 'next' of the previous page.")] = None,
        format: Annotated[str, Query(pattern="^(json|csv|ndjson)$", description="json (a page), or csv / ndjson: "
                                     "every matching event as a download.")] = "json",
    ) -> Any:
        """Return a page of events matching the filters, or all of them as CSV or NDJSON."""
        f = filters(actor, dyad, type, since, until, include_negated)
        if format != "json":
            return _download(server, f, format)
        with server.reader() as r:
            page = query.event_page(r, f, limit, cursor)
        return _json({"events": page.events, "next": page.next})

    @app.get("/api/events.csv", tags=["events"], response_class=StreamingResponse,
             responses={200: {"content": {"text/csv": {}}}, **schemas.ERRORS})
    def events_csv(actor: Actor = None, dyad: Dyad = None, type: Type = None, since: Since = None,
                   until: Until = None, include_negated: Negated = False) -> StreamingResponse:
        """Return every event matching the filters as CSV (one row per event)."""
        return _download(server, filters(actor, dyad, type, since, until, include_negated), "csv")

    @app.get("/api/events.ndjson", tags=["events"], response_class=StreamingResponse,
             responses={200: {"content": {"application/x-ndjson": {}}}, **schemas.ERRORS})
    def events_ndjson(actor: Actor = None, dyad: Dyad = None, type: Type = None, since: Since = None,
                      until: Until = None, include_negated: Negated = False) -> StreamingResponse:
        """Return every event matching the filters as NDJSON (one event object per line, with mentions)."""
        return _download(server, filters(actor, dyad, type, since, until, include_negated), "ndjson")

    @app.get("/api/events/{event_id}", response_model=schemas.EventDetailOut, responses=schemas.ERRORS,
             tags=["events"])
    def event(event_id: Annotated[str, PathParam(max_length=200)]) -> dict:
        """Return one event with its mentions, each with an excerpt of its article."""
        with server.reader() as r:
            found = query.event_detail(r, event_id)
        if found is None:
            raise ApiError(f"no event with id {event_id!r} in this store", code="E702")
        return found

    @app.get("/api/dyads/{a}/{b}/series", response_model=schemas.Series, responses=schemas.ERRORS, tags=["analytics"])
    def series(a: Code, b: Code,
               by: Annotated[str, Query(pattern="^(day|week|month|quarter|year)$")] = "month",
               type: Type = None, since: Since = None, until: Until = None,
               include_negated: Negated = False, count: Count = "events") -> dict:
        """Return the dyad's events per period: count, counts by type and quad class, mean score."""
        f = filters(None, None, type, since, until, include_negated)
        with server.reader() as r:
            return {"series": query.dyad_series(r, a, b, by, f, count)}

    @app.get("/api/actors", response_model=schemas.Actors, responses=schemas.ERRORS, tags=["analytics"])
    def actors(q: Annotated[str | None, Query(max_length=100, description="Part of a code or name.")] = None,
               limit: Annotated[int, Query(ge=1, le=query.MAX_LIMIT)] = 50) -> dict:
        """Return actors whose code or name contains ``q``, with their event counts, most events first."""
        with server.reader() as r:
            return {"actors": query.actors(r, q, limit)}

    @app.get("/api/network", response_model=schemas.Network, responses=schemas.ERRORS, tags=["analytics"])
    def network(actor: Actor = None, type: Type = None, since: Since = None, until: Until = None,
                include_negated: Negated = False,
                limit: Annotated[int, Query(ge=1, le=query.MAX_LIMIT, description="The heaviest edges kept.")] = 300,
                count: Count = "events") -> dict:
        """Return actors as nodes and actor -> recipient event counts as weighted edges, by quad class."""
        with server.reader() as r:
            return query.network(r, filters(actor, None, type, since, until, include_negated), limit, count)

    @app.get("/api/places", response_model=schemas.Places, responses=schemas.ERRORS, tags=["analytics"])
    def places(actor: Actor = None, dyad: Dyad = None, type: Type = None, since: Since = None,
               until: Until = None, include_negated: Negated = False,
               limit: Annotated[int, Query(ge=1, le=query.MAX_LIMIT)] = 1000, count: Count = "events") -> dict:
        """Return where the matching events happened: places with coordinates and event counts."""
        with server.reader() as r:
            return {"places": query.places(r, filters(actor, dyad, type, since, until, include_negated), limit,
                                           count)}

    @app.post("/api/articles", status_code=201, response_model=schemas.ArticlesAdded, tags=["write"],
              responses={401: {"model": schemas.ErrorBody}, 403: {"model": schemas.ErrorBody},
                         413: {"model": schemas.ErrorBody}, 422: {"model": schemas.ErrorBody}},
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                  "anyOf": [{"$ref": "#/components/schemas/ArticleIn"},
                            {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}]}}}},
                  "security": [{"bearer": []}]})
    async def post_articles(request: Request) -> JSONResponse:
        """Code and store one article or a list (all or nothing); needs ``Authorization: Bearer <token>``."""
        _check_token(server.token, request.headers.get("authorization"))
        body = await _read_body(request, max_body)
        from starlette.concurrency import run_in_threadpool

        result = await run_in_threadpool(_write, server, body)
        return JSONResponse(result, status_code=201)

    _add_bearer_scheme(app)
    _mount_web(app)
    return app


def _api_settings(settings: Any) -> tuple[int, int]:
    """Return ([api] default_limit, [api] max_body_bytes), or raise ConfigError E004 saying which is wrong."""
    from communique.core.errors import ConfigError

    api = settings["api"]
    limit, body = api["default_limit"], api["max_body_bytes"]
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= query.MAX_LIMIT:
        raise ConfigError(f"[api] default_limit = {limit!r}: expected a whole number from 1 to {query.MAX_LIMIT}",
                          code="E004")
    if isinstance(body, bool) or not isinstance(body, int) or body < 1:
        raise ConfigError(f"[api] max_body_bytes = {body!r}: expected a whole number of bytes, 1 or more",
                          code="E004")
    return limit, body


def _json(body: Any) -> Response:
    """Return ``body`` as a JSON response, serialised once.

    The records are our own contract objects already (tests/api/test_api.py validates them
    against the response models): validating a page of 1,000 events again with pydantic costs
    more than reading it from the store.
    """
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
                    media_type="application/json")


def _check_token(expected: str | None, header: str | None) -> None:
    """Raise E703 when no token is configured, E704 when the request's is missing or wrong."""
    if not expected:
        raise ApiError(f"writes are turned off: no token is configured. Start the server with the environment "
                       f"variable {TOKEN_ENV} set (e.g. `{TOKEN_ENV}=$(openssl rand -hex 16) communique serve`) "
                       "and send it as 'Authorization: Bearer <token>'.", code="E703")
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError("missing token: send 'Authorization: Bearer <token>' with the server's "
                       f"{TOKEN_ENV}", code="E704")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise ApiError(f"wrong token: it is not the server's {TOKEN_ENV}", code="E704")


async def _read_body(request: Request, limit: int) -> bytes:
    """Return the request body, or raise E705 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    too_big = ApiError(f"the body is over the limit of {limit:,} bytes ([api] max_body_bytes): send fewer "
                       "articles per request", code="E705")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _write(server: _Server, body: bytes) -> dict:
    from communique.services import writes

    articles = writes.parse_articles(body, server.settings["sources"]["max_chars"])
    with server.write_lock:
        result = writes.store_articles(server.store, server.pipeline(), articles)
        events = query.events_of_articles(server.store, result.article_ids)
    return {"articles_added": result.articles_added, "events": events, "rejected": result.rejected}


CSV_EXTRA = ["num_mentions", "num_articles", "num_sources"]


def _download(server: _Server, f: query.Filters, fmt: str) -> StreamingResponse:
    """Return every event matching ``f`` as a streamed CSV or NDJSON download."""
    from communique.core.event import Event
    from communique.io.export.writers import CSV_COLUMNS, flatten

    def ndjson() -> Iterator[str]:
        with server.reader() as r:
            for e in query.iter_events(r, f):
                yield json.dumps(e, ensure_ascii=False) + "\n"

    def rows() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS + CSV_EXTRA)
        writer.writeheader()
        with server.reader() as r:
            for e in query.iter_events(r, f):
                row = flatten(Event.from_dict(e))
                row.update({k: e[k] for k in CSV_EXTRA})
                writer.writerow(row)
                if buf.tell() > 65536:
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
        yield buf.getvalue()

    if fmt == "csv":
        return StreamingResponse(rows(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})
    return StreamingResponse(ndjson(), media_type="application/x-ndjson",
                             headers={"Content-Disposition": 'attachment; filename="events.ndjson"'})


def _add_bearer_scheme(app: FastAPI) -> None:
    """Declare the bearer token in the OpenAPI schema (the write route checks it itself)."""
    original = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["bearer"] = {"type": "http", "scheme": "bearer"}
        components.setdefault("schemas", {})["ArticleIn"] = schemas.ArticleIn.model_json_schema()
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mount_web(app: FastAPI) -> None:
    """Serve the dashboard at / and its files (our own and the built third-party ones) under /static."""
    index = WEB / "index.html"

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(index, media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB, check_dir=False), name="static")
