"""The command-line interface: a thin Typer layer over the library."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from communique.core.errors import CommuniqueError, ConfigError, InputError, StoreError, UsageError
from communique.services.ingest import Rejection, rejection, split_items, stage_failures
from communique.services.ingest import ingest as run_ingest

app = typer.Typer(
    name="communique",
    help="Code dated news reports into PLOVER political events, store and query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file overriding the packaged defaults.")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Date (YYYY-MM-DD) for inputs that carry none.")
]
InputsArgument = Annotated[
    list[str] | None, typer.Argument(help="Files or folders of articles; '-' (or none) reads JSONL from stdin.")
]
FormatOption = Annotated[
    str | None, typer.Option("--input-format", help="Force a reader: txt, jsonl, csv or html.")
]
EngineOption = Annotated[
    str, typer.Option("--engine", help="Where batches run: local (worker processes on this machine) or ray.")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Worker processes of the local engine (default: the number of "
                                               "cores; 1 codes in this process).")
]
AddressOption = Annotated[
    str | None, typer.Option("--address", help="With --engine ray: the cluster to join, 'auto' or HOST:PORT "
                                               "(default: a Ray started on this machine for the run).")
]


class OutFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"
    gdelt = "gdelt"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"Error: {message}", markup=False, highlight=False)
    return typer.Exit(code)


def _exit_status(error: CommuniqueError) -> int:
    """Return the exit status for ``error``: 2 for a usage error (an option, the settings, --db), else 1."""
    return 2 if isinstance(error, (UsageError, ConfigError)) else 1


def _reports_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Wrap a command so that any CommuniqueError ends it as ``Error: Exxx ...`` with its exit status."""

    @functools.wraps(command)
    def run(*args, **kwargs) -> None:
        try:
            command(*args, **kwargs)
        except CommuniqueError as e:
            raise _fail(str(e), _exit_status(e)) from None
        except BrokenPipeError:
            # Whoever read our output has gone (`communique events | head`): stop without a
            # traceback, and keep Python from failing again on flushing stdout at exit.
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            raise typer.Exit(1) from None

    return run


def _option_date(value: str | None, option: str) -> str | None:
    """Return the date an option names as YYYY-MM-DD, or raise a UsageError with the date's code (E113)."""
    from communique.io.sources.validate import parse_date

    if value is None:
        return None
    try:
        return parse_date(value, option)
    except InputError as e:
        raise UsageError(e.message, code=e.code) from None


def _settings(config: Path | None):
    from communique.core.config import load_settings

    return load_settings(config)


def _items(paths: list[str], date: str | None, fmt: str | None, settings):
    """Return the lazy stream of articles and rejected inputs under ``paths``."""
    from communique.io.sources import ReadOptions, read_inputs

    date = _option_date(date or None, "--date")
    if fmt is not None and fmt not in ("txt", "jsonl", "csv", "html"):
        raise UsageError(f"--input-format: unknown format '{fmt}': use txt, jsonl, csv or html", code="E103")
    options = ReadOptions(date=date, format=fmt, max_chars=settings["sources"]["max_chars"])
    return read_inputs(paths, options)


def _read(paths: list[str], date: str | None, fmt: str | None, settings):
    return split_items(_items(paths, date, fmt, settings))


def _report_rejection(r: Rejection) -> None:
    err.print(f"rejected: {r}", markup=False, highlight=False)


def _report_rejections(rejected: list[Rejection]) -> None:
    for r in rejected:
        _report_rejection(r)


@app.command()
@_reports_errors
def code(
    paths: InputsArgument = None,
    date: DateOption = None,
    format: Annotated[OutFormat, typer.Option("--format", help="Output format.")] = OutFormat.jsonl,
    input_format: FormatOption = None,
    config: ConfigOption = None,
    engine: EngineOption = "local",
    workers: WorkersOption = None,
    address: AddressOption = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write events, mentions and articles as Parquet "
                                                               "under this folder, partitioned by date, instead "
                                                               "of printing events.")] = None,
) -> None:
    """Code articles and print their events (mentions merged within each batch); store nothing."""
    from communique.runtime.engines import make_engine
    from communique.runtime.runner import batches

    settings = _settings(config)
    items = _items(paths or ["-"], date, input_format, settings)
    # Printed events need no parse: the workers send articles back without their tokens
    # (Article.drop_parse), which cost ~1.1 s CPU per 1,000 Reuters stories to pickle there and
    # unpickle here. A dataset (--out) keeps them: it counts each article's parsed sentences.
    runner = make_engine(engine, settings, workers=workers, address=address, streaming="-" in (paths or ["-"]),
                         keep_parse=out_dir is not None)
    rejected = 0

    def articles() -> Iterator:
        # Rejections are told as they are met; articles go on to the engine, batch by batch.
        nonlocal rejected
        for item in items:
            if isinstance(item, InputError):
                rejected += 1
                _report_rejection(rejection(item))
            else:
                yield item

    def failures(article) -> None:
        nonlocal rejected
        for r in stage_failures(article):
            rejected += 1
            _report_rejection(r)

    if out_dir is not None:
        from communique.services.dataset import write_dataset

        counts = write_dataset(runner, articles(), out_dir, on_article=failures)
        err.print(f"{counts['articles']} articles, {counts['events']} events, {counts['mentions']} mentions "
                  f"written to {out_dir}", markup=False, highlight=False)
        raise typer.Exit(1 if rejected else 0)
    from communique.services.cluster import cluster_articles

    printer = _EventPrinter(format)
    # Mentions are merged into events within each batch of articles the engine codes ([pipeline]
    # batch_size), and a batch's events printed as soon as it is coded: memory stays bounded and
    # output streams. `ingest` merges across the whole store.
    batch_size = max(1, int(settings["pipeline"]["batch_size"]))
    for batch in runner.code_batches(batches(articles(), batch_size)):
        for article in batch:
            failures(article)
        if batch:
            printer.write(cluster_articles(batch))
    printer.close()
    raise typer.Exit(1 if rejected else 0)


class PlacesFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
@_reports_errors
def places(
    paths: InputsArgument = None,
    date: DateOption = None,
    format: Annotated[PlacesFormat, typer.Option("--format", help="Output format.")] = PlacesFormat.jsonl,
    input_format: FormatOption = None,
    config: ConfigOption = None,
) -> None:
    """Print every resolved place mention (GeoNames id, coordinates, country); store nothing."""
    from communique.services.places import place_records

    try:
        settings = _settings(config)
        articles, rejected = _read(paths or ["-"], date, input_format, settings)
        for record in place_records(articles, settings, on_error=lambda a: rejected.extend(stage_failures(a))):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    except CommuniqueError as e:
        raise _fail(str(e)) from None
    _report_rejections(rejected)
    raise typer.Exit(1 if rejected else 0)


@app.command()
@_reports_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles; '-' reads JSONL from stdin.")],
    db: DbOption = Path("communique.duckdb"),
    date: DateOption = None,
    input_format: FormatOption = None,
    config: ConfigOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every committed batch.")] = False,
    engine: EngineOption = "local",
    workers: WorkersOption = None,
    address: AddressOption = None,
    server: Annotated[str | None, typer.Option("--server", help="Send the articles to a running `communique "
                                                                "serve` (e.g. http://127.0.0.1:8000) instead of "
                                                                "opening --db; the token comes from "
                                                                "$COMMUNIQUE_TOKEN.")] = None,
) -> None:
    """Code articles and store them in the DuckDB store (idempotent: known articles are skipped)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from communique.io.store import Store
    from communique.runtime.engines import make_engine

    settings = _settings(config)
    items = _items(paths, date, input_format, settings)
    if server:
        from communique.services.remote import send_articles

        report = send_articles(items, server, os.environ.get("COMMUNIQUE_TOKEN"),
                               batch_size=settings["pipeline"]["batch_size"],
                               max_body=settings["api"]["max_body_bytes"], on_reject=_report_rejection)
        err.print(f"{report.articles_added} articles added, {report.articles_known} already stored, "
                  f"{report.events_added} events, {report.inputs_rejected} inputs rejected -> {server}",
                  markup=False, highlight=False)
        raise typer.Exit(1 if report.inputs_rejected else 0)
    try:
        store = Store(db)
    except StoreError as e:
        if e.code != "E405":
            raise
        # The usual holder is `communique serve`: say how to write through it.
        raise StoreError(f"{e.message} If it is `communique serve`, send the articles through it: "
                         f"`communique ingest PATHS --server http://127.0.0.1:8000` (with $COMMUNIQUE_TOKEN set).",
                         code="E405") from None
    with store:
        # The engine codes; this process stores each batch as it comes back, in input order (and,
        # by default, loads no models of its own: [ingest] code_while_starting).
        pipeline = make_engine(engine, settings, workers=workers, address=address,
                               code_while_starting=settings["ingest"]["code_while_starting"],
                               keep_parse=False)  # the store needs no tokens: Article.drop_parse
        batch_size = settings["pipeline"]["batch_size"]
        # Articles are read lazily, so the total is unknown: the progress line counts what is done.
        with Progress(
            SpinnerColumn(), TextColumn("coding: {task.completed} articles"), TimeElapsedColumn(),
            console=err, disable=verbose or not err.is_terminal, transient=True,
        ) as progress:
            task = progress.add_task("coding", total=None)

            def on_batch(done: int, added: int, events: int) -> None:
                progress.update(task, completed=done)
                if verbose:
                    err.print(f"committed batch: {added} articles, {events} mentions ({done} read)",
                              markup=False, highlight=False)

            report = run_ingest(items, store, pipeline, batch_size, on_batch,
                                window=settings["ingest"]["window"], on_reject=_report_rejection,
                                release_store_cache=settings["ingest"]["release_store_cache"])
    err.print(
        f"{report.articles_added} articles added, {report.articles_known} already stored, "
        f"{report.events_added} mentions added, {report.inputs_rejected} inputs rejected -> {db}",
        markup=False, highlight=False,
    )
    raise typer.Exit(1 if report.inputs_rejected else 0)


ActorFilter = Annotated[str | None, typer.Option("--actor", help="Country code (ISO3), actor id (AZE-GOV) or IGO id "
                                                              "on either side.")]
DyadFilter = Annotated[str | None, typer.Option("--dyad", help="Two codes, e.g. AZE-TUR, in either direction "
                                                            "(AZE-GOV,TUR when a code holds '-').")]
TypeFilter = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")]
SinceFilter = Annotated[str | None, typer.Option("--since", help="First date, YYYY-MM-DD.")]
UntilFilter = Annotated[str | None, typer.Option("--until", help="Last date, YYYY-MM-DD.")]
NegatedFilter = Annotated[bool, typer.Option("--include-negated", help="Include records flagged negated.")]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many records.")]
OutFormatOption = Annotated[OutFormat, typer.Option("--format", help="Output format.")]


def _query(actor: str | None, dyad: str | None, type: str | None, since: str | None, until: str | None,
           include_negated: bool, limit: int | None) -> dict:
    """Return the store query's keyword arguments from the shared filter options, checked (E005)."""
    if limit is not None and limit < 0:
        raise UsageError(f"--limit: invalid value {limit}: expected 0 (no limit) or more", code="E005")
    return {"actor": actor and actor.upper(), "dyad": _parse_dyad(dyad) if dyad else None, "type": type,
            "since": _option_date(since, "--since"), "until": _option_date(until, "--until"),
            "include_negated": include_negated, "limit": limit}


@app.command()
@_reports_errors
def events(
    db: DbOption = Path("communique.duckdb"),
    actor: ActorFilter = None,
    dyad: DyadFilter = None,
    type: TypeFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    include_negated: NegatedFilter = False,
    limit: LimitOption = None,
    format: OutFormatOption = OutFormat.jsonl,
) -> None:
    """Query stored events (each with its mentions) by actor, dyad, type and date range."""
    query = _query(actor, dyad, type, since, until, include_negated, limit)
    with _open_store(db) as store:
        # Printed as the store streams them (a table collects them first).
        _print_events(store.events(**query), format)


@app.command()
@_reports_errors
def mentions(
    db: DbOption = Path("communique.duckdb"),
    event: Annotated[str | None, typer.Option("--event", help="Only the mentions of this event id.")] = None,
    actor: ActorFilter = None,
    dyad: DyadFilter = None,
    type: TypeFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    include_negated: NegatedFilter = False,
    limit: LimitOption = None,
    format: OutFormatOption = OutFormat.jsonl,
) -> None:
    """Query stored mentions (one per coded sentence record), each with the event_id of its event."""
    query = _query(actor, dyad, type, since, until, include_negated, limit)
    with _open_store(db) as store:
        _print_events(store.mentions(event_id=event, **query), format)


class CountWhat(StrEnum):
    events = "events"
    mentions = "mentions"


@app.command()
@_reports_errors
def dyad(
    a: Annotated[str, typer.Argument(help="First actor code, e.g. AZE.")],
    b: Annotated[str, typer.Argument(help="Second actor code, e.g. TUR.")],
    db: DbOption = Path("communique.duckdb"),
    by: Annotated[str, typer.Option(help="Period: day, week, month, quarter or year.")] = "month",
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    count: Annotated[CountWhat, typer.Option("--count", help="Count events (default) or mentions.")] = CountWhat.events,
) -> None:
    """Show a dyad's time series: counts by type and quad class, mean score per period."""
    from communique.io.store.db import PERIODS

    if by not in PERIODS:
        raise UsageError(f"--by: unknown period '{by}': use {', '.join(PERIODS[:-1])} or {PERIODS[-1]}", code="E005")
    if format not in ("table", "json"):
        raise UsageError(f"--format: unknown format '{format}': use table or json", code="E005")
    with _open_store(db) as store:
        series = store.dyad_series(a.upper(), b.upper(), by=by, count=count.value)
    if format == "json":
        sys.stdout.write(json.dumps(series, ensure_ascii=False) + "\n")
        return
    t = Table(title=f"{a.upper()}-{b.upper()} by {by} ({count.value})")
    for col in ("period", count.value, "mean score", "quad classes", "types"):
        t.add_column(col)
    for p in series:
        t.add_row(p["period"], str(p["events"]), f"{p['mean_score']:+.2f}",
                  ", ".join(f"{k} {v}" for k, v in p["by_quad_class"].items()),
                  ", ".join(f"{k} {v}" for k, v in p["by_type"].items()))
    out.print(t)


@app.command()
@_reports_errors
def export(
    to: Annotated[ExportFormat, typer.Option("--to", help="Export format.")],
    path: Annotated[Path, typer.Argument(help="Output file (a folder for --to gdelt).")],
    db: DbOption = Path("communique.duckdb"),
    include_negated: Annotated[bool, typer.Option(help="Include events flagged negated.")] = False,
) -> None:
    """Export stored events to JSONL, CSV, Parquet, PLOVER JSON (a file) or GDELT 2.0 (a folder), atomically."""
    from communique.io.export import write_events

    with _open_store(db) as store:
        if to is ExportFormat.gdelt:
            from communique.io.export.gdelt import write_gdelt

            events_file, mentions_file, n = write_gdelt(store.events(include_negated=include_negated), path,
                                                        doc_lengths=store.article_lengths)
            err.print(f"{n} events written to {events_file} and their mentions to {mentions_file}",
                      markup=False, highlight=False)
            return
        n = write_events(store.events(include_negated=include_negated), to.value, path)
    err.print(f"{n} events written to {path}", markup=False, highlight=False)


@app.command()
@_reports_errors
def summary(
    db: DbOption = Path("communique.duckdb"),
    count: Annotated[CountWhat, typer.Option("--count", help="Count events (default) or mentions.")] = CountWhat.events,
) -> None:
    """Print what the store holds: articles, events and mentions, counts by type, top dyads."""
    with _open_store(db) as store:
        s = store.summary(count=count.value)
    out.print(f"[bold]{db}[/bold]: {s['articles']} articles, {s['events']} events, {s['mentions']} mentions, "
              f"{s['rejected']} rejected inputs")
    t = Table(title=f"{count.value.capitalize()} by type (negated left out)")
    t.add_column("type")
    t.add_column(count.value, justify="right")
    for k, v in s["events_by_type"].items():
        t.add_row(k, str(v))
    out.print(t)
    d = Table(title="Top dyads (actor -> recipient)")
    d.add_column("dyad")
    d.add_column(count.value, justify="right")
    for row in s["top_dyads"]:
        d.add_row(row["dyad"], str(row["events"]))
    out.print(d)


@app.command()
@_reports_errors
def serve(
    db: DbOption = Path("communique.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve the REST API and the dashboard over the store (writes need $COMMUNIQUE_TOKEN)."""
    import uvicorn

    from communique.surfaces.api import create_app

    if not 0 < port < 65536:
        raise UsageError(f"--port: invalid value {port}: expected 1 to 65535", code="E005")
    application = create_app(db, _settings(config))
    token = "on ($COMMUNIQUE_TOKEN is set)" if application.state.server.token else "off (set $COMMUNIQUE_TOKEN)"
    err.print(f"serving {db} on http://{host}:{port}/ (API under /api, schema at /openapi.json); writes {token}",
              markup=False, highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


class Half(StrEnum):
    tune = "tune"
    check = "check"


@app.command("eval")
@_reports_errors
def eval_(
    dataset: Annotated[str, typer.Argument(help="plover_gsr, conflibert_cameo, case2021_task2, india_police_events, "
                                                "geowebnews, lgl_dev, conll2003, or all.")],
    data: Annotated[Path | None, typer.Option("--data", help="Measurement data folder (default ../shared/data).")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write the report(s) as JSON.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N items.")] = None,
    half: Annotated[Half | None, typer.Option("--half", help="Code and score only the tune or the check half "
                                                             "(default: the whole set and both halves, side by "
                                                             "side).")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="Also list every item coded wrong.")] = False,
    calibration: Annotated[bool, typer.Option("--calibration", help="Print only headline and calibration tables.")] = False,
    config: ConfigOption = None,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Re-pin the quality-gate floors from this run (raise only).")] = False,
    allow_lower: Annotated[bool, typer.Option("--allow-lower", help="With --update-baseline: also lower floors.")] = False,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="With --update-baseline: the baseline file "
                                                                     "(default: the packaged one).")] = None,
) -> None:
    """Score the pipeline on a human-annotated dev set: per-class P/R/F1, confusion, run time, for the
    whole set and for its tune and check halves."""
    from communique.services.eval import DATASETS, render, run
    from communique.services.eval.gate import BASELINE, run_gate

    names = list(DATASETS) if dataset == "all" else [dataset]
    if dataset != "all" and dataset not in DATASETS:
        raise UsageError(f"unknown dataset '{dataset}'. Choose one of: {', '.join(DATASETS)}, all.", code="E502")
    if allow_lower and not update_baseline:
        raise UsageError("--allow-lower only makes sense with --update-baseline.", code="E005")
    if baseline is not None and not update_baseline:
        raise UsageError("--baseline only makes sense with --update-baseline (the quality gate reads it).",
                         code="E005")
    if update_baseline and (half or errors or config):
        raise UsageError("--update-baseline pins both halves with the packaged settings: leave out --half, "
                         "--errors and --config.", code="E005")
    try:
        if update_baseline:
            raise typer.Exit(run_gate(names, str(data) if data else None, baseline or BASELINE, raise_floors=True,
                                      allow_lower=allow_lower, limit=limit))
        reports = []
        for name in names:
            report = run(name, data=data, limit=limit, half=half.value if half else None, errors=errors,
                         config=config)
            render(report, out, calibration_only=calibration)
            reports.append(report.to_dict())
    except CommuniqueError as e:
        raise _fail(str(e)) from None
    if json_path:
        json_path.write_text(json.dumps(reports[0] if len(reports) == 1 else reports, indent=2) + "\n", "utf-8")


def _open_store(db: Path):
    from communique.io.store import Store

    if not db.exists():
        raise UsageError(f"no store at '{db}': run `communique ingest PATHS --db {db}` first.", code="E406")
    return Store(db)


def _parse_dyad(text: str) -> tuple[tuple[str, str], ...]:
    from communique.services.query import dyad_pairs

    if not (pairs := dyad_pairs(text)):
        raise UsageError(f"--dyad: invalid value '{text}': expected two codes like AZE-TUR.", code="E005")
    return pairs


class _EventPrinter:
    """Writes events to stdout as they come (JSONL, CSV); a table is collected and printed at the end."""

    def __init__(self, format: OutFormat):
        self.format = format
        self.rows: list = []
        self.csv = None
        if format is OutFormat.csv:
            import csv

            from communique.io.export.writers import CSV_COLUMNS

            self.csv = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS)
            self.csv.writeheader()

    def write(self, events: Iterable) -> None:
        """Print ``events`` (one article's, or a query's) and flush, so that a reader downstream sees them now."""
        from communique.io.export.writers import flatten

        for e in events:
            if self.format is OutFormat.jsonl:
                sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            elif self.csv is not None:
                self.csv.writerow(flatten(e))
            else:
                self.rows.append(getattr(e, "mention", e))
        if self.format is not OutFormat.table:
            sys.stdout.flush()

    def close(self) -> None:
        if self.format is OutFormat.table:
            out.print(_events_table(self.rows))
        sys.stdout.flush()


def _print_events(events: Iterable, format: OutFormat) -> None:
    """Write events to stdout as JSONL, CSV or a rich table."""
    printer = _EventPrinter(format)
    printer.write(events)
    printer.close()


def _events_table(events) -> Table:
    t = Table()
    for col in ("date", "type", "mode", "actors", "recipients", "where", "flags", "trigger"):
        t.add_column(col)
    for e in events:
        flags = ",".join(f for f in ("negated", "hypothetical", "future", "historical") if getattr(e, f))
        t.add_row(
            e.date or "", e.type, e.mode or "",
            "; ".join(f"{p.name} ({p.code or '?'})" for p in e.actors),
            "; ".join(f"{p.name} ({p.code or '?'})" for p in e.recipients),
            e.location.name if e.location else "", flags, e.trigger.text if e.trigger else "",
        )
    return t


def main() -> None:  # pragma: no cover - console entry point alias
    app()
