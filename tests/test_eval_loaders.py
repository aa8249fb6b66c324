"""Loaders of the evaluation data sets, on tiny inputs written here (never copies of the data)."""

from __future__ import annotations

import gzip
import json

import pytest

from communique.services.eval import DataMissing, cameo, case2021, common, conll, geo, india, lgl, plover

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}


@pytest.mark.parametrize(
    ("label", "mode", "expected"),
    [
        ("DEMAND", None, ("REQUEST", None)),
        ("DISAPPROVE", None, ("ACCUSE", "disapprove")),
        ("INVESTIGATE", "", ("ACCUSE", "investigate")),
        ("FIGHT", "firearms", ("ASSAULT", "firearms")),
        ("CONSULT", "visit", ("CONSULT", "visit")),
    ],
)
def test_eval_plover_map_label(label, mode, expected):
    assert plover.map_label(label, mode or None) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("JAP", "JPN"), ("ITL", "ITA"), ("UKG", "GBR"), ("GMY", "DEU"), ("IGO", None), ("NGO", None), ("IMG", None),
     ("UIS", None), ("usa", "USA"), ("USAGOV", "USA"), ("CIV", "CIV"), ("", None), (None, None), ("***", None)],
)
def test_eval_common_iso3(code, expected):
    assert common.iso3(code) == expected


def test_eval_plover_parse_actors_and_sectors():
    raw = [{
        "id": "X-1", "date": "2000-01-01", "event": "FIGHT", "mode": "",
        "text": " Troops of Freedonia shelled Sylvanian positions. ",
        "source": [{"actorText": "Troops", "code": "JAP", "sector": "MILx"}, {"actorText": "UN", "code": "IGO"}],
        "target": "",
    }, {
        "id": "X-2", "event": "ACCUSE", "text": "Police in Freedonia were accused.",
        "source": [{"actorText": "A", "code": "USA", "sector": "***"}],
        "target": [{"actorText": "Police", "code": "ITL", "sector": "COP"}],
    }]
    a, b = plover.parse(raw)
    assert (a.type, a.mode, a.sources, a.targets, a.source_sectors) == ("ASSAULT", None, ["JPN"], [], ["MIL"])
    assert a.text.startswith("Troops")
    assert (b.date, b.sources, b.source_sectors, b.targets, b.target_sectors) == (
        plover.DEFAULT_DATE, ["USA"], [], ["ITA"], ["POL"])


@pytest.mark.parametrize(("code", "expected"), [("COP", "POL"), ("CIVkur", "CVL"), ("JRNCHR", "MED"), ("GOV", "GOV"),
                                               ("***", None), ("", None), (None, None)])
def test_eval_plover_sector(code, expected):
    assert plover.sector(code) == expected


def _event(type_, actors, recipients, confidence=0.5):
    from communique.core.event import Event, Participant

    return Event("a", 0, type_, actors=[Participant(c, c, c) for c in actors],
                 recipients=[Participant(c, c, c) for c in recipients], confidence=confidence)


def test_eval_plover_dyad_event_level_and_triple():
    rec = plover.GsrRecord("X", "t", "2000-01-01", "ASSAULT", None, sources=["USA", "GBR"], targets=["IRQ"])
    # the aligned event (gold type) has a gold source; the triple needs one event with both sides
    assert plover.dyad(rec, [_event("ASSAULT", ["GBR"], []), _event("COERCE", ["USA"], ["IRQ"], 0.9)]) == {
        "source": True, "target": False, "triple": False}
    assert plover.dyad(rec, [_event("ASSAULT", ["USA"], ["IRQ"])]) == {"source": True, "target": True, "triple": True}
    # the other way round is no triple; no event scores False, not None
    assert plover.dyad(rec, [_event("ASSAULT", ["IRQ"], ["USA"])])["triple"] is False
    assert plover.dyad(rec, []) == {"source": False, "target": False, "triple": False}
    # no aligned event of the gold type: the most confident one
    assert plover.dyad(rec, [_event("COERCE", ["IRQ"], ["USA"], 0.4), _event("AID", ["USA"], ["IRQ"], 0.8)]) == {
        "source": True, "target": True, "triple": False}
    # a side without a gold country is not scored, nor is the triple
    one = plover.GsrRecord("Y", "t", "2000-01-01", "PROTEST", None, sources=["FRA"])
    assert plover.dyad(one, [_event("PROTEST", ["FRA"], [])]) == {"source": True, "target": None, "triple": None}


def test_eval_plover_locate_gold_actor_text():
    text = "Troops of the Freedonian army shelled the town."
    assert plover.locate(text, "Troops ... army") == (0, text.index("army") + 4)
    assert plover.locate(text, "freedonian army") == (text.index("Freedonian"), text.index("army") + 4)
    assert plover.locate(text, "Sylvania") is None


def test_eval_cameo_class_map():
    from communique.core.event import Event

    m = cameo.class_map()
    assert m.names[0] == "0 none/statement" and sorted(m.names) == [0, 1, 2, 3, 4]
    sanction = Event("a", 0, "SANCTION", quad_class="material_conflict")
    assert (m.of(sanction), m.of_table(sanction), m.of(None)) == (4, 3, 0)


def test_eval_india_rules():
    r = india.rules()
    assert r.gold({"KILL", "ANY_ACTION"}) == {"POLICE", "FORCE"}
    assert r.gold({"ARREST"}) == {"POLICE", "ARREST"}
    assert r.gold({"FAIL"}) == set()
    assert r.arrest_modes == {"arrest", "detain"} and r.police_sector == "POL"


def test_eval_conll_label_map():
    labels, keep = conll.label_map()
    assert keep == ("PER", "ORG", "LOC") and labels["GPE"] == "LOC" and "NORP" not in labels


def test_eval_case2021_mapping_is_complete_and_valid():
    mapping = case2021.read_mapping()
    for name in ("ARREST", "PEACE_PROTEST", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "OTHER"):
        assert name in mapping
    assert mapping["NATURAL_DISASTER"].plover == "NONE"
    assert mapping["ARREST"].plover == "COERCE" and mapping["ARREST"].mode == "arrest"
    for sub, m in mapping.items():
        assert m.plover in PLOVER_TYPES | {"NONE", "-"}, sub
        assert set(m.also) <= PLOVER_TYPES, sub


def test_eval_case2021_load_tsv(tmp_path):
    folder = tmp_path / "case2021_task2"
    folder.mkdir()
    (folder / "case2021_task2_dev.tsv").write_text(
        'id\tEventSnippet\tSubType\n1\tPolice "detained" ten men\tARREST\n2\tA flood hit the valley\tNATURAL_DISASTER\n',
        "utf-8")
    snippets = case2021.load(tmp_path)
    assert [(s.id, s.subtype) for s in snippets] == [("1", "ARREST"), ("2", "NATURAL_DISASTER")]
    assert snippets[0].text == 'Police "detained" ten men'
    assert len(case2021.load(tmp_path, limit=1)) == 1


def test_eval_cameo_align_maps_ner_tokens_to_sentence_offsets():
    texts = ["Nothing here.", "Later, the Zorbian army shelled Érdland’s border posts on Monday."]
    block = cameo.NerBlock(
        tokens=["the", "Zorbian", "army", "shelled", "Erdland", "'s", "border", "posts"],
        tags=["B-S", "I-S", "I-S", "O", "B-T", "I-T", "I-T", "I-T"],
    )
    aligned = cameo.align(texts, [block])
    assert list(aligned) == [1]
    spans = aligned[1]
    assert [texts[1][a:b] for a, b in spans["S"]] == ["the Zorbian army"]
    assert [texts[1][a:b] for a, b in spans["T"]] == ["Érdland’s border posts"]


def test_eval_cameo_read_files(tmp_path):
    (tmp_path / "c.tsv").write_text("A met B.\t1\nA shot B.\t4\n", "utf-8")
    (tmp_path / "n.txt").write_text("A B-S\nmet O\nB B-T\n. O\n\nA B-R\n", "utf-8")
    assert cameo.read_classes(tmp_path / "c.tsv") == [("A met B.", 1), ("A shot B.", 4)]
    blocks = cameo.read_ner(tmp_path / "n.txt")
    assert len(blocks) == 2 and cameo.block_spans(blocks[0]) == [("S", 0, 1), ("T", 2, 3)]


def _gz_jsonl(path, rows):
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


def test_eval_india_load_locates_sentences_in_document(tmp_path):
    folder = tmp_path / "india_police_events"
    folder.mkdir()
    _gz_jsonl(folder / "metadata_dev.jsonl.gz", [{"doc_id": 7, "date": "2002-03-05"}])
    _gz_jsonl(folder / "docs_dev.jsonl.gz", [{"doc_id": 7, "doc_text": "surat: police held two men. curfew on."}])
    _gz_jsonl(folder / "sents_dev.jsonl.gz", [
        {"doc_id": 7, "sent_id": 1, "sent_labels": ["ARREST", "ANY_ACTION"], "sent_text": "police held two men."},
        {"doc_id": 7, "sent_id": 0, "sent_labels": [], "sent_text": "surat:"},
        {"doc_id": 7, "sent_id": 2, "sent_labels": [], "sent_text": "curfew on."},
    ])
    (doc,) = india.load(tmp_path)
    assert doc.date == "2002-03-05"
    assert [doc.text[s.start:s.end] for s in doc.sentences] == ["surat:", "police held two men.", "curfew on."]
    assert doc.sentences[1].labels == {"ARREST", "ANY_ACTION"}


def test_eval_india_load_falls_back_to_joined_sentences(tmp_path):
    folder = tmp_path / "india_police_events"
    folder.mkdir()
    _gz_jsonl(folder / "metadata_dev.jsonl.gz", [{"doc_id": 1, "date": "2002-03-05"}])
    _gz_jsonl(folder / "docs_dev.jsonl.gz", [{"doc_id": 1, "doc_text": "something else entirely"}])
    _gz_jsonl(folder / "sents_dev.jsonl.gz", [
        {"doc_id": 1, "sent_id": 0, "sent_labels": [], "sent_text": "a b."},
        {"doc_id": 1, "sent_id": 1, "sent_labels": [], "sent_text": "c d."},
    ])
    (doc,) = india.load(tmp_path)
    assert doc.text == "a b. c d."
    assert [doc.text[s.start:s.end] for s in doc.sentences] == ["a b.", "c d."]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([("COERCE", "arrest", None)], {"POLICE", "ARREST"}),
        ([("ASSAULT", None, "POL")], {"POLICE", "FORCE", "KILL"}),
        ([("COERCE", "restrict", "POL")], {"POLICE", "FORCE"}),
        ([("ASSAULT", None, "REB")], set()),
        ([("PROTEST", None, "POL")], set()),
    ],
)
def test_eval_india_predicted_classes(events, expected):
    from communique.core.event import Event, Participant

    evs = [Event("a", 0, t, mode=m, actors=[Participant("x", "x", sector=s)] if s else []) for t, m, s in events]
    assert india.predicted(evs) == expected


def test_eval_geo_parse_keeps_geocoded_toponyms():
    xml = """<?xml version="1.0" ?><articles><article file="3"><title>t</title>
    <text>Rain in Zorba and the city.</text><toponyms>
    <toponym><extractedName>Zorba</extractedName><type>Literal</type><start>8</start><end>13</end>
      <geonamesID>123</geonamesID><latitude>10.5</latitude><longitude>20.0</longitude></toponym>
    <toponym><extractedName>city</extractedName><type>Literal_Expression</type><start>22</start><end>26</end>
      </toponym></toponyms></article></articles>"""
    (doc,) = geo.parse(xml)
    assert doc.id == "3" and len(doc.toponyms) == 1
    t = doc.toponyms[0]
    assert (t.text, t.geonameid, t.lat, t.lon) == ("Zorba", 123, 10.5, 20.0)


def test_eval_lgl_parse_scores_gazetteer_tagged_toponyms_only():
    xml = """<?xml version="1.0" ?><articles><article docid="44"><title>Fire</title><domain>macon.com</domain>
    <url>http://macon.com/1</url><dltime>2009-03-31 10:09:39-05</dltime>
    <text>A fire on Main Street in Zorba, Ga.</text><toponyms>
    <toponym><start>10</start><end>21</end><phrase>Main Street</phrase></toponym>
    <toponym><start>25</start><end>30</end><phrase>Zorba</phrase><gaztag geonameid="123"><name>Zorba</name>
      <fclass>P</fclass><fcode>PPL</fcode><lat>32.8</lat><lon>-83.6</lon>
      <country geonameid="6252001">United States</country><admin1 geonameid="4197000">Georgia</admin1>
      </gaztag></toponym></toponyms></article></articles>"""
    (doc,) = lgl.parse(xml)
    assert (doc.id, doc.date, doc.source, doc.title) == ("44", "2009-03-31", "macon.com", "Fire")
    (t,) = doc.toponyms
    assert (t.text, t.type, t.geonameid, t.lat, t.country) == ("Zorba", "PPL", 123, 32.8, "USA")
    assert doc.unscored == [(10, 21)]


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [((0.0, 0.0), (0.0, 0.0), 0.0), ((0.0, 0.0), (0.0, 1.0), 111.19), ((51.5, -0.13), (48.86, 2.35), 343.5)],
)
def test_eval_geo_km(a, b, km):
    assert geo.km(*a, *b) == pytest.approx(km, abs=1.0)


def test_eval_conll_parse_spans_and_drops_misc():
    lines = ["-DOCSTART- -X- -X- O", "", "Ann NNP B-NP B-PER", "Lee NNP I-NP I-PER", "visited VBD B-VP O",
             "New NNP B-NP B-LOC", "York NNP I-NP I-LOC", "with IN O O", "Dutch JJ O B-MISC", "", "X NN O B-ORG"]
    a, b = conll.parse(lines)
    assert a.text == "Ann Lee visited New York with Dutch"
    assert [(a.text[s:e], lab) for s, e, lab in a.entities] == [("Ann Lee", "PER"), ("New York", "LOC")]
    assert b.entities == [(0, 1, "ORG")]


def test_eval_conll_score_exact_match():
    gold = [[(0, 7, "PER"), (16, 24, "LOC")]]
    pred = [[(0, 7, "PER"), (16, 24, "ORG"), (30, 35, "LOC")]]
    c = conll.score_entities(gold, pred)
    assert c.per_class["PER"].tp == 1
    assert c.per_class["LOC"].fn == 1 and c.per_class["LOC"].fp == 1
    assert c.per_class["ORG"].fp == 1
    assert conll.mapped([(0, 3, "PERSON"), (4, 6, "GPE"), (7, 9, "NORP")]) == [(0, 3, "PER"), (4, 6, "LOC")]


def test_eval_common_data_dir_explicit_missing(tmp_path):
    with pytest.raises(DataMissing, match="no such data folder"):
        common.data_dir(tmp_path / "nope")
    assert common.data_dir(tmp_path) == tmp_path


def test_eval_common_dataset_file_names_missing_file(tmp_path):
    with pytest.raises(DataMissing, match="plover_gsr_dev.json"):
        plover.load(tmp_path)


def test_eval_india_predicted_ignores_negated_events():
    from communique.core.article import Event

    assert india.predicted([Event("a", 0, "COERCE", mode="arrest", negated=True)]) == set()
