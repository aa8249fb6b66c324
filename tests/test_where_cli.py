"""The ``places`` command: one JSON record per resolved place mention."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from communique.surfaces.cli import app

runner = CliRunner()
FIELDS = [
    "article_id",
    "text",
    "start",
    "end",
    "name",
    "geonameid",
    "country",
    "lat",
    "lon",
    "feature",
    "usage",
    "confidence",
]


@pytest.mark.model
def test_where_cli_places_prints_records(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {"id": "a1", "date": "2024-01-02", "text": "Protesters marched in Paris, Texas on Monday."}
        )
        + "\n"
        + json.dumps({"id": "a2", "date": "2024-01-02", "text": "Turkish officials met in Ankara."})
        + "\n"
    )
    result = runner.invoke(app, ["places", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(list(r) == FIELDS for r in records)
    got = [(r["article_id"], r["text"], r["geonameid"], r["country"], r["usage"]) for r in records]
    assert got == [
        ("a1", "Paris", 4717560, "USA", "literal"),
        ("a1", "Texas", 4736286, "USA", "literal"),
        ("a2", "Turkish", 298795, "TUR", "demonym"),
        ("a2", "Ankara", 323786, "TUR", "literal"),
    ]


def test_where_cli_places_rejects_unknown_format(tmp_path):
    result = runner.invoke(app, ["places", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 2
