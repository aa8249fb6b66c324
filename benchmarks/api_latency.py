"""Latency of the REST API on a store of synthetic events (100,000 by default), and the dashboard's first render.

    PYTHONPATH=src python benchmarks/api_latency.py [--events 100000] [--repeat 50] [--browser] [--json FILE]
        [--only TEXT ...]

The store is generated directly in DuckDB (seconds, no coding): events with one mention each,
two participants drawn from 60 countries with a skew (so that some dyads are busy), a date over
five years, a location for a third of them. /api/events is timed for each filter kind the API
takes (actor, dyad, type, date range, include_negated), alone, combined and with a cursor deep
in the matching list, besides the other endpoints. Each case is called ``--repeat`` times in
process (FastAPI's TestClient, so no network stack), in rounds that call every case once, so a
burst of load on a shared machine falls on all cases alike. p50/p95 are printed in ms and as a
ratio to the p50 of a baseline measured in the same run: a bare DuckDB scan of the events table
(count and mean score), which tracks how fast and how busy the machine is. Ratios travel between
machines better than milliseconds. ``--only TEXT`` keeps the cases whose name contains TEXT;
``--order date`` writes the rows in date order (as an ingest of dated reports does) instead of
random dates.
``--browser`` also times the dashboard's first render in Chromium (uvicorn on loopback), until
all four panels are drawn.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

TYPES = [  # type, quad class, score, CAMEO
    ("CONSULT", "verbal_cooperation", 1.0, "040"), ("AGREE", "verbal_cooperation", 3.0, "057"),
    ("SUPPORT", "verbal_cooperation", 3.5, "051"), ("COOPERATE", "material_cooperation", 6.0, "060"),
    ("AID", "material_cooperation", 7.0, "070"), ("REQUEST", "verbal_cooperation", -1.0, "020"),
    ("ACCUSE", "verbal_conflict", -2.0, "112"), ("REJECT", "verbal_conflict", -4.0, "120"),
    ("THREATEN", "verbal_conflict", -6.0, "130"), ("PROTEST", "material_conflict", -6.5, "140"),
    ("SANCTION", "material_conflict", -5.0, "163"), ("COERCE", "material_conflict", -7.0, "170"),
    ("ASSAULT", "material_conflict", -9.0, "190"),
]


def build_store(path: Path, n: int, order: str = "random") -> None:
    """Write a store of ``n`` synthetic events (schema of the current communique) at ``path``.

    ``order`` is the order rows are written in: "random" dates (the default, the worst case: a
    page's rows lie all over the table) or "date" (as an ingest of reports in date order writes them).
    """
    from communique.io.store import Store
    from communique.stages.lexicon import countries

    codes = [row["iso3"] for row in countries() if row.get("capital")][:60]
    with Store(path) as store:
        con = store.con
        con.execute("SELECT setseed(0.42)")
        con.execute("CREATE TEMP TABLE types AS SELECT * FROM (VALUES " + ", ".join(
            f"({i}, '{t}', '{q}', {s}, '{c}')" for i, (t, q, s, c) in enumerate(TYPES)) +
            ") AS t(i, type, quad, score, cameo)")
        con.execute("CREATE TEMP TABLE codes AS SELECT unnest(?) AS code, generate_subscripts(?, 1) - 1 AS i",
                    [codes, codes])
        n_codes = len(codes)
        con.execute(f"""
            CREATE TEMP TABLE g AS
            SELECT i, printf('ev%08d', i) AS id, printf('ar%07d', i // 5) AS article_id,
                   (DATE '2020-01-01' + CAST(floor(random() * 1826) AS INTEGER)) AS date,
                   CAST(floor(pow(random(), 2.5) * {n_codes}) AS INTEGER) AS a,
                   CAST(floor(pow(random(), 2.5) * {n_codes}) AS INTEGER) AS b0,
                   CAST(floor(random() * {len(TYPES)}) AS INTEGER) AS t,
                   random() < 0.33 AS located, random() * 140 - 60 AS lat, random() * 340 - 170 AS lon
            FROM range({n}) r(i)
        """)
        con.execute("""
            CREATE TEMP TABLE ev AS
            SELECT g.*, ca.code AS actor, cb.code AS recipient, ty.type, ty.quad, ty.score, ty.cameo,
                   ca.code || ' met ' || cb.code || ' officials on the day.' AS sentence
            FROM g JOIN codes ca ON ca.i = g.a
                   JOIN codes cb ON cb.i = CASE WHEN g.b0 = g.a THEN (g.b0 + 1) % (SELECT count(*) FROM codes)
                                                ELSE g.b0 END
                   JOIN types ty ON ty.i = g.t
        """)
        record = """to_json({
            'event_id': id, 'article_id': article_id, 'sentence_index': 0, 'type': type, 'mode': NULL,
            'context': [], 'quad_class': quad, 'score': score, 'cameo': cameo,
            'actors': [{'text': actor, 'name': actor, 'country': actor, 'sector': 'GOV', 'kind': 'country', 'id': ''}],
            'recipients': [{'text': recipient, 'name': recipient, 'country': recipient, 'sector': 'GOV',
                            'kind': 'country', 'id': ''}],
            'date': CAST(date AS VARCHAR), 'date_text': NULL, 'date_granularity': 'day',
            'location': CASE WHEN located THEN {'text': 'City ' || actor, 'name': 'City ' || actor,
                        'geonameid': i % 5000, 'country': actor, 'lat': round(lat, 3), 'lon': round(lon, 3)} END,
            'negated': false, 'hypothetical': false, 'future': false, 'historical': false, 'confidence': 0.8,
            'symmetric': false,
            'evidence': {'sentence': sentence, 'start': 0, 'end': length(sentence),
                         'trigger': {'text': 'met', 'start': 4, 'end': 7}}})"""
        common = """article_id, 0, type, NULL, [], quad, score, cameo, date, NULL, 'day',
               CASE WHEN located THEN 'City ' || actor END, CASE WHEN located THEN 'City ' || actor END,
               CASE WHEN located THEN i % 5000 END, CASE WHEN located THEN actor END,
               CASE WHEN located THEN round(lat, 3) END, CASE WHEN located THEN round(lon, 3) END,
               false, false, false, false, 0.8, sentence, 0, length(sentence), 'met', 4, 7"""
        con.execute("BEGIN TRANSACTION")
        con.execute("""INSERT INTO articles (id, date, title, url, source, language, origin, text, n_sentences)
            SELECT article_id, min(date), 'Synthetic report ' || article_id, NULL, 'Source ' || (min(i) % 40),
                   'en', 'synthetic', string_agg(sentence, ' ' ORDER BY i), count(*) FROM ev GROUP BY article_id""")
        # Schema 6 adds actor_codes, recipient_codes (and events.mention_refs, filled below); the
        # same script also builds a store for a checkout before it, to measure what changed.
        v6 = "actor_codes" in {d[0] for d in con.execute("SELECT * FROM mentions LIMIT 0").description}
        roles = ", '|' || actor || '|', '|' || recipient || '|'" if v6 else ""
        if order == "date":
            con.execute("CREATE OR REPLACE TEMP TABLE ev AS SELECT * FROM ev ORDER BY date, id")
        con.execute(f"INSERT INTO mentions SELECT id, {common}, {record}, id{roles} FROM ev")
        con.execute(f"""INSERT INTO events SELECT id, id, {common}, 1, 1, 1, type, list_sort([actor, recipient]),
            date, date, NULL, {record}, current_timestamp{roles}{', NULL' if v6 else ''} FROM ev""")
        con.execute("""INSERT INTO participants SELECT id, 'actor', 0, actor, actor, actor, 'GOV', 'country', ''
            FROM ev UNION ALL SELECT id, 'recipient', 0, recipient, recipient, recipient, 'GOV', 'country', '' FROM ev""")
        if v6:
            from communique.io.store.events import recount

            recount(con, [r[0] for r in con.execute("SELECT id FROM ev").fetchall()])  # mention_refs, as writes do
        con.execute("COMMIT")
        con.execute("CHECKPOINT")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(cases: dict, repeat: int) -> dict[str, list[float]]:
    """Return case name -> its call times (ms): one warm call each, then ``repeat`` rounds over all cases."""
    for fn in cases.values():
        fn()  # warm: the first call pays for plans and caches
    out: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, fn in cases.items():
            t = time.perf_counter()
            fn()
            out[name].append((time.perf_counter() - t) * 1000)
    return out


def busiest(con) -> tuple[str, str, str]:
    """Return the busiest dyad and its actor code."""
    a, b = con.execute("""SELECT a.country, r.country FROM participants a JOIN participants r
        ON a.mention_id = r.mention_id AND a.role = 'actor' AND r.role = 'recipient'
        GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""").fetchone()
    return a, b, a


def rarest(con) -> str:
    """Return the country code on the fewest events (a filter that matches little)."""
    return con.execute("SELECT country FROM participants GROUP BY country ORDER BY count(*), country LIMIT 1"
                       ).fetchone()[0]


def event_cases(client, a: str, b: str, actor: str, rare: str) -> dict[str, dict]:
    """Return name -> query parameters of /api/events: each filter kind the API takes, alone and combined."""
    def deep(**params):  # the cursor after the first 1000 matching events
        return client.get("/api/events", params={**params, "limit": 1000}).json()["next"]

    dyad = f"{a}-{b}"
    year = {"since": "2023-01-01", "until": "2023-12-31"}
    return {
        "GET /api/events (100)": {},
        "GET /api/events (1000)": {"limit": 1000},
        "GET /api/events?cursor (page 2 of 1000s)": {"cursor": deep()},
        f"GET /api/events?actor={actor}": {"actor": actor},
        f"GET /api/events?actor={actor}&cursor": {"actor": actor, "cursor": deep(actor=actor)},
        f"GET /api/events?actor={rare} (rarest)": {"actor": rare},
        f"GET /api/events?dyad={dyad}": {"dyad": dyad},
        f"GET /api/events?dyad={dyad}&cursor": {"dyad": dyad, "cursor": deep(dyad=dyad)},
        f"GET /api/events?dyad={b}-{a} (reversed)": {"dyad": f"{b}-{a}"},
        "GET /api/events?type=ASSAULT": {"type": "ASSAULT"},
        "GET /api/events?type=ASSAULT&since=2023-01-01": {"type": "ASSAULT", "since": "2023-01-01"},
        "GET /api/events?since&until (2023)": year,
        "GET /api/events?since&until (2023)&cursor": {**year, "cursor": deep(**year)},
        "GET /api/events?include_negated=true": {"include_negated": "true"},
        f"GET /api/events?actor={actor}&type=CONSULT&since&until": {"actor": actor, "type": "CONSULT", **year},
        f"GET /api/events?dyad={dyad}&since&until": {"dyad": dyad, **year},
        f"GET /api/events?dyad={dyad}&type=CONSULT": {"dyad": dyad, "type": "CONSULT"},
        f"GET /api/events?actor={actor}&limit=1000": {"actor": actor, "limit": 1000},
        "GET /api/events?actor=XXX (no match)": {"actor": "XXX"},
    }


def first_render(app, repeat: int) -> list[float]:
    """Return the dashboard's first-render times (ms) in Chromium, from navigation to all four panels drawn."""
    import socket

    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for _ in range(repeat + 1):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                              else route.abort())
                page = context.new_page()
                t = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                for sel in ("#events tbody tr[data-event]", "#timeline svg rect.bar", "#network svg .node",
                            "#map svg circle.place"):
                    page.wait_for_selector(sel, state="attached", timeout=60000)
                page.wait_for_function("document.getElementById('status').textContent.includes('events from')")
                times.append((time.perf_counter() - t) * 1000)
                context.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    return times[1:]  # the first load also fills the browser's cache of the static files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--browser", action="store_true", help="also time the dashboard's first render")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--db", type=Path, help="keep the generated store at this path (default: a temp dir)")
    parser.add_argument("--order", choices=("random", "date"), default="random",
                        help="the order the store's rows are written in (default random dates: the worst case)")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="time only the cases whose name contains TEXT (repeatable; the baseline always)")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from communique.surfaces.api import create_app

    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "bench.duckdb"
    if path.exists():
        path.unlink()
    t = time.perf_counter()
    build_store(path, args.events, args.order)
    build_s = time.perf_counter() - t
    app = create_app(path, token="")
    con = app.state.server.store.con
    a, b, actor = busiest(con)
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    # One portal for every call (the client as a context manager): without it each call starts a
    # thread and an event loop of its own, 1-3 ms of test harness that a server does not spend.
    stack = contextlib.ExitStack()
    client = stack.enter_context(TestClient(app))
    some_id = client.get("/api/events", params={"limit": 1, "actor": actor}).json()["events"][0]["event_id"]

    def get(url, **params):
        def call():
            r = client.get(url, params=params)
            assert r.status_code == 200, r.text
        return call

    def baseline():
        with app.state.server.reader() as r:
            r.con.execute("SELECT count(*), avg(score) FROM events WHERE NOT negated").fetchall()

    cases = {
        "baseline: DuckDB scan of events (count, avg)": baseline,
        "GET /api/health": get("/api/health"),
        **{name: get("/api/events", **params) for name, params in event_cases(client, a, b, actor, rarest(con)).items()},
        "GET /api/events/{id}": get(f"/api/events/{some_id}"),
        f"GET /api/dyads/{a}/{b}/series?by=month": get(f"/api/dyads/{a}/{b}/series", by="month"),
        "GET /api/network (all)": get("/api/network"),
        "GET /api/network?since=2024-01-01&until=2024-12-31": get("/api/network", since="2024-01-01",
                                                                    until="2024-12-31"),
        "GET /api/actors?q=a": get("/api/actors", q="a"),
        "GET /api/places": get("/api/places"),
    }
    if args.only:
        cases = {k: v for k, v in cases.items() if k.startswith("baseline") or any(o in k for o in args.only)}
    results = {}
    base_p50 = None
    load = os.getloadavg()[0]
    print(f"store: {n_events:,} events, built in {build_s:.1f} s; {args.repeat} calls each (after one warm call); "
          f"load average {load:.1f}")
    print(f"{'case':60} {'p50 ms':>8} {'p95 ms':>8} {'p50 x':>7} {'p95 x':>7}")
    times = timed(cases, args.repeat)
    for name in cases:
        p50, p95 = percentiles(times[name])
        base_p50 = base_p50 or p50
        results[name] = {"p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "p50_ratio": round(p50 / base_p50, 1),
                         "p95_ratio": round(p95 / base_p50, 1)}
        print(f"{name:60} {p50:8.2f} {p95:8.2f} {p50 / base_p50:7.1f} {p95 / base_p50:7.1f}")
    stack.close()  # the app's shutdown closes its store
    if args.browser:
        p50, p95 = percentiles(first_render(create_app(path, token=""), 5))
        results["dashboard first render (Chromium)"] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
        print(f"{'dashboard first render (Chromium, 5 loads)':60} {p50:8.1f} {p95:8.1f}")
    if args.json:
        args.json.write_text(json.dumps({"events": n_events, "order": args.order, "repeat": args.repeat,
                                         "build_s": round(build_s, 1),
                                         "load_average": [round(load, 1), round(os.getloadavg()[0], 1)],
                                         "results": results}, indent=2) + "\n")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
