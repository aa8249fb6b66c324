"""Errors reach the user as `Error: Exxx ...` with the right exit status, never as a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb
import pytest
from typer.testing import CliRunner

from communique.core.errors import CODES
from communique.io.store import Store
from communique.surfaces.cli import app

from .test_store import AZE, TUR, _article

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    """A real store holding two articles with events."""
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.add_articles([_article("a1", "2024-08-27", [("CONSULT", [AZE], [TUR], False)]),
                        _article("a2", "2024-09-03", [("SUPPORT", [TUR], [AZE], False)])])
    return path


def _error(result) -> tuple[int, str]:
    """Return (exit status, the one stderr line) and check no exception escaped the command."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    [line] = result.stderr.strip().splitlines()
    assert line.split()[1] in CODES, line
    return result.exit_code, line


def test_cli_errors_bad_query_values_are_usage_errors(db):
    cases = [
        (["events", "--since", "notadate"], "Error: E113 --since: invalid date 'notadate': expected YYYY-MM-DD"),
        (["events", "--until", "2024-02-30"],
         "Error: E113 --until: invalid date '2024-02-30': no such day in the calendar"),
        (["events", "--limit", "-3"], "Error: E005 --limit: invalid value -3: expected 0 (no limit) or more"),
        (["events", "--dyad", "AZE"], "Error: E005 --dyad: invalid value 'AZE': expected two codes like AZE-TUR."),
        (["dyad", "AZE", "TUR", "--by", "fortnight"],
         "Error: E005 --by: unknown period 'fortnight': use day, week, month, quarter or year"),
        (["dyad", "AZE", "TUR", "--format", "xml"], "Error: E005 --format: unknown format 'xml': use table or json"),
    ]
    for args, message in cases:
        assert _error(runner.invoke(app, [*args, "--db", str(db)])) == (2, message), args


def test_cli_errors_unknown_input_format_is_a_usage_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2024-01-01\nText.")
    assert _error(runner.invoke(app, ["code", str(f), "--input-format", "docx"])) == (
        2, "Error: E103 --input-format: unknown format 'docx': use txt, jsonl, csv or html")


def test_cli_errors_good_query_still_works(db):
    result = runner.invoke(app, ["events", "--db", str(db), "--since", "2024-09-01", "--limit", "0"])
    assert result.exit_code == 0, result.stderr
    assert [line.count('"SUPPORT"') for line in result.stdout.splitlines()] == [1]


def test_cli_errors_export_onto_a_directory_or_an_unwritable_path(db, tmp_path):
    (tmp_path / "adir").mkdir()
    target = tmp_path / "adir"
    assert _error(runner.invoke(app, ["export", "--to", "csv", str(target), "--db", str(db)])) == (
        1, f"Error: E602 cannot write '{target}': it is a directory; name a file to export to")
    blocked = tmp_path / "file.txt"
    blocked.write_text("a file where a folder should be")
    assert _error(runner.invoke(app, ["export", "--to", "csv", str(blocked / "x.csv"), "--db", str(db)])) == (
        1, f"Error: E602 cannot write '{blocked / 'x.csv'}': '{blocked}' is a file, not a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "file.txt", "s.duckdb"]


def test_cli_errors_config_that_is_a_directory_or_not_text(tmp_path):
    (tmp_path / "conf").mkdir()
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe")
    article = tmp_path / "a.txt"
    article.write_text("date 2024-01-01\nText.")
    assert _error(runner.invoke(app, ["code", str(article), "--config", str(tmp_path / "conf")])) == (
        2, f"Error: E006 {tmp_path / 'conf'}: is a directory, not a settings file. Pass a TOML file to --config "
           "or $COMMUNIQUE_CONFIG.")
    assert _error(runner.invoke(app, ["ingest", str(article), "--config", str(tmp_path / "bin.toml"),
                                      "--db", str(tmp_path / "x.duckdb")])) == (
        2, f"Error: E006 {tmp_path / 'bin.toml'}: cannot be read as UTF-8 text (invalid start byte at byte 0).")
    assert not (tmp_path / "x.duckdb").exists()


def test_cli_errors_store_that_is_not_a_duckdb_file_or_a_directory(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database")
    for command in (["events"], ["summary"], ["dyad", "AZE", "TUR"], ["export", "--to", "jsonl", "out.jsonl"]):
        assert _error(runner.invoke(app, [*command, "--db", str(bad)])) == (
            1, f"Error: E401 '{bad}' is not a DuckDB database, so not a communique store: pass the path of a store "
               "made by `communique ingest`, or a new file name."), command
    assert _error(runner.invoke(app, ["events", "--db", str(tmp_path)])) == (
        1, f"Error: E401 '{tmp_path}' is a directory, not a store file: pass a file path to --db.")


def test_cli_errors_store_held_by_another_process(db):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(db)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        status, line = _error(runner.invoke(app, ["events", "--db", str(db)]))
        assert (status, line) == (1, f"Error: E405 the store '{db}' is held by another process (process "
                                     f"{holder.pid}), an ingest or a server: wait for it to finish, stop it, "
                                     "or use another --db.")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert runner.invoke(app, ["events", "--db", str(db)]).exit_code == 0


def test_cli_errors_store_newer_than_this_communique(db):
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')")
    con.close()
    status, line = _error(runner.invoke(app, ["summary", "--db", str(db)]))
    assert status == 1 and line.startswith(f"Error: E402 the store '{db}' has schema version 999, newer than")


@pytest.mark.model
def test_cli_errors_rejected_inputs_exit_1_with_their_codes(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"date": "2024-01-01", "text": "a\\ud800"}\n' + b"[" * 50_000 + b"\n\xff\n")
    result = runner.invoke(app, ["code", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"rejected: {bad}:1: E120 'text' holds a lone surrogate (\\ud800) at position 1, which is not text",
        f"rejected: {bad}:2: E106 malformed JSON (nested too deeply to read)",
        f"rejected: {bad}:3: E105 invalid UTF-8 (byte 0xff at offset 50043): re-save the file as UTF-8",
    ]
    assert result.stdout == ""


def test_cli_errors_unknown_eval_dataset_has_a_code():
    assert _error(runner.invoke(app, ["eval", "nosuchset"]))[1].startswith("Error: E502 unknown dataset 'nosuchset'")


def test_cli_errors_broken_pipe_ends_quietly(db, tmp_path):
    """`communique events | head -1` stops without a traceback when head has what it wants."""
    with Store(db) as s:
        s.add_articles([_article(f"b{i}", "2024-10-01", [("CONSULT", [AZE], [TUR], False)]) for i in range(3000)])
    proc = subprocess.Popen([sys.executable, "-m", "communique", "events", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr and stderr == ""
