"""The evaluation report: headline figures for the whole set and its tune and check halves, tables,
notes and (on request) the list of mistakes; JSON and rich rendering.

A headline metric whose tune and check figures differ by more than ``GAP`` is flagged: the
halves are random halves of one set, so a larger gap says the figure rests on a few items (or
that tuning fitted the tune half).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from communique.services.eval.metrics import PRF, Classification, ReliabilityBin, expected_calibration_error

# Tune and check figures further apart than this are flagged (rendered with "!", listed in ``gaps``).
GAP = 0.03


@dataclass
class Table:
    """A titled table of rows (lists of cells) under ``columns``."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Report:
    """What one ``communique eval DATASET`` run measured.

    ``headline`` holds the figures the quality gate pins (name -> value in [0, 1]) over every
    item scored; ``halves`` the same figures over the tune and the check half (``split``), with
    ``half_items`` their sizes and ``gaps`` the metrics whose halves differ by more than ``GAP``
    (tune minus check). When ``half`` is set, only that half was scored: ``headline`` is its
    figures and ``halves`` is empty. ``tables`` hold the per-class scores, confusion matrices
    and calibration tables; ``mistakes`` the items coded wrong (``--errors``), else None.
    ``errors`` counts articles on which a stage failed.
    """

    dataset: str
    items: int = 0
    limit: int | None = None
    seconds: float = 0.0
    headline: dict[str, float] = field(default_factory=dict)
    half: str | None = None
    halves: dict[str, dict[str, float]] = field(default_factory=dict)
    half_items: dict[str, int] = field(default_factory=dict)
    gaps: dict[str, float] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: int = 0
    mistakes: Table | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def figures(self) -> dict[str, float]:
        """Return every figure the gate can pin: ``metric`` (whole), ``metric@tune``, ``metric@check``.

        A report of one half only has that half's figures alone (``metric@tune``, say).
        """
        if self.half is not None:
            return {f"{k}@{self.half}": v for k, v in self.headline.items()}
        out: dict[str, float] = {}
        for k, v in self.headline.items():
            out[k] = v
            for h, figures in self.halves.items():
                if k in figures:
                    out[f"{k}@{h}"] = figures[k]
        return out

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


def half_gaps(halves: dict[str, dict[str, float]], gap: float = GAP) -> dict[str, float]:
    """Return metric -> tune minus check, for the metrics whose two halves differ by more than ``gap``."""
    tune, check = halves.get("tune", {}), halves.get("check", {})
    return {k: round(tune[k] - check[k], 4) for k in tune
            if k in check and abs(tune[k] - check[k]) > gap + 1e-9}


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def headline_table(report: Report) -> Any:
    """Return the rich table of the headline: one row per metric, whole | tune | check | gap columns."""
    from rich.table import Table as RichTable

    head = RichTable(title=f"{report.dataset}: headline figures")
    head.add_column("metric")
    if report.half is not None or not report.halves:
        head.add_column(f"{report.half} ({report.items})" if report.half else "value", justify="right")
        for k, v in report.headline.items():
            head.add_row(k, _cell(v))
        return head
    head.add_column(f"whole ({report.items})", justify="right")
    for h in report.halves:
        head.add_column(f"{h} ({report.half_items.get(h, 0)})", justify="right")
    head.add_column("tune - check", justify="right")
    for k, v in report.headline.items():
        cells = [_cell(report.halves[h].get(k, "")) for h in report.halves]
        tune, check = report.halves.get("tune", {}).get(k), report.halves.get("check", {}).get(k)
        gap = "" if tune is None or check is None else f"{tune - check:+.3f}" + (" !" if k in report.gaps else "")
        head.add_row(k, _cell(v), *cells, gap)
    return head


def render(report: Report, console: Any = None, calibration_only: bool = False) -> None:
    """Print ``report`` as rich tables: the headline (whole, tune, check), tables, mistakes, notes.

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
    which = f", {report.half} half only" if report.half else ""
    console.print(f"[bold]{report.dataset}[/bold]: {report.items} items{limit}{which}, "
                  f"{report.seconds:.1f} s, {report.errors} article errors")
    console.print(headline_table(report))
    if report.gaps:
        console.print(f"[yellow]halves differ by more than {GAP}:[/yellow] "
                      + ", ".join(f"{k} {v:+.3f}" for k, v in report.gaps.items()))
    for t in report.tables:
        if calibration_only and not t.title.startswith("calibration"):
            continue
        rt = RichTable(title=t.title)
        for i, c in enumerate(t.columns):
            rt.add_column(str(c), justify="left" if i == 0 else "right")
        for row in t.rows:
            rt.add_row(*(_cell(c) for c in row))
        console.print(rt)
    if report.mistakes is not None and not calibration_only:
        rt = RichTable(title=report.mistakes.title)
        for c in report.mistakes.columns:
            rt.add_column(str(c), overflow="fold")
        for row in report.mistakes.rows:
            rt.add_row(*(_cell(c) for c in row))
        console.print(rt)
    for note in report.notes:
        console.print(f"[dim]note:[/dim] {note}")
