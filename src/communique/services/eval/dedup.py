"""dedup: the project's own de-duplication dev set, its tune/check split and its scorer.

The set (``eval/data/dedup/``, written by the project; its README gives the format) holds short
reports from several outlets about the same incidents, plus hard negatives: groups of incidents
that must never become one event (the same ministers meeting again weeks later, two strikes or two
protests on one day, a later report that mentions an earlier meeting in passing).

A clustering is scored at article level, on each article's **main** incidents (the current events
it reports); passing mentions of earlier incidents are never credited, only checked:

- **B-cubed precision, recall and F1**, in the extended form of Amigó et al. (2009) so that an
  article may carry several incidents (a roundup of two strikes) and sit in several predicted
  events. With ``L(a)`` the article's gold incidents and ``C(a)`` its predicted events, for each
  pair of articles (``a`` with itself included) ``m(a, b) = min(|C(a) ∩ C(b)|, |L(a) ∩ L(b)|)``;
  precision of ``a`` is the mean of ``m / |C(a) ∩ C(b)|`` over the ``b`` sharing an event with
  ``a``, recall the mean of ``m / |L(a) ∩ L(b)|`` over the ``b`` sharing an incident with it; P and
  R average over articles, F1 is their harmonic mean. With one incident and one event per article
  this is the usual B-cubed.
- An article the clustering gives no event counts as an event of its own (a singleton), so that
  coding nothing is never rewarded.
- **Events per incident**: the number of distinct predicted events holding at least one article
  of the incident, averaged over incidents (1.0 is perfect). Articles that report the incident
  alone decide it; a roundup also reporting another incident counts only for an incident that
  has no article of its own.
- **Hard-negative merges**: for each predicted event and each pair of incidents X, Y of one
  hard-negative group, one merge when the event holds an article of X that does not report Y and
  an article of Y that does not report X (a roundup reporting both, placed in both events, merges
  nothing). An article whose passing mention Y lands it in an event with Y's own articles is such
  a merge too, since every passing mention is in the group of the article's incident; those are
  also counted apart as **passing joins**.

The halves keep an incident and its hard negatives together: an article's ``split_key`` is the
hard-negative group of its incident, else the incident's own id, halved by ``split.half_of``.

``evaluate`` (``communique eval dedup``) codes the reports with the real pipeline, merges their
mentions into events (``services.cluster``) and scores the events with ``report_of``.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

from communique.core.article import Article
from communique.core.errors import DataFileError, UsageError
from communique.core.resources import data_file
from communique.services.eval import split
from communique.services.eval.report import Report, Table

PACKAGE = "communique.services.eval"
FOLDER = "dedup"
# A second batch of reports written for the set later (``dedup_enlarged`` scores both): kept in a
# folder of its own so that ``dedup``, which the gate pins, measures what it measured before.
MORE = "dedup-more"
# A third batch (new outlets, new incidents, hard negatives of every kind), written before any of its
# errors was read; ``dedup_enlarged`` scores it with the other two, ``dedup`` (pinned) does not.
THIRD = "dedup-third"
# A fourth batch (seven new outlets, twenty new incidents, hard negatives of every kind), written
# before any of its errors was read, so that the tune half again shows what splits unseen reports.
FOURTH = "dedup-fourth"
# A fifth batch (seven new outlets, eighteen new incidents, four hard-negative groups), written before
# any of its errors was read, to measure unseen reports again after the fourth batch's tune half was tuned on.
FIFTH = "dedup-fifth"
# A sixth batch (seven new outlets, eighteen new incidents, four hard-negative groups; one act told by
# different verbs and nouns per outlet), written before any of its errors was read, after the fifth's tune
# half had been tuned on.
SIXTH = "dedup-sixth"
# A seventh batch (seven new outlets, fifteen new incidents, four hard-negative groups), written and committed
# before any of its output was read, after the sixth's tune half had been tuned on.
SEVENTH = "dedup-seventh"
# An eighth batch (seven new outlets, seventeen new incidents, five hard-negative groups), written and
# committed before any of its output was read, after the seventh's tune half had been tuned on.
EIGHTH = "dedup-eighth"
# A ninth batch (seven new outlets, fourteen new incidents, five hard-negative groups), written and
# committed before any of its output was read, after the eighth's tune half had been tuned on.
NINTH = "dedup-ninth"
BATCHES = (MORE, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH)
HALVES = ("tune", "check")
# Prefix of the stand-in event of an article the clustering left without one.
UNASSIGNED = "unassigned:"
KeyedBy = Literal["event", "article"]


@dataclass(frozen=True)
class Incident:
    """A real-world event of the set: its PLOVER type, date, place (None when unstated) and group."""

    id: str
    type: str
    date: str
    place: str | None
    summary: str
    group: str | None = None


@dataclass(frozen=True)
class Group:
    """Incidents that must never be merged, and why (``kind`` names the hard case)."""

    id: str
    kind: str
    incidents: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class DedupArticle:
    """One report of the set with its gold: main incidents, passing mentions, hard-negative group."""

    id: str
    date: str
    source: str
    url: str
    title: str
    text: str
    incidents: tuple[str, ...]
    passing: tuple[str, ...] = ()
    group: str | None = None

    def article(self) -> Article:
        """Return the report as a pipeline Article (gold left out)."""
        return Article(text=self.text, date=self.date, id=self.id, title=self.title, url=self.url,
                       source=self.source)


@dataclass
class DedupSet:
    """The articles, incidents and hard-negative groups of the set (or of one half of it)."""

    articles: list[DedupArticle]
    incidents: dict[str, Incident]
    groups: dict[str, Group]

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self):
        return iter(self.articles)

    def __getitem__(self, i: int) -> DedupArticle:
        return self.articles[i]

    def half(self, name: str | None) -> DedupSet:
        """Return the articles of half ``name`` ("tune" or "check"; None: all) with their incidents."""
        if name is None:
            return self
        split.check_half(name)
        arts = [a for a in self.articles if half_of(split_key(a)) == name]
        used = {i for a in arts for i in (*a.incidents, *a.passing)}
        return DedupSet(arts, {k: v for k, v in self.incidents.items() if k in used},
                        {k: g for k, g in self.groups.items() if set(g.incidents) & used})


def split_key(article: DedupArticle) -> str:
    """Return the key the tune/check split hashes: the article's hard-negative group, else its incident."""
    return article.group or article.incidents[0]


def half_of(key: str) -> str:
    """Return "tune" or "check" for a split key: the project's one split rule (``split.half_of``)."""
    return split.half_of(key)


# ---------------------------------------------------------------------------------------------
# Loading


def _read_jsonl(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Return (``file:line``, object) for each non-blank line of a JSONL file."""
    short = f"communique/services/eval/data/{FOLDER}/{path.name}"
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataFileError(f"{short}:{n}: not valid JSON ({e.msg})") from e
        if not isinstance(obj, dict):
            raise DataFileError(f"{short}:{n}: expected a JSON object")
        out.append((f"{short}:{n}", obj))
    return out


def _field(where: str, obj: dict[str, Any], name: str, kind: type = str) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise DataFileError(f"{where}: '{name}' is missing or not a non-empty {kind.__name__}")
    return value


def load_enlarged() -> DedupSet:
    """Return the packaged set with its later batches (``BATCHES``) added; ids must not repeat (E302)."""
    out = load()
    for batch in BATCHES:
        more = load(data_file(PACKAGE, f"{batch}/articles.jsonl").parent)
        for what, a, b in (("article", {x.id for x in out.articles}, {x.id for x in more.articles}),
                           ("incident", set(out.incidents), set(more.incidents)),
                           ("group", set(out.groups), set(more.groups))):
            if a & b:
                raise DataFileError(f"{batch}: {what} '{sorted(a & b)[0]}' is also in an earlier batch")
        out = DedupSet([*out.articles, *more.articles], {**out.incidents, **more.incidents},
                       {**out.groups, **more.groups})
    return out


def load(folder: str | Path | None = None) -> DedupSet:
    """Return the dedup set from ``folder`` (default: the packaged one), checked for consistency.

    Every gold incident must exist, every group must name known incidents, an incident sits in
    at most one group, and an article's incidents and passing mentions share one group (so that
    the split keeps them together); a violation raises DataFileError with ``file:line``.
    """
    # The set is packaged: a folder without it (the shared measurement data, which the harness
    # passes every dataset) means the packaged one.
    if folder is None or not (Path(folder) / "articles.jsonl").exists():
        root = data_file(PACKAGE, f"{FOLDER}/articles.jsonl").parent
    else:
        root = Path(folder)
    incidents: dict[str, Incident] = {}
    for where, o in _read_jsonl(root / "incidents.jsonl"):
        iid = _field(where, o, "id")
        if iid in incidents:
            raise DataFileError(f"{where}: incident '{iid}' is listed twice")
        place = o.get("place")
        incidents[iid] = Incident(iid, _field(where, o, "type"), _field(where, o, "date"),
                                  place if isinstance(place, str) and place else None, _field(where, o, "summary"))
    groups: dict[str, Group] = {}
    member: dict[str, str] = {}
    for where, o in _read_jsonl(root / "groups.jsonl"):
        gid = _field(where, o, "id")
        members = tuple(_field(where, o, "incidents", list))
        for iid in members:
            if iid not in incidents:
                raise DataFileError(f"{where}: group '{gid}' names unknown incident '{iid}'")
            if iid in member:
                raise DataFileError(f"{where}: incident '{iid}' is already in group '{member[iid]}'")
            member[iid] = gid
        if len(members) < 2:
            raise DataFileError(f"{where}: group '{gid}' needs at least two incidents")
        groups[gid] = Group(gid, _field(where, o, "kind"), members, _field(where, o, "why"))
    incidents = {k: Incident(**{**v.__dict__, "group": member.get(k)}) for k, v in incidents.items()}
    gold: dict[str, tuple[str, dict[str, Any]]] = {}
    for where, o in _read_jsonl(root / "gold.jsonl"):
        aid = _field(where, o, "article")
        main, passing = _field(where, o, "incidents", list), o.get("passing", [])
        if not main or not isinstance(passing, list):
            raise DataFileError(f"{where}: 'incidents' must be a non-empty list and 'passing' a list")
        for iid in (*main, *passing):
            if iid not in incidents:
                raise DataFileError(f"{where}: article '{aid}' names unknown incident '{iid}'")
        if set(main) & set(passing):
            raise DataFileError(f"{where}: article '{aid}' has an incident both as main and as passing")
        keys = {member.get(i, i) for i in (*main, *passing)}
        if len(keys) != 1:
            raise DataFileError(f"{where}: article '{aid}' spans {sorted(keys)}: its incidents and passing "
                                "mentions must share one hard-negative group")
        gold[aid] = (where, o)
    articles: list[DedupArticle] = []
    for where, o in _read_jsonl(root / "articles.jsonl"):
        aid = _field(where, o, "id")
        if aid not in gold:
            raise DataFileError(f"{where}: article '{aid}' has no line in gold.jsonl")
        g = gold.pop(aid)[1]
        main = tuple(g["incidents"])
        articles.append(DedupArticle(
            aid, _field(where, o, "date"), _field(where, o, "source"), _field(where, o, "url"),
            _field(where, o, "title"), _field(where, o, "text"), main, tuple(g.get("passing", [])),
            member.get(main[0])))
    if gold:
        where, o = next(iter(gold.values()))
        raise DataFileError(f"{where}: gold names article '{o['article']}', which articles.jsonl lacks")
    return DedupSet(articles, incidents, groups)


# ---------------------------------------------------------------------------------------------
# Predicted clusterings


def assignment(predicted: Mapping[str, Any], articles: Iterable[str],
               keyed_by: KeyedBy | None = None) -> dict[str, frozenset[str]]:
    """Return article id -> predicted event ids for each of ``articles``.

    ``predicted`` is either event id -> article ids (``keyed_by="event"``) or article id -> the
    event id(s) of its main incident (``keyed_by="article"``; a value may be one id or several).
    Left as None, the form is inferred (``detect_form``). Articles outside ``articles`` are
    ignored; an article with no event gets a stand-in event of its own (``unassigned:<id>``).
    """
    known = set(articles)
    keyed_by = keyed_by or detect_form(predicted, known)
    out: dict[str, set[str]] = defaultdict(set)
    if keyed_by == "event":
        for event, members in predicted.items():
            for a in _ids(members):
                if a in known:
                    out[a].add(str(event))
    elif keyed_by == "article":
        for a, events in predicted.items():
            if a in known:
                out[a].update(_ids(events))
    else:
        raise UsageError(f"keyed_by must be 'event' or 'article', not {keyed_by!r}", code="E005")
    return {a: frozenset(out.get(a) or {UNASSIGNED + a}) for a in sorted(known)}


def _ids(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def detect_form(predicted: Mapping[str, Any], known: set[str]) -> KeyedBy:
    """Return the form of ``predicted``: "article" or "event".

    "article" when its keys are more often known article ids than its values are, else "event";
    the two readings agree when each event is named after its only article.
    """
    keys = [k in known for k in predicted]
    values = [v in known for vs in predicted.values() for v in _ids(vs)]
    key_share = sum(keys) / len(keys) if keys else 0.0
    value_share = sum(values) / len(values) if values else 0.0
    return "article" if key_share > value_share else "event"


def main_event_assignment(events: Iterable[Mapping[str, Any]], data: DedupSet) -> dict[str, set[str]]:
    """Return article id -> the events carrying its main incidents, from event records.

    ``events`` are records in the shape of ``communique events --format jsonl`` (DESIGN.md, "Events
    and mentions"): ``event_id``, ``type`` and ``mentions`` with their ``article_id``. An event
    carries an article's main incident when one of its mentions is from the article and its type
    is the PLOVER type of one of the article's main incidents; other events of the article
    (background, passing mentions of other types, and references to the past, which clustering
    flags ``historical`` and never merges) are left out of the scoring.
    """
    types = {a.id: {data.incidents[i].type for i in a.incidents} for a in data.articles}
    out: dict[str, set[str]] = defaultdict(set)
    for e in events:
        if e.get("historical"):
            continue
        for m in e.get("mentions", []):
            aid = m.get("article_id")
            if aid in types and e.get("type") in types[aid]:
                out[aid].add(str(e["event_id"]))
    return dict(out)


# ---------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Merge:
    """A predicted event holding articles of two incidents of one hard-negative group."""

    event: str
    group: str
    kind: str
    incidents: tuple[str, str]


@dataclass
class Scores:
    """What one clustering scored on one set of articles."""

    articles: int
    incidents: int
    precision: float
    recall: float
    f1: float
    events_per_incident: float
    merges: list[Merge] = field(default_factory=list)
    passing_joins: int = 0
    unassigned: int = 0

    def headline(self) -> dict[str, float]:
        return {
            "bcubed_precision": self.precision,
            "bcubed_recall": self.recall,
            "bcubed_f1": self.f1,
            "events_per_incident": self.events_per_incident,
            "hard_negative_merges": float(len(self.merges)),
            "passing_joins": float(self.passing_joins),
        }


def bcubed(gold: Mapping[str, frozenset[str]], pred: Mapping[str, frozenset[str]]) -> tuple[float, float, float]:
    """Return extended B-cubed (precision, recall, F1) of ``pred`` against ``gold`` (item -> set).

    Both map the same items; see the module docstring for the definition.
    """
    items = sorted(gold)
    if not items:
        return 0.0, 0.0, 0.0
    by_event: dict[str, set[str]] = defaultdict(set)
    by_label: dict[str, set[str]] = defaultdict(set)
    for a in items:
        for e in pred[a]:
            by_event[e].add(a)
        for g in gold[a]:
            by_label[g].add(a)
    p_sum = r_sum = 0.0
    for a in items:
        near_c = set().union(*(by_event[e] for e in pred[a]))
        near_l = set().union(*(by_label[g] for g in gold[a]))
        p_terms, r_terms = [], []
        for b in near_c | near_l:
            c, g = len(pred[a] & pred[b]), len(gold[a] & gold[b])
            if c:
                p_terms.append(min(c, g) / c)
            if g:
                r_terms.append(min(c, g) / g)
        p_sum += sum(p_terms) / len(p_terms)
        r_sum += sum(r_terms) / len(r_terms)
    p, r = p_sum / len(items), r_sum / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(data: DedupSet, predicted: Mapping[str, Any], keyed_by: KeyedBy | None = None) -> Scores:
    """Return the scores of ``predicted`` (see ``assignment`` for its forms) on ``data``'s articles."""
    gold = {a.id: frozenset(a.incidents) for a in data.articles}
    passing = {a.id: frozenset(a.passing) for a in data.articles}
    pred = assignment(predicted, gold, keyed_by)
    p, r, f = bcubed(gold, pred)
    members: dict[str, set[str]] = defaultdict(set)
    for a, evs in pred.items():
        for e in evs:
            members[e].add(a)
    events_of = _events_per_incident(gold, pred)
    merges: list[Merge] = []
    joins = 0
    for event in sorted(members):
        arts = members[event]
        for g in data.groups.values():
            present = [i for i in g.incidents if any(i in gold[a] for a in arts)]
            for x, y in combinations(present, 2):
                if any(x in gold[a] and y not in gold[a] for a in arts) and \
                        any(y in gold[a] and x not in gold[a] for a in arts):
                    merges.append(Merge(event, g.id, g.kind, (x, y)))
        joins += sum(1 for a in arts if any(y not in gold[a] and any(y in gold[b] for b in arts)
                                             for y in passing[a]))
    return Scores(
        articles=len(gold), incidents=len(events_of), precision=p, recall=r, f1=f,
        events_per_incident=sum(map(len, events_of.values())) / len(events_of) if events_of else 0.0,
        merges=merges, passing_joins=joins,
        unassigned=sum(1 for evs in pred.values() if any(e.startswith(UNASSIGNED) for e in evs)),
    )


def _events_per_incident(gold: Mapping[str, frozenset[str]],
                         pred: Mapping[str, frozenset[str]]) -> dict[str, set[str]]:
    """Return incident -> the predicted events its articles are in.

    A roundup reporting two incidents rightly sits in both incidents' events, so it would count
    the other incident's event for each: an incident is therefore judged on the articles that
    report it alone, and on all its articles only when every one of them also reports another.
    """
    alone: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, set[str]] = defaultdict(set)
    for a, labels in gold.items():
        for i in labels:
            (alone if len(labels) == 1 else shared)[i] |= pred[a]
    return {i: alone.get(i) or shared[i] for i in set(alone) | set(shared)}


# ---------------------------------------------------------------------------------------------
# The report

TARGETS = "targets (issue 12, check half): B-cubed F1 >= 0.85, events per incident <= 1.2, no hard-negative merges"


def report_of(predicted: Mapping[str, Any], half: str | None = None, data: DedupSet | None = None,
              keyed_by: KeyedBy | None = None, name: str = "dedup") -> Report:
    """Return the dedup Report of a predicted clustering: headline for ``half`` (None: the whole set).

    ``predicted`` maps event id -> article ids, or article id -> the event id(s) of its main
    incident (``main_event_assignment`` builds that from event records). The tables give both
    halves and the whole set, the merges by hard-negative kind, and each merge.
    """
    data = data or load()
    chosen = data.half(half)
    known = {a.id for a in data.articles}
    form = keyed_by or detect_form(predicted, known)
    named = set(predicted) if form == "article" else {x for v in predicted.values() for x in _ids(v)}
    outside = len(named - known)
    scopes = {"tune": data.half("tune"), "check": data.half("check"), "all": data}
    scores = {name: score(s, predicted, form) for name, s in scopes.items()}
    head = scores[half or "all"]
    report = Report(name, items=len(chosen.articles), headline=head.headline(), half=half)
    if half is None:
        report.halves = {h: scores[h].headline() for h in HALVES}
        report.half_items = {h: scores[h].articles for h in HALVES}
    report.tables.append(Table(
        "dedup: by half",
        ["half", "articles", "incidents", "P", "R", "F1", "events/incident", "merges", "passing joins",
         "unassigned"],
        [[name, s.articles, s.incidents, s.precision, s.recall, s.f1, s.events_per_incident, len(s.merges),
          s.passing_joins, s.unassigned] for name, s in scores.items()]))
    # Merges are broken down by kind and named only for the half asked for, and for the tune half
    # when none is: the check half's merges are counted in the table above, but their kinds (which
    # would tell a tuner what to look for) only show with ``--half check``.
    named_half = half or "tune"
    kinds = sorted({g.kind for g in data.groups.values()})
    per_kind = Counter(m.kind for m in scores[named_half].merges)
    groups_per_kind = Counter(g.kind for g in scopes[named_half].groups.values())
    report.tables.append(Table(
        f"dedup: hard-negative merges by kind ({named_half} half; groups in brackets)", ["kind", named_half],
        [[k, f"{per_kind[k]} ({groups_per_kind[k]})"] for k in kinds]))
    if scores[named_half].merges:
        report.tables.append(Table(
            f"dedup: merges across hard negatives ({named_half} half)", ["event", "group", "kind", "incidents"],
            [[m.event, m.group, m.kind, " + ".join(m.incidents)] for m in scores[named_half].merges]))
    report.notes += [
        "article-level extended B-cubed (Amigó et al. 2009) over each article's main incidents; passing "
        "mentions are not credited, and one that joins its incident's event counts as a passing join",
        "an article without a predicted event counts as an event of its own",
        "halves: split.half_of of the article's hard-negative group (else its incident), so a group stays in one half",
        TARGETS,
    ]
    if outside:
        report.notes.append(f"{outside} predicted article ids are not in the dedup set and were ignored")
    return report



# ---------------------------------------------------------------------------------------------
# The pipeline run (``communique eval dedup``)


def evaluate(root: Path | None = None, limit: int | None = None, pipeline: Any = None, *, half: str | None = None,
             errors: bool = False, settings: Any = None, data: DedupSet | None = None, name: str = "dedup") -> Report:
    """Return the dedup report of the real pipeline and clustering over the packaged set (or ``data``).

    ``root`` (the shared data folder) is not read: the set is the project's own. ``limit`` keeps
    the first N reports; ``half`` codes and scores one half only; ``errors`` lists, for the tune
    half (or the half asked for), each incident split over several events and each merge.
    """
    from communique.services.cluster import cluster_articles
    from communique.services.eval.common import run_pipeline

    split.check_half(half)
    data = data or load()
    arts = data.half(half).articles[:limit] if limit else data.half(half).articles
    data = DedupSet(arts, data.incidents, data.groups)
    t0 = time.perf_counter()
    coded = run_pipeline([a.article() for a in arts], pipeline, settings)
    events = [e.to_dict() for e in cluster_articles(coded)]
    report = report_of(main_event_assignment(events, data), half=half, data=data, keyed_by="article", name=name)
    report.seconds, report.limit = time.perf_counter() - t0, limit
    report.errors = sum(1 for a in coded if a.failed)
    if errors:
        report.mistakes = mistakes(events, data, half or "tune", coded)
    return report


def mistakes(events: list[dict[str, Any]], data: DedupSet, half: str, coded: list[Article] | None = None) -> Table:
    """Return the incidents of ``half`` split over several events, and the events merging incidents.

    With the ``coded`` articles, each split incident is followed by why its reports stayed apart:
    a report with no event of the incident's type, or, for two reports in different events, the
    first rule that keeps their events apart (``services.cluster.explain``).
    """
    chosen = data.half(half)
    pred = main_event_assignment(events, chosen)
    rows = []
    by_incident: dict[str, set[str]] = defaultdict(set)
    singles: dict[str, list[DedupArticle]] = defaultdict(list)
    for a in chosen.articles:
        if len(a.incidents) == 1:
            by_incident[a.incidents[0]].update(pred.get(a.id) or {UNASSIGNED + a.id})
            singles[a.incidents[0]].append(a)
    for iid, evs in sorted(by_incident.items()):
        if len(evs) > 1:
            rows.append([half, "split", iid, len(evs), data.incidents[iid].summary])
            if coded is not None:
                rows += _why_split(data.incidents[iid], singles[iid], pred, coded, half)
    members: dict[str, list[frozenset[str]]] = defaultdict(list)
    for a in chosen.articles:
        for e in pred.get(a.id, ()):
            members[e].append(frozenset(a.incidents))
    for e, sets in sorted(members.items()):
        # Merged: two of its reports share no incident (a roundup placed with each of its incidents is right).
        if any(not (x & y) for x, y in combinations(sets, 2)):
            incs = sorted(set().union(*sets))
            rows.append([half, "merged", e[:12], len(incs), " + ".join(incs)])
    return Table(f"mistakes: {half} half", ["half", "kind", "incident/event", "n", "what"], rows)


def _why_split(incident: Incident, arts: list[DedupArticle], pred: Mapping[str, set[str]],
               coded: list[Article], half: str) -> list[list[Any]]:
    """Return rows saying why the reports of a split incident are in different events."""
    from communique.services.cluster import settings
    from communique.services.cluster.explain import why_apart
    from communique.services.cluster.within import article_clusters

    cfg = settings()
    by_id = {a.id: a for a in coded}
    first = {}
    rows: list[list[Any]] = []
    for a in arts:
        art = by_id.get(a.id)
        cs = [c for c in article_clusters(art, cfg) if c.best.type == incident.type and not c.past] if art else []
        if cs:
            first[a.id] = cs[0]
        else:
            rows.append([half, "  no event", a.id, 0, f"no current {incident.type} coded"])
    ids = sorted(first)
    for i, x in enumerate(ids):
        for y in ids[i + 1:]:
            if not (pred.get(x, set()) & pred.get(y, set())):
                rows.append([half, "  apart", f"{x} {y}", 2, why_apart(first[x], first[y], cfg)])
    return rows
