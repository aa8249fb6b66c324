"""Evaluation on real annotated data: loaders, metrics, reports and the quality gate.

Public API::

    from communique.services.eval import run, render, DATASETS
    report = run("plover_gsr", data="../shared/data", limit=None)
    render(report)                      # rich tables: whole, tune and check figures side by side
    report.write_json("report.json")
    run("plover_gsr", half="tune", errors=True)   # the tune half only, with the list of mistakes

Each dataset module (``plover``, ``cameo``, ``case2021``, ``india``, ``geo``, ``lgl``, ``conll``) reads
its files from the data folder at run time (nothing of the data is in the repository), builds
an Article per item, runs the real pipeline through ``code_articles`` and scores the result
with its ``score(items, outputs, mistakes)``: once over every item, once over each half
(``split``). Label mappings, one per data set, are files in ``data/`` read through
``core.resources``; ``common`` holds the one ``top_event`` and the one CAMEO-to-ISO table; the
quality gate (``gate``) pins floors in the packaged ``baseline.json``.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from communique.core.config import load_settings
from communique.core.errors import EvalError
from communique.services.eval.common import DataMissing, data_dir
from communique.services.eval.report import Report, Table, render
from communique.services.eval.split import check_half

# dataset name -> module (relative to this package) with ``evaluate(root, limit, ...)``.
DATASETS: dict[str, str] = {
    "plover_gsr": "plover",
    "conflibert_cameo": "cameo",
    "case2021_task2": "case2021",
    "india_police_events": "india",
    "geowebnews": "geo",
    "lgl_dev": "lgl",
    "conll2003": "conll",
    "dedup": "dedup",
    "dedup_enlarged": "dedup_enlarged",
}

__all__ = ["DATASETS", "DataMissing", "Report", "Table", "data_dir", "render", "run"]


def module(dataset: str) -> Any:
    """Return the module that evaluates ``dataset`` (EvalError E502 for an unknown name)."""
    if dataset not in DATASETS:
        raise EvalError(f"unknown dataset '{dataset}'. Choose one of: {', '.join(DATASETS)}.", code="E502")
    return importlib.import_module(f".{DATASETS[dataset]}", __name__)


def run(dataset: str, data: str | os.PathLike[str] | None = None, limit: int | None = None,
        json_path: str | os.PathLike[str] | None = None, *, half: str | None = None, errors: bool = False,
        config: str | os.PathLike[str] | None = None, **options: Any) -> Report:
    """Evaluate the pipeline on ``dataset`` and return the Report (also written to ``json_path``).

    ``half`` ("tune" or "check") codes and scores that half only; ``errors`` adds the list of
    mistakes; ``config`` is a settings file the pipeline is built from (default: the packaged
    defaults).

    A half coded alone can differ by a few thousandths from the same half of a whole run: the
    events stage's int8 encoder quantises activations per batch, so an event's confidence
    depends a little on the sentences batched with it. The gate's per-half figures are those of
    the whole run, split after scoring.
    """
    mod = module(dataset)
    check_half(half)
    root = data_dir(data)
    if config is not None:
        options["settings"] = load_settings(config)
    report: Report = mod.evaluate(Path(root), limit=limit, half=half, errors=errors, **options)
    if json_path:
        report.write_json(json_path)
    return report
