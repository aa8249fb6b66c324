"""Hostile requests: SQL injection in every filter and the cursor, path traversal, bad bodies and
tokens, and a bounded schemathesis run over the OpenAPI schema. None may answer 500 or change
the store (its checksum over every table's rows is compared before and after)."""

from __future__ import annotations

import base64
import json

import pytest

from tests.api.conftest import TOKEN, store_checksum

pytestmark = pytest.mark.model

INJECTIONS = [
    "' OR '1'='1",
    "AZE'; DROP TABLE events; --",
    "1; DELETE FROM articles",
    "AZE-TUR' UNION SELECT * FROM articles --",
    "\" OR 1=1 --",
    "%' OR 1=1 --",
    "AZE\\'; --",
    "TUR) OR (1=1",
    "\x00",
    "ÿ" * 40,
]

LISTS = {  # path -> the filter parameters it takes
    "/api/events": ["actor", "dyad", "type", "since", "until", "cursor", "limit", "format", "include_negated"],
    "/api/events.csv": ["actor", "dyad", "type", "since", "until"],
    "/api/events.ndjson": ["actor", "dyad", "type", "since", "until"],
    "/api/dyads/AZE/TUR/series": ["by", "type", "since", "until", "count"],
    "/api/actors": ["q", "limit"],
    "/api/network": ["actor", "type", "since", "until", "limit", "count"],
    "/api/places": ["actor", "dyad", "type", "since", "until", "limit", "count"],
}


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_sql_injection_in_every_filter_is_refused_or_harmless(client, reader_app, reader_checksum):
    con = reader_app[1].state.server.store.con
    baseline = {path: client.get(path).content for path in LISTS}
    statuses = set()
    for path, params in LISTS.items():
        for name in params:
            for value in INJECTIONS:
                r = client.get(path, params={name: value})
                statuses.add(r.status_code)
                assert r.status_code in (200, 422), (path, name, value, r.text)
                if r.status_code == 422:
                    assert r.json()["error"]["code"] in ("E404", "E701") and r.json()["error"]["message"]
                elif name in ("q",):
                    assert r.json() == {"actors": []}
                else:
                    # A value that got through matched nothing special: never more than the unfiltered list.
                    assert len(r.content) <= len(baseline[path]) or name == "include_negated", (path, name, value)
    for payload in (["2024-01-01' OR 1=1 --", "x"], [None, "' OR 1=1 --"], ["2024-01-01", 5], {"a": 1}, "x"):
        r = client.get("/api/events", params={"cursor": _cursor(payload)})
        assert r.status_code in (200, 422), payload
        if r.status_code == 200:
            assert all(e["event_id"] > "' OR" for e in r.json()["events"][:1]) or r.json()["events"] == []
    for path_value in ("' OR 1=1 --", "..", "AZE;DROP"):
        r = client.get(f"/api/dyads/{path_value}/TUR/series")
        assert r.status_code in (404, 422)
        r = client.get(f"/api/events/{path_value}")
        assert r.status_code == 404
    assert 422 in statuses
    assert store_checksum(con) == reader_checksum


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2f..%2fapi%2fapp.py",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fcore%2fdefault_config.toml", "/static//etc/passwd",
    "/static/vendor/../../api/app.py", "/static/%5c..%5c..%5capi%5capp.py", "/static/.%00./app.js",
])
def test_static_routes_do_not_leave_the_web_folder(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "def create_app" not in r.text and "[project]" not in r.text and "root:" not in r.text


def test_static_files_are_served(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/vendor/d3.min.js").status_code == 200, "run `make assets` (npm ci)"
    page = client.get("/")
    assert page.status_code == 200 and all(f'id="{i}"' in page.text for i in ("timeline", "network", "map", "events"))
    assert "http://" not in page.text and "https://" not in page.text


@pytest.mark.parametrize("body,content_type", [
    (b"{not json", "application/json"),
    (b"", "application/json"),
    (b"[]", "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b'"just a string"', "application/json"),
    (b'{"text": 5, "date": "2024-01-01"}', "application/json"),
    (b'{"text": "a\\u0000b", "date": "2024-01-01"}', "application/json"),
    (b'{"text": "ok", "date": "2024-02-30"}', "application/json"),
    (b"text=x&date=2024-01-01", "application/x-www-form-urlencoded"),
    (b"[" + b"[" * 5000 + b"]" * 5000 + b"]", "application/json"),
])
def test_malformed_bodies_are_422_and_store_nothing(client, reader_app, reader_checksum, body, content_type):
    r = client.post("/api/articles", content=body,
                    headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "E706" and r.json()["error"]["message"]
    assert store_checksum(reader_app[1].state.server.store.con) == reader_checksum


def test_oversized_and_unauthorised_bodies(client, reader_app, reader_checksum):
    limit = reader_app[1].state.server.settings["api"]["max_body_bytes"]
    huge = b'{"date": "2024-01-01", "text": "' + b"a" * (limit + 1) + b'"}'
    r = client.post("/api/articles", content=huge,
                    headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E705"
    # The declared length alone is enough to refuse, before the body is read.
    r = client.post("/api/articles", content=b"{}", headers={"Authorization": f"Bearer {TOKEN}",
                                                             "Content-Length": str(limit + 1)})
    assert r.status_code in (400, 413)
    for token in ("", "x", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), f"{TOKEN} {TOKEN}", "Ω" * 20):
        r = client.post("/api/articles", json={"date": "2024-01-01", "text": "Turkey met Azerbaijan."},
                        headers={"Authorization": f"Bearer {token}".encode()})
        assert r.status_code == 401 and r.json()["error"]["code"] == "E704", token
    assert store_checksum(reader_app[1].state.server.store.con) == reader_checksum


def test_schemathesis_finds_no_server_error(reader_app, reader_checksum):
    """A bounded property-based run over every operation of the OpenAPI schema (no token: writes are 401)."""
    import hypothesis
    import schemathesis
    from schemathesis.checks import not_a_server_error

    app = reader_app[1]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, calls, operations = [], [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis.settings(max_examples=20, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(hypothesis.HealthCheck),
                             phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])
        @hypothesis.given(case=operation.as_strategy())
        def run(case):
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append((case.operation.label, case.path_parameters, case.query, response.status_code))
            case.validate_response(response, checks=[not_a_server_error])

        run()
    assert not failures
    assert operations >= 9 and len(calls) >= 5 * operations and 200 in calls and 422 in calls and 401 in calls
    assert store_checksum(app.state.server.store.con) == reader_checksum
