"""core.resources.read_tsv_file splits at tabs exactly as the csv module's TSV reader did."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from communique.core.resources import read_tsv_file

SRC = Path(__file__).resolve().parents[1] / "src" / "communique"


def csv_rows(path: Path) -> list[list[str]]:
    """Return the rows as the csv reader (no quoting) gave them, one reader per non-comment line."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append([v.strip() for v in next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))])
    return out


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.tsv")), ids=lambda p: p.name)
def test_every_packaged_tsv_reads_as_the_csv_reader_read_it(path: Path):
    rows = read_tsv_file(path, header=False, columns=tuple(f"c{i}" for i in range(64)))
    expected = csv_rows(path)
    assert [[r[f"c{i}"] for i in range(len(want))] for r, want in zip(rows, expected, strict=True)] == expected


def test_quotes_backslashes_empty_fields_and_nul_split_as_the_csv_reader_split_them(tmp_path: Path):
    lines = ['a"b\tc', '"x"\t"y z"', "a\\tb\tc", "\tx\t", "p\t\t", " a \t b ", "x\0y\tz", "é\t\u00a0ü"]
    path = tmp_path / "t.tsv"
    path.write_text("one\ttwo\tthree\n" + "\n".join(lines) + "\n", "utf-8")
    rows = read_tsv_file(path, ("one", "two", "three"))
    expected = [[v.strip() for v in next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))]
                for line in lines]
    assert [[r["one"], r["two"], r["three"]][:len(e)] for r, e in zip(rows, expected, strict=True)] == expected
    assert [r.where for r in rows] == [f"{path}:{n}" for n in range(2, 2 + len(lines))]
