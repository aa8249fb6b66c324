"""Error bodies: every failure answers ``{"error": {"code", "status", "message", "errors"}}``.

The HTTP status follows the communique error code, so a client can match on either; the
message says what was wrong in the caller's terms (which parameter, which article, what to
send instead). Nothing a client sends can produce a 500: those are for our own bugs, and their
body still carries a code and no traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.core.errors import CommuniqueError

log = logging.getLogger("communique.api")

# communique error code -> HTTP status
STATUS = {
    "E404": 422, "E701": 422, "E706": 422, "E113": 422,
    "E702": 404,
    "E703": 403,
    "E704": 401,
    "E705": 413,
    "E405": 503,
}


def error_response(status: int, code: str, message: str, errors: list[dict] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """Return the JSON error body for ``status`` with the communique ``code`` and ``message``."""
    body = {"error": {"code": code, "status": status, "message": message, "errors": errors or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into an error body."""

    @app.exception_handler(CommuniqueError)
    async def communique_error(request: Request, exc: CommuniqueError) -> JSONResponse:
        status = STATUS.get(exc.code, 500)
        errors = [{"where": w, "code": c, "message": m} for w, c, m in getattr(exc, "problems", [])]
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if status == 500:
            log.error("store failure on %s: %s", request.url.path, exc)
        return error_response(status, exc.code, exc.message, errors, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()))
            errors.append({"where": where, "code": "E701", "message": f"{where}: {e.get('msg', 'invalid value')}"})
        message = "; ".join(e["message"] for e in errors) or "invalid request"
        return error_response(422, "E701", message, errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(404, "E702", f"no such path: {request.url.path} (the API is under /api, "
                                               "its schema at /openapi.json)")
        if exc.status_code == 405:
            return error_response(405, "E701", f"method {request.method} is not allowed on {request.url.path}",
                                  headers=dict(exc.headers or {}))
        return error_response(exc.status_code, "E701", str(exc.detail))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return error_response(500, "E000", f"internal error ({type(exc).__name__}); the server log has the details")
