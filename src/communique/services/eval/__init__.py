"""Evaluation on real annotated data: loaders, metrics, reports and the quality gate.

Public API::

    from communique.services.eval import run, render, DATASETS
    report = run("plover_gsr", data="../shared/data", limit=None)
    render(report)                      # rich tables
    report.write_json("report.json")

Each dataset module (``plover``, ``cameo``, ``case2021``, ``india``, ``geo``, ``conll``) reads
its files from the data folder at run time (nothing of the data is in the repository), builds
an Article per item, runs the real pipeline through ``code_articles`` and scores the result.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from communique.core.errors import EvalError
from communique.services.eval.common import DataMissing, data_dir
from communique.services.eval.report import Report, Table, render

# dataset name -> module (relative to this package) with ``evaluate(root, limit, ...)``.
DATASETS: dict[str, str] = {
    "plover_gsr": "plover",
    "conflibert_cameo": "cameo",
    "case2021_task2": "case2021",
    "india_police_events": "india",
    "geowebnews": "geo",
    "conll2003": "conll",
}

__all__ = ["DATASETS", "DataMissing", "Report", "Table", "data_dir", "render", "run"]


def run(dataset: str, data: str | os.PathLike[str] | None = None, limit: int | None = None,
        json_path: str | os.PathLike[str] | None = None, **options: Any) -> Report:
    """Evaluate the pipeline on ``dataset`` and return the Report (also written to ``json_path``)."""
    if dataset not in DATASETS:
        raise EvalError(f"unknown dataset '{dataset}'. Choose one of: {', '.join(DATASETS)}.", code="E502")
    root = data_dir(data)
    module = importlib.import_module(f".{DATASETS[dataset]}", __name__)
    report: Report = module.evaluate(Path(root), limit=limit, **options)
    if json_path:
        report.write_json(json_path)
    return report
