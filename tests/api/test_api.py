"""The REST API against the real app over a real store built from examples/ and the seed report."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tests.api.conftest import TOKEN
from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.model

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def all_pages(client, limit=7, **params):
    """Return every event of a filtered list, walked page by page with the cursor."""
    events, cursor, pages = [], None, 0
    while True:
        r = client.get("/api/events", params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        events += body["events"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return events, pages


def test_health_counts_the_store(client, reader_app):
    con = reader_app[1].state.server.store.con
    body = client.get("/api/health").json()
    assert body == {"status": "ok", "articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
                    "events": con.execute("SELECT count(*) FROM events").fetchone()[0],
                    "mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0]}
    assert body["articles"] >= 20 and body["events"] > 50


def test_event_records_keep_the_contract_fields(client):
    from communique.core.event import Event
    from communique.surfaces.api.schemas import EventOut

    (e,) = client.get("/api/events", params={"limit": 1}).json()["events"]
    contract = list(Event(article_id="a", sentence_index=0, type="CONSULT").to_dict())
    assert list(e)[: len(contract)] == contract
    assert {"mentions", "num_mentions", "num_articles", "num_sources"} <= set(e)
    assert set(EventOut.model_fields) == set(contract) | {"mentions", "num_mentions", "num_articles", "num_sources"}
    m = e["mentions"][0]
    assert {"mention_id", "article_id", "sentence_index", "source", "url", "article_date", "confidence",
            "evidence"} <= set(m)


def test_answers_match_their_response_models(client):
    from communique.surfaces.api import schemas

    page = client.get("/api/events", params={"limit": 1000}).json()
    schemas.EventPage.model_validate(page)
    detail = client.get(f"/api/events/{page['events'][0]['event_id']}").json()
    schemas.EventDetailOut.model_validate(detail)


def test_keyset_pages_cover_every_event_once_in_order(client):
    events, pages = all_pages(client, limit=7)
    ids = [e["event_id"] for e in events]
    assert pages > 3 and len(ids) == len(set(ids))
    keys = [(e["date"] is None, e["date"] or "", e["event_id"]) for e in events]
    assert keys == sorted(keys)
    ndjson = client.get("/api/events.ndjson").text.splitlines()
    assert [json.loads(line)["event_id"] for line in ndjson] == ids


def test_filters_narrow_the_list(client, seed_path):  # the seed report's AZE-TUR events
    seed = client.get("/api/events", params={"dyad": "AZE-TUR", "limit": 1000}).json()["events"]
    assert seed, "the seed report has AZE-TUR events"
    for e in seed:
        codes = {p["country"] for p in e["actors"] + e["recipients"]}
        assert {"AZE", "TUR"} <= codes
    consult = client.get("/api/events", params={"dyad": "tur-aze", "type": "consult", "limit": 1000}).json()["events"]
    assert consult and all(e["type"] == "CONSULT" for e in consult) and len(consult) <= len(seed)
    actor = client.get("/api/events", params={"actor": "ARM", "limit": 1000}).json()["events"]
    assert actor and all(any(p["country"] == "ARM" for p in e["actors"] + e["recipients"]) for e in actor)
    dated = client.get("/api/events", params={"since": "2024-01-01", "until": "2024-06-30", "limit": 1000}).json()
    assert dated["events"] and all("2024-01-01" <= e["date"] <= "2024-06-30" for e in dated["events"])


def test_limit_is_capped_and_bad_values_say_what_is_wrong(client):
    r = client.get("/api/events", params={"limit": 1001})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E701" and "limit" in r.json()["error"]["message"]
    r = client.get("/api/events", params={"since": "2024-13-01"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "E404" and "since" in r.json()["error"]["message"]
    r = client.get("/api/events", params={"type": "DANCE"})
    assert r.status_code == 422 and "CONSULT" in r.json()["error"]["message"]
    r = client.get("/api/events", params={"cursor": "not-a-cursor"})
    assert r.status_code == 422 and "cursor" in r.json()["error"]["message"]
    r = client.get("/api/events/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E702"


def test_event_detail_has_mentions_with_excerpts(client, seed_path):  # the seed report's AZE-TUR events
    (e,) = client.get("/api/events", params={"dyad": "AZE-TUR", "type": "CONSULT", "limit": 1}).json()["events"]
    d = client.get(f"/api/events/{e['event_id']}").json()
    assert d["event_id"] == e["event_id"] and d["redirected_from"] is None
    assert len(d["mentions"]) == d["num_mentions"] >= 1
    for m in d["mentions"]:
        assert m["evidence"]["sentence"] and m["evidence"]["sentence"] in m["excerpt"]
        offset = m["evidence"]["start"] - m["excerpt_start"]
        assert m["excerpt"][offset: offset + len(m["evidence"]["sentence"])] == m["evidence"]["sentence"]


def test_merged_away_ids_redirect(writer):
    client, app = writer
    (e,) = client.get("/api/events", params={"limit": 1}).json()["events"]
    server = app.state.server
    with server.write_lock:
        server.store.con.execute("INSERT INTO event_redirects (old_id, new_id) VALUES (?, ?)",
                                 ["merged-away-id", e["event_id"]])
    d = client.get("/api/events/merged-away-id").json()
    assert d["event_id"] == e["event_id"] and d["redirected_from"] == "merged-away-id"


def test_dyad_series_by_period(client, seed_path):  # the seed report's AZE-TUR events
    months = client.get("/api/dyads/AZE/TUR/series", params={"by": "month"}).json()["series"]
    assert months and months[0]["period"] == "2024-08"
    p = months[0]
    assert p["events"] == sum(p["counts"].values()) == sum(p["quad"].values())
    assert -10 <= p["mean_score"] <= 10
    years = client.get("/api/dyads/tur/aze/series", params={"by": "year"}).json()["series"]
    assert [y["period"] for y in years] == ["2024"] and years[0]["events"] == sum(m["events"] for m in months)
    mentions = client.get("/api/dyads/AZE/TUR/series", params={"by": "year", "count": "mentions"}).json()["series"]
    assert mentions[0]["events"] >= years[0]["events"]
    assert client.get("/api/dyads/AZE/TUR/series", params={"by": "fortnight"}).status_code == 422


def test_actors_search_and_network(client, seed_path):  # the seed report's AZE-TUR events
    actors = client.get("/api/actors", params={"q": "turk"}).json()["actors"]
    assert any(a["id"] == "TUR" and a["name"] == "Turkey" and a["events"] > 0 for a in actors)
    assert client.get("/api/actors", params={"q": "zzzz-nobody"}).json() == {"actors": []}
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert {"AZE", "TUR"} <= ids
    for edge in net["edges"]:
        assert edge["source"] in ids and edge["target"] in ids and edge["weight"] == sum(edge["quad"].values())
    narrow = client.get("/api/network", params={"since": "2024-08-01", "until": "2024-08-31"}).json()
    assert 0 < len(narrow["edges"]) < len(net["edges"])


def test_places_are_located_event_counts(client, seed_path):  # the seed report's AZE-TUR events
    places = client.get("/api/places").json()["places"]
    assert places and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["events"] >= 1 for p in places)
    assert any(p["name"] == "Ankara" for p in client.get("/api/places", params={"dyad": "AZE-TUR"}).json()["places"])


def test_csv_and_ndjson_downloads_of_a_filtered_list(client):
    page = client.get("/api/events", params={"actor": "AZE", "limit": 1000}).json()["events"]
    r = client.get("/api/events.csv", params={"actor": "AZE"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["event_id"] for row in rows] == [e["event_id"] for e in page]
    assert rows[0]["num_mentions"] == str(page[0]["num_mentions"])
    alt = client.get("/api/events", params={"actor": "AZE", "format": "ndjson"})
    assert [json.loads(x)["event_id"] for x in alt.text.splitlines()] == [e["event_id"] for e in page]


def test_openapi_lists_every_contract_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/health", "/api/events", "/api/events/{event_id}", "/api/dyads/{a}/{b}/series",
                 "/api/actors", "/api/network", "/api/articles", "/api/events.csv", "/api/events.ndjson"):
        assert path in paths
    assert "post" in paths["/api/articles"]


# -- writes ------------------------------------------------------------------------------------------
NEW = {"date": "2024-09-02", "source": "Test Wire", "url": "http://127.0.0.1/new",
       "text": "Turkish Foreign Minister Hakan Fidan met Azerbaijani Foreign Minister Jeyhun Bayramov in Baku "
               "on Monday."}


def test_writes_need_a_configured_token(built_store, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from communique.surfaces.api import create_app

    path = tmp_path / "no-token.duckdb"
    shutil.copyfile(built_store, path)
    with TestClient(create_app(path, token="")) as c:
        r = c.post("/api/articles", json=NEW)
    assert r.status_code == 403 and r.json()["error"]["code"] == "E703" and "COMMUNIQUE_TOKEN" in r.text


def test_writes_refuse_missing_and_wrong_tokens(writer):
    client, _ = writer
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}):
        r = client.post("/api/articles", json=NEW, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "E704", headers


def test_a_bad_article_refuses_the_whole_body(writer):
    client, app = writer
    before = client.get("/api/health").json()
    r = client.post("/api/articles", headers=AUTH, json=[NEW, {"text": "no date"}, {"date": "2024-01-01"}, 3])
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "E706" and [e["where"] for e in err["errors"]] == ["article[1]", "article[2]", "article[3]"]
    assert [e["code"] for e in err["errors"]] == ["E112", "E108", "E107"]
    assert client.get("/api/health").json() == before


def test_post_codes_and_stores_then_is_a_no_op(writer):
    client, _ = writer
    before = client.get("/api/health").json()
    r = client.post("/api/articles", headers=AUTH, json=NEW)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["articles_added"] == 1 and body["rejected"] == []
    assert any(e["type"] == "CONSULT" and e["date"] == "2024-09-02" for e in body["events"])
    after = client.get("/api/health").json()
    assert after["articles"] == before["articles"] + 1 and after["mentions"] > before["mentions"]
    again = client.post("/api/articles", headers=AUTH, json=[NEW]).json()
    assert again["articles_added"] == 0 and client.get("/api/health").json() == after


def test_body_limit(writer):
    client, app = writer
    limit = app.state.server.settings["api"]["max_body_bytes"]
    big = json.dumps({"date": "2024-01-01", "text": "x" * (limit + 10)})
    r = client.post("/api/articles", headers={**AUTH, "Content-Type": "application/json"}, content=big)
    assert r.status_code == 413 and r.json()["error"]["code"] == "E705"


# -- the CLI against a running server ------------------------------------------------------------------
def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})})


def test_ingest_server_sends_through_the_api(live_server):
    url, _ = live_server
    one = str(EXAMPLES / "2024-01-25-eu-sanctions-belarus.txt")
    r = _cli("ingest", one, "--server", url, env={"COMMUNIQUE_TOKEN": TOKEN})
    assert r.returncode == 0, r.stderr
    assert "0 articles added, 1 already stored" in r.stderr
    r = _cli("ingest", one, "--server", url, env={"COMMUNIQUE_TOKEN": "wrong"})
    assert r.returncode == 1 and "E704" in r.stderr


def test_serve_command_serves_and_holds_the_store(built_store, tmp_path):
    import shutil
    import time
    import urllib.request

    from tests.api.conftest import _free_port

    path = tmp_path / "served.duckdb"
    shutil.copyfile(built_store, path)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("COMMUNIQUE_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", str(path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline, health = time.monotonic() + 60, None
        while health is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    health = json.loads(r.read())
            except OSError:
                time.sleep(0.2)
        assert health and health["status"] == "ok" and health["articles"] >= 20
        r = _cli("ingest", str(EXAMPLES / "2024-01-25-eu-sanctions-belarus.txt"), "--db", str(path))
        assert r.returncode == 1 and "E405" in r.stderr and "--server" in r.stderr
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "writes off (set $COMMUNIQUE_TOKEN)" in err


def test_reads_go_on_while_a_write_is_stored(live_server):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    url, _ = live_server
    article = {**NEW, "text": NEW["text"].replace("Monday", "Tuesday"), "date": "2024-09-03"}

    def read(_):
        with httpx.Client(base_url=url, timeout=60) as c:
            return [c.get("/api/events", params={"limit": 50}).status_code for _ in range(8)]

    with ThreadPoolExecutor(5) as pool:
        readers = [pool.submit(read, i) for i in range(4)]
        with httpx.Client(base_url=url, timeout=120) as c:
            written = c.post("/api/articles", json=article, headers=AUTH)
        statuses = [s for r in readers for s in r.result()]
    assert written.status_code == 201 and written.json()["articles_added"] == 1
    assert statuses == [200] * 32


def test_api_settings_are_checked_before_the_store_is_opened(tmp_path):
    from communique.core.config import load_settings
    from communique.core.errors import ConfigError
    from communique.surfaces.api import create_app

    config = tmp_path / "c.toml"
    config.write_text("[api]\ndefault_limit = 5000\n")
    with pytest.raises(ConfigError, match=r"default_limit = 5000.*1 to 1000"):
        create_app(tmp_path / "never.duckdb", load_settings(config))
    assert not (tmp_path / "never.duckdb").exists()
