"""The events stage's rule files: every bad row is reported as file:line (E302), and the lists
built on the shared lexicon keep the words the rules used before."""

from __future__ import annotations

import itertools
import textwrap

import pytest

from communique.core.errors import DataFileError
from communique.core.resources import read_yaml
from communique.stages.events.candidates import parse_filter_lexicon
from communique.stages.events.classifier import read_training
from communique.stages.events.conversions import load_rules, parse_rules
from communique.stages.events.lexicon import load_lexicon, parse_lexicon
from communique.stages.events.modality import parse_cues
from communique.stages.events.ontology import plover_types
from communique.stages.events.rules import load_yaml, words
from communique.stages.lexicon import words as shared_words

_names = itertools.count()


@pytest.fixture
def datafile(tmp_path, monkeypatch):
    """Return a function that writes one YAML data file into a fresh package and reads it back."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(name: str, text: str):
        package = f"rulespkg{next(_names)}"
        (tmp_path / package / "data").mkdir(parents=True)
        (tmp_path / package / "__init__.py").write_text("")
        (tmp_path / package / "data" / name).write_text(textwrap.dedent(text).lstrip(), "utf-8")
        return read_yaml(package, name)

    return write


def fails_at(call, where: str, reason: str) -> None:
    with pytest.raises(DataFileError) as e:
        call()
    assert e.value.code == "E302"
    assert where in str(e.value) and reason in str(e.value), str(e.value)


def test_events_rules_unknown_trigger_type_names_its_line(datafile):
    doc = datafile("triggers.yaml", """
        verbs:
          AGREE: [agree]
          MEET: [meet]
        """)
    fails_at(lambda: parse_lexicon(doc), "triggers.yaml:3:", "unknown PLOVER type 'MEET'")


def test_events_rules_unknown_trigger_mode_names_its_line(datafile):
    doc = datafile("triggers.yaml", """
        verbs:
          CONSULT: [meet]
          CONSULT:tea: [sip]
        """)
    fails_at(lambda: parse_lexicon(doc), "triggers.yaml:3:", "type CONSULT has no mode 'tea'")


def test_events_rules_bare_yaml_boolean_is_a_bad_row(datafile):
    # YAML reads a bare `on` as true: a preposition list must say "on".
    doc = datafile("roles.yaml", """
        agent_preps: [by, among]
        recipient_preps: [to, on]
        """)
    assert words(doc, "agent_preps") == {"by", "among"}
    fails_at(lambda: words(doc, "recipient_preps"), "roles.yaml:2:", "has a true/false: quote words")


def test_events_rules_type_lists_are_checked(datafile):
    doc = datafile("roles.yaml", """
        instrument_types:
          - MOBILIZE
          - WITHDRAW
        """)
    fails_at(lambda: plover_types(doc, "instrument_types"), "roles.yaml:3:", "unknown PLOVER type 'WITHDRAW'")


def test_events_rules_list_built_on_a_shared_list(datafile):
    doc = datafile("triggers.yaml", """
        speech: {shared: communication_verbs, minus: [say], plus: [shout]}
        comment: {shared: communication_verbs, only: [say, tell], plus: [elaborate]}
        bad_minus:
          shared: communication_verbs
          minus: [say, whisper]
        bad_plus:
          shared: communication_verbs
          plus: [shout, tell]
        """)
    assert words(doc, "speech") == shared_words("communication_verbs") - {"say"} | {"shout"}
    assert words(doc, "comment") == {"say", "tell", "elaborate"}
    fails_at(lambda: words(doc, "bad_minus"), "triggers.yaml:5:", "'communication_verbs' lacks 'whisper'")
    fails_at(lambda: words(doc, "bad_plus"), "triggers.yaml:8:", "'communication_verbs' already has 'tell'")


def test_events_rules_conversion_mode_must_belong_to_the_target_type(datafile):
    doc = datafile("conversions.yaml", """
        refusal:
          quads: [verbal_cooperation]
          modal_aux: [will]
          modes:
            RETREAT: yield
            AID: violence
        """)
    fails_at(lambda: parse_rules(doc), "conversions.yaml:6:", "type REJECT has no mode 'violence'")


def test_events_rules_argument_cue_reading_names_its_line(datafile):
    from communique.stages.events.conversions import _argument_cues

    doc = datafile("conversions.yaml", """
        argument_cues:
          - types: ["RETREAT:withdraw"]
            deps: [dobj]
            cues: [observer]
            becomes: "SANCTION:withdraw"
          - types: [MOBILIZE]
            deps: [dobj]
            cues: [peacekeeper]
            becomes: "AID:peacekeeping"
        """)
    fails_at(lambda: _argument_cues(doc, "argument_cues"), "conversions.yaml:9:", "type AID has no mode 'peacekeeping'")


def test_events_rules_argument_cues_are_read(datafile):
    rows = load_rules().argument_cues
    withdraw = next(r for r in rows if r.becomes == ("SANCTION", "withdraw"))
    assert withdraw.applies("RETREAT", "withdraw") and not withdraw.applies("RETREAT", "release")
    assert "observer" in withdraw.cues and "nsubj" not in withdraw.deps


def test_events_rules_modality_year_gap_is_a_number(datafile):
    doc = datafile("modality.yaml", """
        historical:
          past_nouns: [war]
          min_years_before: two
        """)
    fails_at(lambda: parse_cues(doc), "modality.yaml:3:", "min_years_before must be a whole number")


def test_events_rules_candidate_names_must_be_words(datafile):
    triggers = load_yaml("triggers.yaml")
    cand = datafile("candidates.yaml", """
        extra_predicates: [urge]
        irregular: {met: meet}
        agent_terms: [police]
        not_names: [The, On, At]
        """)
    fails_at(lambda: parse_filter_lexicon(triggers, cand), "candidates.yaml:4:", "'not_names' must be a list of words")


def test_events_rules_bad_training_line_names_its_line(tmp_path):
    path = tmp_path / "training.tsv"
    path.write_text("# label<TAB>sentence\nAGREE\tPeru agreed to talks.\nMEET\tPeru met Chile.\n", "utf-8")
    fails_at(lambda: read_training(path), "training.tsv:3:", "unknown label 'MEET'")
    path.write_text("AGREE\tPeru agreed to talks.\nCONSULT Peru met Chile.\n", "utf-8")
    fails_at(lambda: read_training(path), "training.tsv:2:", "expected 'LABEL<TAB>sentence'")
    path.write_text("CONSULT:tea\tPeru met Chile.\n", "utf-8")
    fails_at(lambda: read_training(path), "training.tsv:1:", "type CONSULT has no mode 'tea'")


def test_events_rules_verbs_of_saying_build_on_the_shared_list():
    lex, shared = load_lexicon(), shared_words("communication_verbs")
    # Each rule's list is the shared one with its own differences, as before the lists were shared.
    assert lex.speech_verbs - shared == {"call"}
    assert {"announce", "report", "confirm"} & lex.speech_verbs == set()
    assert lex.reporting_verbs - shared == {"accord", "believe", "show", "think"}
    assert {"warn", "argue", "describe"} & lex.reporting_verbs == set()
    assert lex.comment_verbs & shared == {"comment", "say", "confirm", "respond", "reply", "explain", "reveal"}


def test_events_rules_packaged_files_load():
    rules = load_rules()
    assert rules.refusal_modes["RETREAT"] == "yield" and rules.threat_modes["ASSAULT"] == "violence"
    assert "unless" in rules.conditional_markers and "MOBILIZE" in rules.future_conflict_keep
