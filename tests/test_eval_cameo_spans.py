"""The conflibert_cameo span-errors view (services/eval/cameo_spans.py): which role spans a sentence's
top event misses or adds, listed for the tune half only."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.core.article import Article
from communique.core.errors import UsageError
from communique.services.eval.cameo import CameoItem
from communique.services.eval.cameo_spans import run, span_rows


def test_cameo_spans_refuses_the_check_half(tmp_path: Path):
    with pytest.raises(UsageError, match="tune half only"):
        run(tmp_path, half="check")


def test_cameo_spans_lists_missed_gold_spans_and_skips_unaligned_sentences():
    text = "Norway sent aid to Chad."
    item = CameoItem(text, 2, {"S": [(0, 6)], "T": [(19, 23)], "R": []}, index=7)
    unaligned = CameoItem("Chad thanked Norway.", 1, None, index=8)
    rows = span_rows([item, unaligned], [Article(text=text), Article(text=unaligned.text)])
    # No event coded: both gold spans are missed; the gold spans no actor covers are marked.
    assert len(rows) == 1
    line, kinds, event, gold, ours, sentence = rows[0]
    assert (line, kinds, event, sentence) == ("7", "S miss, T miss", "-", text)
    assert gold == "S: *Norway  T: *Chad  R: -" and ours == "S: -  T: -"
