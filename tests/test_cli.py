"""CLI behaviour as a user sees it: exit codes, exact error text, idempotent ingest."""

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from communique.surfaces.cli import app

from .conftest import EXAMPLES, REPO

runner = CliRunner()
EVENT_FIELDS = [
    "event_id", "article_id", "sentence_index", "type", "mode", "context", "quad_class", "score", "cameo",
    "actors", "recipients", "date", "date_text", "date_granularity", "location", "negated", "hypothetical",
    "future", "historical", "confidence", "evidence", "symmetric",
]


def test_cli_every_command_has_help_and_is_in_readme():
    readme = (REPO / "README.md").read_text()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"code", "ingest", "events", "dyad", "export"} <= set(commands)
    for name in commands:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output
        assert f"communique {name}" in readme, f"command '{name}' is not documented in README.md"


def test_cli_unknown_command_is_usage_error():
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2


def test_cli_bad_date_option_is_usage_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("text")
    result = runner.invoke(app, ["code", str(f), "--date", "yesterday"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: E113 --date: invalid date 'yesterday': expected YYYY-MM-DD"


def test_cli_events_without_store_says_how_to_make_one(tmp_path):
    db = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: E406 no store at '{db}': run `communique ingest PATHS --db {db}` first."


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    """Good articles plus each kind of bad input."""
    d = tmp_path_factory.mktemp("messy")
    (d / "good.txt").write_text("date 2024-05-06\n\nKenyan police arrested twelve protesters in Nairobi on Monday.")
    (d / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "date": "2024-05-07", "text": "The United Nations sent food aid to Sudan on Tuesday."})
        + "\n{not json\n"
        + json.dumps({"id": "j3", "date": "2024-05-08", "text": "Uganda and Kenya signed a trade agreement."}) + "\n"
    )
    (d / "undated.txt").write_text("Ministers met in Ankara.")
    (d / "empty.txt").write_text("")
    (d / "random.txt").write_bytes(bytes(range(256)) * 4)
    return d


@pytest.mark.model
def test_cli_ingest_messy_folder_stores_good_names_bad_and_exits_1(messy, tmp_path):
    db = tmp_path / "m.duckdb"
    result = runner.invoke(app, ["ingest", str(messy), "--db", str(db)])
    assert result.exit_code == 1, result.output
    rejected = sorted(line for line in result.stderr.splitlines() if line.startswith("rejected: "))
    assert rejected == sorted([
        f"rejected: {messy}/feed.jsonl:2: E106 malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"rejected: {messy}/undated.txt: E112 no date: add a 'date' (YYYY-MM-DD) to the article or pass --date",
        f"rejected: {messy}/empty.txt: E110 empty text: nothing to code",
        f"rejected: {messy}/random.txt: E104 binary file (contains NUL bytes), not text: expected UTF-8 text",
    ])
    assert "3 articles added, 0 already stored" in result.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM rejected").fetchone()[0] == 4
    assert con.execute("SELECT list(code ORDER BY code) FROM rejected").fetchone()[0] == ["E104", "E106", "E110", "E112"]
    con.close()
    again = runner.invoke(app, ["ingest", str(messy), "--db", str(db)])
    assert again.exit_code == 1
    assert "0 articles added, 3 already stored, 0 mentions added" in again.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    con.close()


@pytest.mark.model
def test_cli_code_seed_prints_contract_events(seed_path):
    result = runner.invoke(app, ["code", str(seed_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    text = seed_path.read_text()
    for event in lines:
        assert list(event) == [*EVENT_FIELDS, "mentions", "num_mentions", "num_articles", "num_sources"]
        assert re.fullmatch(r"[0-9a-f]{16}", event["event_id"])
        assert event["evidence"]["trigger"]["text"] in text
        assert event["num_mentions"] == len(event["mentions"]) and event["num_articles"] == 1
        for m in event["mentions"]:
            assert list(m) == ["mention_id", "article_id", "sentence_index", "source", "url", "article_date",
                               "confidence", "evidence"]
            assert m["evidence"]["trigger"]["text"] in text
    (consult,) = [e for e in lines if e["type"] == "CONSULT"]  # one meeting, however many sentences name it
    assert consult["num_mentions"] >= 4 and consult["date"] == "2024-08-27"


@pytest.mark.model
def test_cli_code_reads_stdin_and_formats(tmp_path):
    line = json.dumps({"date": "2024-05-07", "text": "Kenyan police arrested twelve protesters in Nairobi."})
    result = runner.invoke(app, ["code", "-", "--format", "csv"], input=line + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("event_id,article_id,sentence_index,date")


@pytest.mark.model
def test_cli_examples_ingest_then_query_and_export(tmp_path):
    db = tmp_path / "ex.duckdb"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    n_txt = len(list(EXAMPLES.glob("*.txt")))
    assert f"{n_txt + 4 + 3} articles added" in result.stderr
    summary = runner.invoke(app, ["summary", "--db", str(db)])
    assert summary.exit_code == 0 and f"{n_txt + 7} articles" in summary.stdout
    out = tmp_path / "events.parquet"
    exported = runner.invoke(app, ["export", "--to", "parquet", str(out), "--db", str(db)])
    assert exported.exit_code == 0, exported.stderr
    assert out.exists()
    listed = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert listed.exit_code == 0
    n_events = len(listed.stdout.splitlines())
    assert f"{n_events} events written" in exported.stderr


@pytest.mark.model
def test_cli_code_streams_each_article_as_it_is_coded(tmp_path):
    """`code` prints an article's events before the next article has even been written to its stdin."""
    import select
    import subprocess
    import sys

    conf = tmp_path / "one.toml"
    conf.write_text("[pipeline]\nbatch_size = 1\n")
    first = {"id": "s1", "date": "2024-05-07", "text": "Kenyan police arrested twelve protesters in Nairobi."}
    second = {"id": "s2", "date": "2024-05-08", "text": "Uganda and Kenya signed a trade agreement in Kampala."}
    proc = subprocess.Popen([sys.executable, "-m", "communique", "code", "-", "--config", str(conf)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        proc.stdin.write(json.dumps(first) + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 600)
        assert ready, "no event printed while the input was still open"
        assert json.loads(proc.stdout.readline())["article_id"] == "s1"
        rest, stderr = proc.communicate(json.dumps(second) + "\n", timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "s2" in {json.loads(line)["article_id"] for line in rest.splitlines()}
