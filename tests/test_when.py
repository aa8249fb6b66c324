"""Date reasoning: expressions resolved against fixed article dates, built by hand (no model)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from communique.core.article import Article, Event, Evidence, Sentence, Span, Token
from communique.stages.when import DateStage, find_expressions, resolve


def article_with_event(text: str, trigger: str, day: str, tokens: list[Token] | None = None) -> Article:
    """Return a one-sentence article dated ``day`` with one event triggered by ``trigger``."""
    start = text.index(trigger)
    sent = Sentence(index=0, start=0, end=len(text), text=text, tokens=tokens or [])
    ev = Event(
        article_id="a1",
        sentence_index=0,
        type="ASSAULT",
        evidence=Evidence(text, 0, len(text), Span(trigger, start, start + len(trigger))),
    )
    return Article(text=text, date=day, id="a1", sentences=[sent], events=[ev])


def parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str]) -> tuple[str, list[Token]]:
    """Return the text and tokens of a hand-parsed sentence (words joined by single spaces)."""
    toks, pos = [], 0
    for i, (w, h, d, t) in enumerate(zip(words, heads, deps, tags, strict=True)):
        upos = "VERB" if t.startswith("VB") else "ADP" if t == "IN" else "PROPN" if t == "NNP" else "NOUN"
        toks.append(
            Token(i=i, text=w, start=pos, end=pos + len(w), lemma=w.lower(), pos=upos, tag=t, dep=d, head=h)
        )
        pos += len(w) + 1
    return " ".join(words), toks


def run(article: Article) -> Event:
    return DateStage()(article).events[0]


# 2024-08-28 is a Wednesday; 2024-08-26 a Monday; 2024-01-01 a Monday.
@pytest.mark.parametrize(
    "day, text, trigger, expected, date_text, granularity",
    [
        # relative days
        (
            "2024-08-28",
            "The ministers met in Ankara the previous day.",
            "met",
            "2024-08-27",
            "the previous day",
            "day",
        ),
        (
            "2024-01-01",
            "Troops attacked the village yesterday.",
            "attacked",
            "2023-12-31",
            "yesterday",
            "day",
        ),
        (
            "2024-08-28",
            "Rebels shelled the town the day before yesterday.",
            "shelled",
            "2024-08-26",
            "the day before yesterday",
            "day",
        ),
        ("2024-08-28", "Police arrested two men today.", "arrested", "2024-08-28", "today", "day"),
        ("2024-08-28", "The talks will resume tomorrow.", "resume", "2024-08-29", "tomorrow", "day"),
        ("2024-08-28", "Protesters gathered two days ago.", "gathered", "2024-08-26", "two days ago", "day"),
        # weekdays: most recent before the report in the past tense, next one in the future
        ("2024-08-28", "Protesters marched on Monday.", "marched", "2024-08-26", "Monday", "day"),
        ("2024-08-28", "The ministers will meet on Monday.", "meet", "2024-09-02", "Monday", "day"),
        ("2024-08-28", "Officials met last Thursday.", "met", "2024-08-22", "last Thursday", "day"),
        # Monday-on-Monday: a Monday report's "on Monday" is that same day; "last Monday" a week before
        ("2024-08-26", "Protesters marched on Monday.", "marched", "2024-08-26", "Monday", "day"),
        ("2024-08-26", "Protesters marched last Monday.", "marched", "2024-08-19", "last Monday", "day"),
        ("2024-01-01", "Gunmen attacked a bus on Sunday.", "attacked", "2023-12-31", "Sunday", "day"),
        # explicit dates, with and without a year
        ("2024-08-28", "Fighting broke out on 3 March 2020.", "broke", "2020-03-03", "3 March 2020", "day"),
        (
            "2024-08-28",
            "The accord was signed on August 27, 2024.",
            "signed",
            "2024-08-27",
            "August 27, 2024",
            "day",
        ),
        ("2024-08-28", "The accord was signed on Aug. 27.", "signed", "2024-08-27", "Aug. 27", "day"),
        (
            "2024-01-05",
            "Rebels seized the town on December 30.",
            "seized",
            "2023-12-30",
            "December 30",
            "day",
        ),
        ("2024-12-20", "Elections will be held on January 5.", "held", "2025-01-05", "January 5", "day"),
        ("2024-08-28", "The summit took place on 2024-08-20.", "took", "2024-08-20", "2024-08-20", "day"),
        # weeks, months, years: resolved to the first day of the period
        ("2024-08-28", "The two leaders spoke last week.", "spoke", "2024-08-19", "last week", "week"),
        (
            "2024-08-28",
            "Talks collapsed earlier this week.",
            "collapsed",
            "2024-08-26",
            "earlier this week",
            "week",
        ),
        (
            "2024-08-28",
            "Clashes erupted earlier this month.",
            "erupted",
            "2024-08-01",
            "earlier this month",
            "month",
        ),
        ("2024-01-15", "Clashes erupted last month.", "erupted", "2023-12-01", "last month", "month"),
        ("2024-08-28", "Clashes erupted in June.", "erupted", "2024-06-01", "June", "month"),
        ("2024-02-10", "Clashes erupted in November.", "erupted", "2023-11-01", "November", "month"),
        ("2024-08-28", "Clashes erupted in May 2023.", "erupted", "2023-05-01", "May 2023", "month"),
        ("2024-08-28", "The border was closed in 2020.", "closed", "2020-01-01", "2020", "year"),
        ("2024-08-28", "The border was closed last year.", "closed", "2023-01-01", "last year", "year"),
    ],
)
def test_when_resolves_expression(day, text, trigger, expected, date_text, granularity):
    ev = run(article_with_event(text, trigger, day))
    assert (ev.date, ev.date_text, ev.date_granularity) == (expected, date_text, granularity)
    assert date_text in text


def test_when_date_text_is_verbatim_article_text():
    text = "The ministers met in Ankara the previous day."
    art = article_with_event(text, "met", "2024-08-28")
    ev = run(art)
    assert ev.date_text in art.text


def test_when_without_expression_uses_article_date():
    ev = run(article_with_event("The ministers discussed trade.", "discussed", "2024-08-28"))
    assert (ev.date, ev.date_text, ev.date_granularity) == ("2024-08-28", None, "article")
    assert ev.historical is False


@pytest.mark.parametrize(
    "day, text, historical",
    [
        ("2024-08-28", "The border was closed in 2020.", True),
        ("2024-08-28", "The border was closed last year.", True),
        ("2024-08-28", "Fighting broke out on 3 March 2020.", True),
        ("2024-08-28", "Clashes erupted in May 2023.", True),  # started more than 365 days before
        ("2024-08-28", "Clashes erupted in September 2023.", False),
        ("2024-08-28", "Clashes erupted last month.", False),
        ("2024-08-28", "The ministers met the previous day.", False),
    ],
)
def test_when_flags_historical_events(day, text, historical):
    verb = next(w for w in ("closed", "broke", "erupted", "met") if w in text)
    assert run(article_with_event(text, verb, day)).historical is historical


def test_when_never_clears_historical_flag_set_earlier():
    art = article_with_event("The ministers met the previous day.", "met", "2024-08-28")
    art.events[0].historical = True
    assert run(art).historical is True


def test_when_unparsed_sentence_picks_expression_nearest_trigger():
    text = "Officials said on Tuesday that troops withdrew on Sunday."
    ev = run(article_with_event(text, "withdrew", "2024-08-28"))
    assert (ev.date, ev.date_text) == ("2024-08-25", "Sunday")


def test_when_parsed_sentence_picks_expression_attached_to_trigger():
    # Closer in characters to "attacked" is "on Monday" (attached to "said"); the tree says Saturday.
    text, toks = parsed(
        [
            "The",
            "army",
            "said",
            "on",
            "Monday",
            "that",
            "rebels",
            "attacked",
            "a",
            "convoy",
            "in",
            "Kabul",
            "on",
            "Saturday",
            ".",
        ],
        [1, 2, 2, 2, 3, 7, 7, 2, 9, 7, 9, 10, 7, 12, 2],
        [
            "det",
            "nsubj",
            "ROOT",
            "prep",
            "pobj",
            "mark",
            "nsubj",
            "ccomp",
            "det",
            "dobj",
            "prep",
            "pobj",
            "prep",
            "pobj",
            "punct",
        ],
        ["DT", "NN", "VBD", "IN", "NNP", "IN", "NNS", "VBD", "DT", "NN", "IN", "NNP", "IN", "NNP", "."],
    )
    ev = run(article_with_event(text, "attacked", "2024-08-28", toks))
    assert (ev.date, ev.date_text) == ("2024-08-24", "Saturday")
    said = run(article_with_event(text, "said", "2024-08-28", toks))
    assert (said.date, said.date_text) == ("2024-08-26", "Monday")


def test_when_parsed_future_tense_looks_forward():
    text, toks = parsed(
        ["Ministers", "will", "meet", "on", "Friday", "."],
        [2, 2, 2, 2, 3, 2],
        ["nsubj", "aux", "ROOT", "prep", "pobj", "punct"],
        ["NNS", "MD", "VB", "IN", "NNP", "."],
    )
    assert run(article_with_event(text, "meet", "2024-08-28", toks)).date == "2024-08-30"


def test_when_article_without_date_leaves_event_undated():
    art = article_with_event("Troops attacked the village yesterday.", "attacked", "2024-08-28")
    art.date = None
    ev = run(art)
    assert (ev.date, ev.date_granularity) == (None, None)


@pytest.mark.parametrize(
    "text",
    ["May said the talks failed.", "Thousands joined the March for Peace.", "The ministers met."],
)
def test_when_ignores_words_that_only_look_like_dates(text):
    assert find_expressions(text) == []


@pytest.mark.parametrize(
    "text, future, expected",
    [
        ("in December", False, date(2023, 12, 1)),
        ("in December", True, date(2024, 12, 1)),
        ("next month", False, date(2024, 9, 1)),
        ("next week", False, date(2024, 9, 2)),
        ("this year", False, date(2024, 1, 1)),
        ("three weeks ago", False, date(2024, 8, 5)),
    ],
)
def test_when_resolve_periods(text, future, expected):
    (expr,) = find_expressions(text)
    assert resolve(expr, date(2024, 8, 28), future).date == expected


@pytest.mark.parametrize(
    "text, trigger, expected",
    [
        # the "will" belongs to another clause: the meeting itself is past
        ("Officials who met on Monday said talks will resume.", "met", "2024-08-26"),
        ("Officials said they will meet on Monday.", "meet", "2024-09-02"),
        ("The president is to visit Ankara on Friday.", "visit", "2024-08-30"),
    ],
)
def test_when_unparsed_tense_comes_from_trigger_clause(text, trigger, expected):
    assert run(article_with_event(text, trigger, "2024-08-28")).date == expected


@pytest.mark.parametrize(
    "day, text, trigger, expected",
    [
        # no tense to go by (a noun trigger, unparsed): the occurrence nearest the report
        ("2024-11-12", "The visit on 13 November drew crowds.", "visit", "2024-11-13"),
        ("2024-01-05", "The summit of 28 December drew crowds.", "summit", "2023-12-28"),
        ("2024-11-20", "Talks in December are planned.", "Talks", "2024-12-01"),
        # a weekday without tense is the past one (news convention)
        ("2024-08-28", "The raid on Monday drew protests.", "raid", "2024-08-26"),
    ],
)
def test_when_unknown_tense_takes_nearest_occurrence(day, text, trigger, expected):
    assert run(article_with_event(text, trigger, day)).date == expected


# --- the stage's contract and its data files ------------------------------------------------------


def test_when_stage_declares_real_fields_and_writes_only_those():
    from communique.runtime.pipeline import article_fields

    stage = DateStage()
    assert set(stage.requires) | set(stage.assigns) <= article_fields()
    art = article_with_event("Troops shelled the town in 2020.", "shelled", "2024-08-28")
    before = art.events[0].to_dict()
    after = run(art).to_dict()
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"date", "date_text", "date_granularity", "historical"}
    assert {f"events.{k}" for k in changed} <= set(stage.assigns)


def test_when_stage_failure_names_the_sentence():
    from communique.runtime.pipeline import Pipeline

    class Given:
        """Stands in for the stages before the date stage: the article already has them."""

        name, requires, assigns = "given", [], ["sentences", "events"]

        def __call__(self, article: Article) -> Article:
            return article

    art = Article(text="x", date="2024-08-28", id="a1", events=[
        # evidence without its sentence text: the expression finder gets None, not a string
        Event(article_id="a1", sentence_index=3, type="ASSAULT", evidence=Evidence(None, 0, 1, None)),
    ])
    (out,) = Pipeline([Given(), DateStage()]).pipe([art])
    (err,) = out.errors
    assert (err.stage, err.sentence_index, err.code) == ("dates", 3, "E206")


def test_when_patterns_are_the_data_files():
    from communique.stages.when.expressions import PATTERNS

    kinds = [p.kind for p in PATTERNS]
    assert kinds[0] == "iso" and kinds[-1] == "year_num" and len(kinds) == len(set(kinds)) == 24
    assert all(p.where.startswith("communique/stages/when/data/expressions.yaml:") for p in PATTERNS)


@pytest.mark.parametrize(
    "patterns, message",
    [
        ("  - {kind: iso, pattern: '\\b\\d+'}\n  - {kind: week, pattern: '{nope}'}\n",
         "test.yaml:4: unknown placeholder {nope}"),
        ("  - {kind: iso, pattern: '\\b\\d+'}\n  - {kind: week, pattern: '(unclosed'}\n",
         "test.yaml:4: pattern 'week' is no valid regular expression"),
        ("  - {kind: iso, pattern: '\\b\\d+', case: upper}\n", "test.yaml:3: case must be"),
        ("  - {pattern: '\\b\\d+'}\n", "test.yaml:3: a pattern needs a kind and a pattern"),
    ],
)
def test_when_bad_pattern_reports_file_and_line(yaml_doc, patterns, message):
    from communique.core.errors import DataFileError
    from communique.stages.when.expressions import compile_patterns

    doc = yaml_doc("fragments: {day: '\\d'}\npatterns:\n" + patterns)
    with pytest.raises(DataFileError, match=r"^E302 .*" + re.escape(message)):
        compile_patterns(doc)


def test_when_pattern_kind_without_resolver_reports_file_and_line():
    from communique.core.errors import DataFileError
    from communique.stages.when.expressions import Pattern
    from communique.stages.when.resolve import check_kinds

    with pytest.raises(DataFileError, match=r"E302 expressions.yaml:9: pattern kind 'fortnight' has no resolver"):
        check_kinds((Pattern("fortnight", re.compile("x"), "expressions.yaml:9"),))


def test_when_calendar_months_are_checked(yaml_doc):
    from communique.core.errors import DataFileError
    from communique.stages.when.calendar import read_months

    rows = "".join(f"  - {{name: M{n}, number: {n}, short: []}}\n" for n in range(1, 13)).replace("number: 5", "number: 6")
    with pytest.raises(DataFileError, match=r"E302 .*test\.yaml:6: M5 must have number 5"):
        read_months(yaml_doc("months:\n" + rows))


def test_when_data_lists_refuse_yaml_booleans(yaml_doc):
    # YAML 1.1 reads an unquoted on/off/yes/no as true/false: a word list must say so, not lose the word.
    from communique.core.errors import DataFileError
    from communique.core.resources import word_list

    with pytest.raises(DataFileError, match=r"E302 .*test\.yaml:1: 'words' has a true/false: quote"):
        word_list(yaml_doc("words: [in, on, at]\n"), "words")
    assert word_list(yaml_doc('words: [in, "on", at]\n'), "words") == ("in", "on", "at")


def _parse_line(spec: str) -> tuple[str, list[Token]]:
    """Return text and tokens from "word/dep>head/TAG ..." (heads are token indices)."""
    words, heads, deps, tags = [], [], [], []
    for item in spec.split():
        word, dep_head, tag = item.rsplit("/", 2)
        dep, head = dep_head.split(">")
        words.append(word)
        deps.append(dep)
        heads.append(int(head))
        tags.append(tag)
    return parsed(words, heads, deps, tags)


# Hand-parsed sentences of two acts at two times (the project's own; parses as spaCy's small model gives them).
SIGNED_AFTER_TALKS = (
    "Egypt/nsubj>1/NNP signed/ROOT>1/VBD an/det>3/DT accord/dobj>1/NN on/prep>1/IN Monday/pobj>4/NNP ,/punct>1/, "
    "two/nummod>8/CD weeks/npadvmod>12/NNS after/mark>12/IN their/poss>11/PRP$ ministers/nsubj>12/NNS "
    "held/advcl>1/VBD talks/dobj>12/NNS ./punct>1/."
)
LARGEST_SINCE = (
    "The/det>1/DT protest/nsubj>2/NN was/ROOT>2/VBD the/det>4/DT largest/attr>2/JJS since/mark>7/IN "
    "troops/nsubj>7/NNS fired/advcl>4/VBD in/prep>7/IN March/pobj>8/NNP ./punct>2/."
)
WHO_WERE_DEPLOYED = (
    "Troops/nsubj>6/NNS who/nsubjpass>3/WP were/auxpass>3/VBD deployed/relcl>0/VBN in/prep>3/IN March/pobj>4/NNP "
    "withdrew/ROOT>6/VBD on/prep>6/IN Friday/pobj>7/NNP ./punct>6/."
)
CONDEMNED_MONDAYS_STRIKE = (
    "Kyiv/nsubj>1/NNP condemned/ROOT>1/VBD Monday/poss>4/NNP 's/case>2/POS strike/dobj>1/NN ./punct>1/."
)
DURING_TUESDAYS_SESSION = (
    "During/prep>6/IN Tuesday/poss>3/NNP 's/case>1/POS session/pobj>0/NN ,/punct>6/, "
    "participants/nsubj>6/NNS discussed/ROOT>6/VBD trade/dobj>6/NN ./punct>6/."
)
WHILE_VISITING = (
    "On/prep>7/IN Monday/pobj>0/NNP ,/punct>7/, while/mark>4/IN visiting/advcl>7/VBG the/det>6/DT "
    "minister/nsubj>7/NN pledged/ROOT>7/VBD aid/dobj>7/NN ./punct>7/."
)


@pytest.mark.parametrize(
    "spec, trigger, expected, date_text, granularity",
    [
        # The main act keeps its own date; the act two weeks before it is dated from it, at week level.
        (SIGNED_AFTER_TALKS, "signed", "2024-08-26", "Monday", "day"),
        (SIGNED_AFTER_TALKS, "held", "2024-08-12", "two weeks after", "week"),
        # A date of an adverbial clause of sequence or of a participant's relative clause is another act's.
        (LARGEST_SINCE, "protest", "2024-08-28", None, "article"),
        (LARGEST_SINCE, "fired", "2024-03-01", "March", "month"),
        (WHO_WERE_DEPLOYED, "withdrew", "2024-08-23", "Friday", "day"),
        (WHO_WERE_DEPLOYED, "deployed", "2024-03-01", "March", "month"),
        # A possessive date dates its own noun only.
        (CONDEMNED_MONDAYS_STRIKE, "condemned", "2024-08-28", None, "article"),
        (CONDEMNED_MONDAYS_STRIKE, "strike", "2024-08-26", "Monday", "day"),
        (DURING_TUESDAYS_SESSION, "discussed", "2024-08-27", "Tuesday", "day"),
        # An adverbial clause of the same time ("while visiting") shares the main clause's date.
        (WHILE_VISITING, "visiting", "2024-08-26", "Monday", "day"),
    ],
)
def test_when_a_date_belongs_to_the_act_of_its_own_clause(spec, trigger, expected, date_text, granularity):
    text, toks = _parse_line(spec)
    e = run(article_with_event(text, trigger, "2024-08-28", toks))
    assert (e.date, e.date_text, e.date_granularity) == (expected, date_text, granularity)


def test_when_an_act_a_duration_before_another_is_dated_from_the_report_when_the_main_clause_has_no_date():
    text, toks = _parse_line(
        "The/det>1/DT strike/nsubj>2/NN came/ROOT>2/VBD three/nummod>4/CD days/npadvmod>7/NNS after/mark>7/IN "
        "police/nsubj>7/NNS arrested/advcl>2/VBD leaders/dobj>7/NNS ./punct>2/."
    )
    e = run(article_with_event(text, "arrested", "2024-08-28", toks))
    assert (e.date, e.date_text, e.date_granularity) == ("2024-08-25", "three days after", "day")
    assert not e.historical
    # Years before the report: history, as for "in 2020".
    text, toks = _parse_line(
        "The/det>1/DT talks/nsubj>2/NNS resumed/ROOT>2/VBD two/nummod>4/CD years/npadvmod>8/NNS after/mark>8/IN "
        "the/det>7/DT sides/nsubj>8/NNS met/advcl>2/VBD ./punct>2/."
    )
    e = run(article_with_event(text, "met", "2024-08-28", toks))
    assert (e.date, e.date_granularity, e.historical) == ("2022-01-01", "year", True)
