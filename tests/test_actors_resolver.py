"""Resolver and in-document linking on hand-built articles (no model)."""

from __future__ import annotations

import pytest

from communique.core.article import Article, Entity, Sentence, Token
from communique.services.actors import resolve_span, resolve_text
from communique.stages.actors import ActorStage, actors_in, expand


def make_article(*sentences: str, date: str = "2024-08-28", persons: tuple[str, ...] = ()) -> Article:
    """Return an article whose sentences are given, unparsed; ``persons`` become PERSON entities."""
    text = " ".join(sentences)
    art = Article(text=text, date=date)
    pos = 0
    for i, s in enumerate(sentences):
        start = text.index(s, pos)
        art.sentences.append(Sentence(index=i, start=start, end=start + len(s), text=s, candidate=False))
        for p in persons:
            k = s.find(p)
            if k >= 0:
                art.entities.append(Entity(start + k, start + k + len(p), p, "PERSON", i))
        pos = start + len(s)
    return art


def resolve(*sentences: str, **kw) -> Article:
    return ActorStage()(make_article(*sentences, **kw))


def find(art: Article, text: str):
    start = art.text.index(text)
    hits = actors_in(art, start, start + len(text))
    assert hits, f"no actor over {text!r}: {[a.text for a in art.actors]}"
    return hits[0]


@pytest.mark.parametrize(
    "mention, country, sector, kind",
    [
        ("Azerbaijani Foreign Minister", "AZE", "GOV", "person"),
        ("the prime minister", None, "GOV", "person"),
        ("Turkish police", "TUR", "POL", "group"),
        ("the Armenian state", "ARM", "GOV", "organisation"),
        ("Turkish companies", "TUR", "BUS", "group"),
        ("the Azerbaijani Foreign Ministry's press service", "AZE", "GOV", "organisation"),
        ("Afghan rebel leaders", "AFG", "REB", "group"),
        ("Israel's high court", "ISR", "JUD", "organisation"),
        ("the Mozambique government", "MOZ", "GOV", "organisation"),
        ("Khartoum government", "SDN", "GOV", "organisation"),
        ("US-led forces", "USA", "MIL", "group"),
        ("Palestinians", "PSE", "CVL", "group"),
        ("Turkey", "TUR", "GOV", "country"),
        ("the OSCE", None, "IGO", "igo"),
        ("NATO troops", None, "MIL", "igo"),
        ("Hezbollah", "LBN", "REB", "organisation"),
    ],
)
def test_actors_resolver_compound_mentions(mention, country, sector, kind):
    a = resolve_span(mention)
    assert a is not None
    assert (a.country, a.sector, a.kind) == (country, sector, kind)


def test_actors_resolver_sponsor_is_not_nationality():
    a = resolve_span("Russian-backed separatists")
    assert (a.country, a.sector, a.sponsors) == (None, "REB", ["RUS"])


@pytest.mark.parametrize(
    "sentence, mention, country",
    [
        ("Ankara said the talks would resume.", "Ankara", "TUR"),
        ("Washington rejected the offer.", "Washington", "USA"),
        ("Moscow and Kyiv traded accusations.", "Kyiv", "UKR"),
    ],
)
def test_actors_resolver_capital_metonym_is_the_government(sentence, mention, country):
    art = resolve(sentence)
    a = find(art, mention)
    assert (a.country, a.sector, a.kind, a.basis) == (country, "GOV", "country", "metonym")


def test_actors_resolver_title_binds_person():
    art = resolve("Turkish Foreign Minister Hakan Fidan arrived in Baku.")
    a = find(art, "Hakan Fidan")
    assert (a.name, a.country, a.sector, a.kind) == ("Hakan Fidan", "TUR", "GOV", "person")
    assert (a.basis, a.role, a.context_country) == ("title", "foreign minister", False)


@pytest.mark.parametrize(
    "sentences",
    [
        ("Hakan Fidan, the Turkish foreign minister, arrived in Baku.",),
        ("The Turkish foreign minister, Hakan Fidan, arrived in Baku.",),
    ],
)
def test_actors_resolver_apposition_binds_person(sentences):
    art = resolve(*sentences, persons=("Hakan Fidan",))
    a = find(art, "Hakan Fidan")
    assert (a.country, a.sector, a.kind) == ("TUR", "GOV", "person")
    assert (a.basis, a.role) == ("apposition", "foreign minister")


def test_actors_resolver_surname_links_back():
    art = resolve("Azerbaijani Foreign Minister Jeyhun Bayramov met reporters.", "Later, Bayramov said talks went well.")
    first, later = find(art, "Jeyhun Bayramov"), find(art, "Bayramov said")
    assert later.text == "Bayramov"
    assert (later.name, later.country, later.sector, later.id) == ("Jeyhun Bayramov", "AZE", "GOV", first.id)


def test_actors_resolver_enumeration_binds_in_order():
    art = resolve(
        "Azerbaijani-Turkish relations were discussed by the Foreign Ministers of the two countries - "
        "Jeyhun Bayramov and Hakan Fidan - in Ankara."
    )
    assert (find(art, "Jeyhun Bayramov").country, find(art, "Hakan Fidan").country) == ("AZE", "TUR")
    fidan = find(art, "Hakan Fidan")
    assert (fidan.basis, fidan.role) == ("enumeration", "foreign ministers")


@pytest.mark.parametrize("phrase", ["the two countries", "both sides", "the parties", "The Ministers", "the sides",
                                    "the two neighbours", "both capitals", "the two allies"])
def test_actors_resolver_collective_resolves_to_focus_pair(phrase):
    art = resolve(
        "Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev.",
        "Talks between Armenia and Azerbaijan went on.",
        f"Later {phrase} agreed to meet again.",
    )
    g = find(art, phrase)
    assert g.kind == "group"
    assert [m.country for m in expand(g)] == ["ARM", "AZE"]
    assert g.sector == "GOV"


def test_actors_resolver_collective_without_focus_is_dropped():
    art = resolve("Later the two countries agreed to meet again.")
    assert not [a for a in art.actors if a.kind == "group"]


def test_actors_resolver_collective_inside_a_name_is_not_resolved():
    art = resolve(
        "Talks between Armenia and Azerbaijan went on.",
        "Baku hosts the Conference of the Parties this year.",
    )
    assert not [a for a in art.actors if "Parties" in a.text]


def test_actors_resolver_pronoun_links_to_parsed_subject():
    art = make_article("Bayramov also made a presentation.", "He briefed his interlocutor.")
    # hand-built parse: "Bayramov" and "He" are the subjects
    s0, s1 = art.sentences
    s0.tokens = [Token(0, "Bayramov", s0.start, s0.start + 8, pos="PROPN", dep="nsubj", head=2),
                 Token(1, "also", s0.start + 9, s0.start + 13, pos="ADV", dep="advmod", head=2),
                 Token(2, "made", s0.start + 14, s0.start + 18, pos="VERB", dep="ROOT", head=2)]
    s1.tokens = [Token(0, "He", s1.start, s1.start + 2, pos="PRON", dep="nsubj", head=1),
                 Token(1, "briefed", s1.start + 3, s1.start + 10, pos="VERB", dep="ROOT", head=1)]
    art.entities.append(Entity(s0.start, s0.start + 8, "Bayramov", "PERSON", 0))
    from communique.core.registry import ActorRegistry, PersonFact

    reg = ActorRegistry.from_facts([PersonFact("Jeyhun Bayramov", "AZE", "GOV", "foreign minister", "2024-01-01",
                                               "a0", "title")])
    ActorStage(registry=reg)(art)
    he = find(art, "He")
    assert (he.name, he.country, he.basis, he.ref) == ("Jeyhun Bayramov", "AZE", "pronoun", "Jeyhun Bayramov")


def test_actors_resolver_pronoun_needs_a_subject_antecedent():
    art = resolve("It rained.", "He left.")
    assert art.actors == []


# A president the dictionary of political actors does not know, so that the context decides.
UNKNOWN = "Tomas Verhoek"


def test_actors_resolver_context_country_for_unqualified_agents():
    art = resolve(f"Rebels in the Ivory Coast rejected an appeal from President {UNKNOWN}.", persons=(UNKNOWN,))
    assert find(art, "Rebels").country == "CIV"
    p = find(art, UNKNOWN)
    assert (p.country, p.sector) == ("CIV", "GOV")
    assert p.context_country and p.basis == "title"


def test_actors_resolver_context_country_of_a_sector_agent_is_the_scene_not_the_speaker():
    art = resolve("British Foreign Secretary Jack Straw said the Sudanese government and the rebels must agree.",
                  persons=("Jack Straw",))
    assert find(art, "the rebels").country == "SDN"
    # with nothing else in the sentence, the official's country still tells it
    art = resolve(f"Peruvian President {UNKNOWN} said the rebels must agree.", persons=(UNKNOWN,))
    assert find(art, "the rebels").country == "PER"


def test_actors_resolver_context_country_skips_counterparts():
    art = resolve(f"Moroccan diplomats met President {UNKNOWN}.", persons=(UNKNOWN,))
    assert find(art, UNKNOWN).country is None


@pytest.mark.parametrize("sentence, person, date, expected", [
    # a name alone: the role valid on the article's date
    ("Putin said so.", "Putin", "2005-03-01", ("Vladimir Putin", "RUS", "GOV")),
    # before office: the country, sector ELI (PLOVER's former officials)
    ("Obama said so.", "Obama", "2000-01-01", ("Barack Obama", "USA", "ELI")),
    # the mention's title keeps its sector, the dictionary gives the country (not the context's)
    ("Rebels in the Ivory Coast rejected an appeal from President Abdelaziz Bouteflika.", "Abdelaziz Bouteflika",
     "2000-01-01", ("Abdelaziz Bouteflika", "DZA", "GOV")),
    ("Moroccan diplomats met President Obama.", "Obama", "2012-05-01", ("Barack Obama", "USA", "GOV")),
])
def test_actors_resolver_dictionary_places_named_leaders(sentence, person, date, expected):
    art = resolve(sentence, persons=(person,), date=date)
    a = find(art, person)
    assert (a.name, a.country, a.sector) == expected
    assert a.basis == "dictionary" and a.ref and not a.context_country
    assert art.learned == []  # the dictionary already knows it: nothing to teach the registry


def test_actors_resolver_dictionary_needs_more_than_a_former_officials_surname():
    # "Ryan" alone is only a surname of former ministers of small territories in the dictionary
    art = resolve("Ryan said so.", persons=("Ryan",), date="1987-03-01")
    assert art.actors[0].country is None and art.actors[0].basis == "name"


@pytest.mark.parametrize("sentence, person, sector", [
    (f"Former President {UNKNOWN} of Peru said so.", UNKNOWN, "ELI"),
    (f"The former foreign minister {UNKNOWN} of Peru said so.", UNKNOWN, "ELI"),
    (f"President {UNKNOWN} of Peru said so.", UNKNOWN, "GOV"),
])
def test_actors_resolver_former_official_is_eli(sentence, person, sector):
    a = find(resolve(sentence, persons=(person,)), person)
    assert (a.country, a.sector) == ("PER", sector)


def test_actors_resolver_dictionary_later_mentions_link_back():
    art = resolve("Vladimir Putin arrived.", "Putin said so.", persons=("Vladimir Putin", "Putin"),
                  date="2005-03-01")
    first, later = find(art, "Vladimir Putin"), art.actors[-1]
    assert (first.basis, later.basis, later.country, later.id) == ("dictionary", "coref", "RUS", first.id)


def test_actors_resolver_article_and_registry_override_the_dictionary():
    from communique.core.registry import ActorRegistry, PersonFact

    app = resolve("Vladimir Putin, the Belarusian foreign minister, said so.", persons=("Vladimir Putin",))
    assert (find(app, "Vladimir Putin").country, find(app, "Vladimir Putin").basis) == ("BLR", "apposition")
    reg = ActorRegistry.from_facts([PersonFact("Vladimir Putin", "BLR", "GOV", "foreign minister", "2024-01-01",
                                               "a1", "title")])
    art = ActorStage(registry=reg)(make_article("Putin said so.", persons=("Putin",)))
    assert (art.actors[0].country, art.actors[0].basis) == ("BLR", "registry")


def test_actors_resolver_dictionary_can_be_turned_off():
    from communique.core.config import load_settings

    off = load_settings().with_overrides({"actors": {"persons_dictionary": False}})
    for stage in (ActorStage(dictionary=False), ActorStage(off)):
        art = stage(make_article("Putin said so.", persons=("Putin",), date="2005-03-01"))
        assert art.actors[0].country is None and art.actors[0].basis == "name"


@pytest.mark.parametrize(
    "sentence, mention, country, sector",
    [
        ("Hungarian and Romanian officials agreed.", "Romanian officials", "ROU", "GOV"),
        ("Hungarian and Romanian officials agreed.", "Hungarian", "HUN", "GOV"),
        ("Israeli air raids killed 20.", "Israeli", "ISR", None),
        ("Ethnic Albanians in Serbia protested.", "Ethnic Albanians", "SRB", "CVL"),
    ],
)
def test_actors_resolver_coordinated_and_modifier_demonyms(sentence, mention, country, sector):
    a = find(resolve(sentence), mention)
    assert (a.country, a.sector) == (country, sector)


def test_actors_resolver_ids_are_stable():
    a = resolve("Turkish police detained protesters.")
    b = resolve("Turkish police detained protesters.")
    assert [x.id for x in a.actors] == [x.id for x in b.actors]
    assert find(a, "Turkish police").id == "TUR-POL"


@pytest.mark.parametrize(
    "sentence",
    ["Hakan Fidan, the Turkish foreign minister, met reporters.", "The Turkish foreign minister, Hakan Fidan, met reporters."],
)
def test_actors_resolver_apposition_without_entities(sentence):
    art = resolve(sentence)
    person = find(art, "Hakan Fidan")
    title = find(art, "urkish foreign minister")
    assert (person.country, person.sector, person.kind) == ("TUR", "GOV", "person")
    assert (title.name, title.id) == ("Hakan Fidan", person.id)


def test_actors_resolver_two_named_persons_set_the_focus():
    art = resolve(
        "Russian President Vladimir Putin met his Turkish counterpart Recep Tayyip Erdogan in Sochi.",
        "Erdogan said the sides agreed.",
    )
    assert find(art, "Erdogan said").name == "Recep Tayyip Erdogan"
    assert [m.name for m in expand(find(art, "the sides"))] == ["Vladimir Putin", "Recep Tayyip Erdogan"]


@pytest.mark.parametrize(
    "sentence, mention, country, sector",
    [
        ("the police in bihar arrested two men from pakistan.", "the police", None, "POL"),
        ("the police in bihar arrested two men from pakistan.", "pakistan", "PAK", "GOV"),
        ("the all-india muslim league said so.", "india", None, None),
    ],
)
def test_actors_resolver_lowercased_text(sentence, mention, country, sector):
    art = resolve(sentence)
    k = art.text.index(mention)
    hits = actors_in(art, k, k + len(mention))
    if sector is None and country is None:
        assert hits == []
    else:
        assert (hits[0].country, hits[0].sector) == (country, sector)


def test_actors_resolver_verb_accused_is_not_an_agent():
    # "accused" as a verb once made "Mali accused Algeria" one criminal actor.
    names = [(a.text, a.country) for a in resolve_text("Mali accused Algeria of interfering.")]
    assert ("Mali", "MLI") in names and ("Algeria", "DZA") in names
    assert all("accused" not in text for text, _ in names)


BASIS_CASES = (
    "Turkish Foreign Minister Hakan Fidan arrived in Ankara. Ankara said the talks would resume.",
    "Hakan Fidan, the Turkish foreign minister, met reporters. Later, Fidan said talks went well.",
    "Azerbaijani-Turkish relations were discussed by the Foreign Ministers of the two countries - "
    "Jeyhun Bayramov and Hakan Fidan - in Ankara. Later the two countries agreed to meet again.",
    "Israeli air raids killed 20. Palestinians protested. Ethnic Albanians in Serbia protested.",
    "Russian-backed separatists attacked. The OSCE and Hezbollah condemned it. Police detained a man.",
    "The prime minister of Chad met officials of the Gotthard Bank in Ankara.",
)


def test_actors_resolver_every_basis_is_in_the_vocabulary():
    from communique.core.article import ACTOR_BASES
    from communique.stages.events.roles import UNRESOLVED

    seen = set()
    for text in BASIS_CASES:
        for a in resolve_text(text):
            seen |= {a.basis, *(m.basis for m in a.members)}
    assert seen <= set(ACTOR_BASES)
    assert {"title", "metonym", "place", "apposition", "apposition-of", "coref", "enumeration", "collective",
            "demonym-modifier", "demonym-plural", "ethnic", "sector", "igo", "group", "named"} <= seen
    assert UNRESOLVED in ACTOR_BASES


def test_actors_resolver_context_country_is_not_taught():
    art = resolve(f"Rebels in the Ivory Coast rejected an appeal from President {UNKNOWN}.", persons=(UNKNOWN,))
    assert find(art, UNKNOWN).context_country
    assert art.learned == []


def test_actors_stage_failure_names_its_sentence():
    from communique.runtime.pipeline import run_batch

    art = make_article("Turkish police detained protesters.", "Ankara said so.", "Baku agreed.")
    art.sentences[2].text = None  # a broken sentence: the stage fails there, and says so
    (out,) = run_batch([ActorStage()], [art])
    assert [(e.stage, e.sentence_index) for e in out.errors] == [("actors", 2)]


def test_actors_resolver_collective_takes_the_two_countries_its_sentence_names():
    art = resolve("Chile will sell copper to Peru under a deal the two neighbours signed on Monday.")
    g = find(art, "the two neighbours")
    assert [m.country for m in expand(g)] == ["CHL", "PER"]
    # One country names no pair: the collective is dropped.
    art = resolve("Chile will sell copper under a deal the two neighbours signed.")
    assert not [a for a in art.actors if a.kind == "group"]


def test_actors_resolver_a_capital_that_seats_an_igo_is_the_igo_only_where_it_acts():
    art = resolve("Brussels imposed sanctions on five Iranian officials.")
    eu = find(art, "Brussels")
    assert (eu.kind, eu.id, eu.country) == ("igo", "EU", None)
    art = resolve("Protesters marched through Brussels against the pension reform.")
    assert all(a.id != "EU" for a in art.actors)


def test_actors_resolver_titled_surname_out_of_office_takes_the_namesakes_country():
    # No Bush held office on this date; most dictionary namesakes served the USA, and the title
    # says the person holds an office, so the country is placed (the sector is the title's).
    art = resolve("President Bush warned Moscow of further steps.", date="2000-01-01", persons=("Bush",))
    a = find(art, "Bush")
    assert (a.country, a.sector, a.kind) == ("USA", "GOV", "person")


def test_actors_resolver_untitled_surname_out_of_office_stays_unplaced():
    art = resolve("Bush warned Moscow of further steps.", date="2000-01-01", persons=("Bush",))
    assert all(a.country != "USA" for a in art.actors if "Bush" in a.text)
