"""The throughput benchmark's corpus reader and summary (benchmarks/throughput.py), on a tiny SGML file."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "throughput", Path(__file__).resolve().parents[1] / "benchmarks" / "throughput.py")
throughput = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(throughput)

SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="NO" NEWID="7">
<DATE> 3-MAR-1987 09:10:11.00</DATE>
<TEXT>&#2;
<TITLE>ZORBIA &lt;ZB&gt; TALKS</TITLE>
<BODY>Zorbia and Erdland held talks &amp; agreed.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE>4-MAR-1987 10:00:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;<TITLE>NO BODY HERE</TITLE>&#3;</TEXT>
</REUTERS>
"""


def test_eval_throughput_reads_stories_with_a_body(tmp_path):
    folder = tmp_path / "reuters21578"
    folder.mkdir()
    with gzip.open(folder / "reut2-000.sgm.gz", "wt", encoding="latin-1") as f:
        f.write(SGML)
    (story,) = throughput.stories(tmp_path)
    assert story == {"id": "reuters-7", "date": "1987-03-03", "title": "ZORBIA <ZB> TALKS",
                     "text": "Zorbia and Erdland held talks & agreed."}


@pytest.mark.parametrize(("raw", "expected"), [(" 26-FEB-1987 15:01:01.79", "1987-02-26"), ("junk", None)])
def test_eval_throughput_parse_date(raw, expected):
    assert throughput.parse_date(raw) == expected


def test_eval_throughput_summary_ratio_and_growth():
    runs = [
        {"mode": "communique", "size": 10, "seconds": 6.0},
        {"mode": "spacy", "size": 10, "seconds": 2.0},
        {"mode": "communique", "size": 100, "seconds": 50.0},
        {"mode": "spacy", "size": 100, "seconds": 25.0},
    ]
    s = throughput.summarise(runs)
    assert s["time_ratio_communique_over_spacy"] == {"10": 3.0, "100": 2.0}
    assert s["ms_per_story"]["communique"] == {"10": 600.0, "100": 500.0}
