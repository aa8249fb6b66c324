"""A SIGKILL in the middle of an ingest never leaves half-stored articles, and a rerun completes it."""

import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

COUNTRIES = [("Kenya", "Nairobi"), ("Uganda", "Kampala"), ("Ghana", "Accra"), ("Chile", "Santiago"),
             ("Turkey", "Ankara"), ("Armenia", "Yerevan"), ("Japan", "Tokyo"), ("Brazil", "Brasilia")]
VERBS = ["met with", "accused", "signed an agreement with", "sent aid to", "threatened", "criticised"]


def _corpus(path, n=2000):
    with path.open("w") as f:
        for i in range(n):
            (a, cap), (b, _) = COUNTRIES[i % 8], COUNTRIES[(i * 3 + 1) % 8]
            verb = VERBS[i % len(VERBS)]
            # One report in eight is political; the rest are market notes that the candidate
            # filter skips, as in a real wire feed. This keeps the test affordable on two cores.
            if i % 8 == 0:
                text = f"The foreign minister of {a} {verb} officials of {b} in {cap} on Tuesday, report {i} said."
            else:
                text = f"Shares were calm in trading session number {i}, dealers said."
            f.write(json.dumps({"id": f"k{i:05d}", "date": f"2024-{1 + i % 12:02d}-15", "text": text}) + "\n")


def _counts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": q("SELECT count(*) FROM articles"),
            "distinct": q("SELECT count(DISTINCT id) FROM articles"),
            # A mention without its article or its event, an event without a mention, a participant
            # without its mention: what a half-written batch would leave.
            "orphan_events": q("SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)")
            + q("SELECT count(*) FROM mentions WHERE event_id NOT IN (SELECT event_id FROM events)")
            + q("SELECT count(*) FROM events WHERE event_id NOT IN (SELECT event_id FROM mentions)"),
            "orphan_participants": q("SELECT count(*) FROM participants WHERE mention_id NOT IN "
                                     "(SELECT mention_id FROM mentions)"),
        }
    finally:
        con.close()


@pytest.mark.model
@pytest.mark.slow
def test_ingest_sigkill_midway_then_rerun_stores_each_article_once(tmp_path):
    corpus, db = tmp_path / "big.jsonl", tmp_path / "k.duckdb"
    _corpus(corpus)
    cmd = [sys.executable, "-m", "communique", "ingest", str(corpus), "--db", str(db), "-v"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    deadline = time.time() + 600
    while committed < 3 and time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        committed += line.startswith("committed batch")
    assert committed == 3, "ingest never reported three committed batches"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    partial = _counts(db)
    assert 0 < partial["articles"] < 2000, partial
    assert partial["articles"] == partial["distinct"]
    assert partial["orphan_events"] == 0 and partial["orphan_participants"] == 0
    rerun = subprocess.run(cmd[:-1], capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{2000 - partial['articles']} articles added, {partial['articles']} already stored" in rerun.stderr
    final = _counts(db)
    assert final == {"articles": 2000, "distinct": 2000, "orphan_events": 0, "orphan_participants": 0}
