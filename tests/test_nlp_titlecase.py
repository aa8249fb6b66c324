"""Title Case headlines re-cased for the parser (stages/nlp/titlecase.py), without a model."""

from communique.stages.nlp.titlecase import inflection_bases, is_title_case, recase

FUNCTION = frozenset({"of", "in", "to", "on", "for", "with", "as", "the", "a"})
COMMON = frozenset({"accuse", "ramming", "ram", "ship", "coast", "guard", "of", "near", "turkey", "meet",
                    "in", "talks", "hold", "amir", "foreign", "minister", "led", "lead"})


def common(word: str) -> bool:
    return any(b in COMMON for b in inflection_bases(word))


def test_title_case_needs_every_content_word_capitalised():
    assert is_title_case("China Accuses Philippines Of Ramming Coast Guard Ship", FUNCTION)
    assert is_title_case("Venezuela Sends Troops to Guyana Border", FUNCTION)
    assert not is_title_case("China accuses Philippines of ramming ship", FUNCTION)
    assert not is_title_case("Iraqi Prime Minister Mohammed Shia al-Sudani demands Turkey halt strikes", FUNCTION)
    assert not is_title_case("Putin Meets Xi", FUNCTION)  # too short to tell


def test_recase_lowers_common_words_and_keeps_names_acronyms_and_offsets():
    text = "China Accuses Philippines Of Ramming Coast Guard Ship"
    new = recase(text, common, [])
    assert new == "China accuses Philippines of ramming coast guard ship"
    assert len(new) == len(text)


def test_recase_keeps_listed_names_and_compounds_with_a_name():
    text = "Turkey Holds Talks With Foreign Minister Amir-Abdollahian In US-Led Meeting"
    new = recase(text, common, [(0, 6)])
    assert new.startswith("Turkey holds talks With foreign minister Amir-Abdollahian in US-Led")


def test_inflection_bases():
    assert "accuse" in inflection_bases("accuses")
    assert "shell" in inflection_bases("shelling")
    assert "ban" in inflection_bases("banned")
    assert "fly" in inflection_bases("flies")
