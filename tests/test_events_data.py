"""The events data files: ontology, trigger lexicon, candidate filter, training set and head."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from communique.stages.actors.gazetteer import has_actor_term
from communique.stages.events.candidates import CandidateFilter, lemma_candidates
from communique.stages.events.classifier import TypeClassifier, data_path, read_training, training_hash
from communique.stages.events.contexts import count_contexts, document_contexts, event_contexts
from communique.stages.events.lexicon import load_lexicon
from communique.stages.events.ontology import TYPES, load_ontology

QUADS = {
    "AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation", "SUPPORT": "verbal_cooperation",
    "CONCEDE": "verbal_cooperation", "COOPERATE": "material_cooperation", "AID": "material_cooperation",
    "RETREAT": "material_cooperation", "REQUEST": "verbal_conflict", "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict", "THREATEN": "verbal_conflict", "PROTEST": "material_conflict",
    "SANCTION": "material_conflict", "MOBILIZE": "material_conflict", "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}


def test_events_ontology_has_the_16_types_with_quads_and_definitions():
    onto = load_ontology()
    assert set(onto.types) == set(TYPES) and len(TYPES) == 16
    for name, quad in QUADS.items():
        assert onto.quad_class(name) == quad
        assert len(onto[name].definition) > 20


@pytest.mark.parametrize("type_,mode,score,cameo", [
    ("CONSULT", None, 2.5, "040"), ("CONSULT", "visit", 4.0, "042"), ("CONSULT", "phone", 1.5, "041"),
    ("AID", None, 10.0, "070"), ("RETREAT", "ceasefire", 7.5, "0871"), ("ACCUSE", "investigate", -3.5, "090"),
    ("COERCE", "arrest", -7.0, "173"), ("ASSAULT", None, -9.0, "190"), ("ASSAULT", "unconventional", -10.0, "204"),
    ("PROTEST", "riot", -7.0, "145"), ("SANCTION", "expel", -5.5, "166"), ("ASSAULT", "no-such-mode", -9.0, "190"),
])
def test_events_ontology_scores_and_cameo_by_type_and_mode(type_, mode, score, cameo):
    onto = load_ontology()
    assert onto.score(type_, mode) == score
    assert onto.cameo(type_, mode) == cameo


def test_events_ontology_scores_follow_quad_sign():
    onto = load_ontology()
    for t in onto.types.values():
        scores = [t.score] + [m["score"] for m in t.modes.values()]
        if t.quad_class in ("verbal_cooperation", "material_cooperation"):
            assert min(scores) >= 0, t.name
        elif t.name != "REQUEST":
            assert max(scores) <= 0, t.name


def test_events_lexicon_readings_are_valid_types_and_modes():
    onto = load_ontology()
    lex = load_lexicon()
    readings = [r for rs in list(lex.verbs.values()) + list(lex.nouns.values()) + list(lex.verb_pairs.values())
                for r in rs]
    assert {t for t, _ in readings} == set(TYPES)
    for t, m in readings:
        assert m is None or m in onto[t].modes
    assert lex.verbs["demand"] == [("REQUEST", None)]
    # Appeals are statements (PLOVER drops CAMEO 02), not REQUEST triggers.
    assert ("call", "for") in lex.appeal_pairs and "urge" in lex.appeal_verbs
    assert ("call", "for") not in lex.verb_pairs and "urge" not in lex.verbs
    assert ("CONSULT", None) in lex.nouns["talk"]


@pytest.mark.parametrize("text,expected", [
    ("The parties discussed various aspects of allied relations.", True),
    ("Police arrested 20 people in the old city on Monday.", True),
    ("the police lathi-charged the mob near the station.", True),
    ("a mob set fire to three shops in the walled city.", True),
    ("Bayramov met his Turkish counterpart in Ankara.", True),
    ("It was sunny and warm all day.", False),
    ("Shares rose three percent on Tuesday.", False),
    ("This story is from March 10, 2002", False),
    # capitalised words inside a sentence are names or months, not predicates...
    ("Merrill Lynch said sales rose in March.", False),
    # ...except in a title-case headline
    ("Police Arrest Twenty Protesters In Delhi", True),
    ("hi", False),
])
def test_events_candidate_filter_keeps_actor_and_predicate_sentences(text, expected):
    assert CandidateFilter(actor_terms=has_actor_term)(text) is expected


@pytest.mark.parametrize("word,lemma", [
    ("arrested", "arrest"), ("meets", "meet"), ("met", "meet"), ("clashes", "clash"), ("making", "make"),
    ("stopped", "stop"), ("rallies", "rally"), ("fought", "fight"),
])
def test_events_candidate_lemma_guesses(word, lemma):
    irregular = {"met": "meet", "fought": "fight"}
    assert lemma in lemma_candidates(word, irregular)


def test_events_training_set_has_150_per_type_and_negatives():
    rows = read_training()
    counts = Counter(t for t, _, _ in rows)
    for t in TYPES:
        assert counts[t] >= 150, t
    assert counts["NONE"] >= 300
    assert set(counts) == set(TYPES) | {"NONE"}
    texts = [s for _, _, s in rows]
    assert len(texts) == len(set(texts)), "duplicate training sentences"


def test_events_classifier_head_matches_training_set():
    head = TypeClassifier.load()
    assert head.training_sha256 == training_hash(), "retrain: python -m communique.stages.events.train"
    assert set(head.classes) == set(TYPES) | {"NONE"}
    assert head.weights.shape == (17, 384) and head.bias.shape == (17,)
    p = head.predict_proba_embeddings(np.zeros((2, 384), dtype=np.float32))
    assert np.allclose(p.sum(axis=1), 1.0)


def test_events_classifier_head_round_trips(tmp_path):
    head = TypeClassifier(np.eye(3, 4), np.zeros(3), ["A", "B", "NONE"], "abc")
    head.save(tmp_path / "h.npz")
    back = TypeClassifier.load(tmp_path / "h.npz")
    assert back.classes == ["A", "B", "NONE"] and back.training_sha256 == "abc"
    assert np.allclose(back.weights, head.weights)
    assert data_path("classifier.npz").exists()


def test_events_contexts_document_and_event_level():
    text = ("The defence ministers discussed military exercises and arms trade. Troops were deployed. "
            "Trade talks between the two governments continue.")
    ctx = document_contexts(text)
    assert "military" in ctx and "economic" in ctx
    assert event_contexts("Troops were deployed.", ctx) == ["military"]
    assert event_contexts("Nothing to see.", ctx) == ctx


@pytest.mark.parametrize("text", [
    "The defence ministers discussed MILITARY exercises; Soldiers and soldiering, warplanes at war.",
    "Prime Minister and the ministry: government policy, the Cabinet, the president.",
    "Nothing to see here.",
    "",
    "The \u212aremlin's army (with a Kelvin sign) and the m\u0130litary, \u00e9lections et arm\u00e9e.",
])
def test_events_context_counts_equal_one_scan_per_context(text):
    # The literal pre-check only skips scans that cannot hit: the counts, in order, are the scans'.
    pats = load_ontology().context_patterns()
    scanned = Counter({name: n for name, pat in pats.items() if (n := len(pat.findall(text)))})
    counted = count_contexts(text)
    assert counted == scanned and list(counted) == list(scanned)
