"""The evaluation report: headline figures, tables, notes; JSON and rich rendering."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from communique.services.eval.metrics import PRF, Classification, ReliabilityBin, expected_calibration_error


@dataclass
class Table:
    """A titled table of rows (lists of cells) under ``columns``."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Report:
    """What one ``communique eval DATASET`` run measured.

    ``headline`` holds the figures the quality gate pins (name -> value in [0, 1]);
    ``tables`` the per-class scores, confusion matrices and calibration tables.
    """

    dataset: str
    items: int = 0
    limit: int | None = None
    seconds: float = 0.0
    headline: dict[str, float] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")

    # Builders used by the dataset modules.
    def add_classification(self, name: str, result: Classification, confusion: bool = True) -> None:
        """Add per-class P/R/F1 with micro and macro rows, and the confusion matrix."""
        rows: list[list[Any]] = []
        for label, prf in result.per_class.items():
            rows.append([label, prf.precision, prf.recall, prf.f1, prf.support, prf.tp, prf.fp, prf.fn])
        micro, macro = result.micro, result.macro()
        rows.append(["micro", micro.precision, micro.recall, micro.f1, micro.support,
                     micro.tp, micro.fp, micro.fn])
        rows.append(["macro", macro["precision"], macro["recall"], macro["f1"], "", "", "", ""])
        self.tables.append(Table(f"{name}: per-class scores (accuracy {result.accuracy:.3f} over "
                                 f"{result.n})", ["class", "P", "R", "F1", "support", "TP", "FP", "FN"], rows))
        if confusion:
            labels, matrix = result.matrix()
            self.tables.append(Table(f"{name}: confusion (rows gold, columns predicted)",
                                     ["gold \\ pred", *labels],
                                     [[g, *row] for g, row in zip(labels, matrix, strict=True)]))

    def add_prf(self, title: str, scores: dict[str, PRF]) -> None:
        """Add a table of named P/R/F1 rows (e.g. source country, target country)."""
        rows = [[k, p.precision, p.recall, p.f1, p.support, p.tp, p.fp, p.fn] for k, p in scores.items()]
        self.tables.append(Table(title, ["field", "P", "R", "F1", "support", "TP", "FP", "FN"], rows))

    def add_reliability(self, title: str, table: list[ReliabilityBin]) -> None:
        """Add a calibration table (confidence bin, events, mean confidence, observed precision)."""
        rows = [[f"{b.low:.1f}-{b.high:.1f}", b.count, b.mean_confidence, b.precision]
                for b in table if b.count]
        n = sum(b.count for b in table)
        self.tables.append(Table(
            f"{title} ({n} events, expected calibration error {expected_calibration_error(table):.3f})",
            ["confidence", "events", "mean confidence", "observed precision"], rows))


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def render(report: Report, console: Any = None, calibration_only: bool = False) -> None:
    """Print ``report`` as rich tables: headline figures first, then every table and note.

    With ``calibration_only``, print the headline and the calibration tables alone.
    """
    import sys

    from rich.console import Console
    from rich.table import Table as RichTable

    console = console or Console(file=sys.stdout)
    if not console.is_terminal and console.width < 200:
        # Confusion matrices are wide: do not squeeze them into 80 columns when piped.
        console = Console(file=console.file, width=200)
    limit = f", first {report.limit}" if report.limit else ""
    console.print(f"[bold]{report.dataset}[/bold]: {report.items} items{limit}, "
                  f"{report.seconds:.1f} s, {report.errors} article errors")
    head = RichTable(title=f"{report.dataset}: headline figures")
    head.add_column("metric")
    head.add_column("value", justify="right")
    for k, v in report.headline.items():
        head.add_row(k, _cell(v))
    console.print(head)
    for t in report.tables:
        if calibration_only and not t.title.startswith("calibration"):
            continue
        rt = RichTable(title=t.title)
        for i, c in enumerate(t.columns):
            rt.add_column(str(c), justify="left" if i == 0 else "right")
        for row in t.rows:
            rt.add_row(*(_cell(c) for c in row))
        console.print(rt)
    for note in report.notes:
        console.print(f"[dim]note:[/dim] {note}")
