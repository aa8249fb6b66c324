from communique.core.article import (
    Actor,
    Article,
    Entity,
    Event,
    Evidence,
    Place,
    Sentence,
    Span,
    StageError,
    Token,
)


def _article() -> Article:
    text = "Turkish police arrested ten protesters in Ankara."
    tokens = [Token(0, "Turkish", 0, 7, "turkish", "ADJ", "JJ", "amod", 1), Token(1, "police", 8, 14, "police", "NOUN", "NNS", "nsubj", 2)]
    a = Article(text=text, date="2024-08-28", title="t")
    a.sentences = [Sentence(0, 0, len(text), text, tokens)]
    a.entities = [Entity(42, 48, "Ankara", "GPE", 0)]
    actor = Actor("Turkish police", "Turkish police", "TUR", "POL", "group", "TUR-POL", 0, 14, 0)
    a.actors = [Actor("the two", "the two", kind="group", members=[actor])]
    a.places = [Place("Ankara", 42, 48, "Ankara", 323786, "TUR", 39.9, 32.8, "PPLC", 0.9, 0)]
    a.events = [Event(article_id=a.id, sentence_index=0, type="COERCE", mode="arrest", actors=[actor.participant()],
                      evidence=Evidence(text, 0, len(text), Span("arrested", 15, 23)))]
    a.errors = [StageError("events", "boom")]
    return a


def test_article_json_round_trip_keeps_every_field():
    a = _article()
    b = Article.from_json(a.to_json())
    assert b == a
    assert b.sentences[0].tokens[1].dep == "nsubj"
    assert b.actors[0].members[0].country == "TUR"


def test_article_id_is_content_hash():
    assert Article(text="x", date="2024-01-01").id == Article(text="x", date="2024-01-01").id
    assert Article(text="x", date="2024-01-01").id != Article(text="y", date="2024-01-01").id
    assert Article(text="x", date="2024-01-01", id="given").id == "given"


def test_article_event_id_is_stable_and_contract_ordered():
    a = _article()
    e = a.events[0]
    again = Event.from_dict(e.to_dict())
    assert again.event_id == e.event_id
    assert list(e.to_dict())[0] == "event_id"
    other = Event(article_id=a.id, sentence_index=0, type="ASSAULT", evidence=e.evidence)
    assert other.event_id != e.event_id


def test_article_event_symmetric_flag_ends_the_contract_and_round_trips():
    e = _article().events[0]
    e.symmetric = True
    d = e.to_dict()
    assert list(d)[-1] == "symmetric" and d["symmetric"] is True
    assert Event.from_dict(d).symmetric is True
    # a record written before the flag existed reads as directed
    d.pop("symmetric")
    assert Event.from_dict(d).symmetric is False


def test_article_actor_basis_fields_round_trip():
    a = Article(text="Bayramov said so.", date="2024-09-02")
    a.actors = [Actor("Bayramov", "Jeyhun Bayramov", "AZE", "GOV", "person", "P1", 0, 8, 0, basis="registry",
                      role="foreign minister", ref="a0", context_country=True, sponsors=["TUR"])]
    b = Article.from_json(a.to_json())
    assert b == a
    got = b.to_dict()["actors"][0]
    assert (got["basis"], got["role"], got["ref"], got["context_country"], got["sponsors"]) == (
        "registry", "foreign minister", "a0", True, ["TUR"])


def test_article_drop_parse_keeps_what_is_stored_and_clustered():
    a = _article()
    kept = {k: v for k, v in a.to_dict().items() if k not in ("sentences", "entities", "actors")}
    sentences = [(s.index, s.start, s.end, s.text, s.candidate) for s in a.sentences]
    assert a.drop_parse() is a
    assert {k: v for k, v in a.to_dict().items() if k not in ("sentences", "entities", "actors")} == kept
    assert [(s.index, s.start, s.end, s.text, s.candidate) for s in a.sentences] == sentences
    assert all(not s.tokens for s in a.sentences) and a.entities == [] and a.actors == []
    assert a.events[0].actors[0].country == "TUR" and a.failed
