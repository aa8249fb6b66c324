"""The actors stage's word lists as data (data/words.yaml): compositions, loading, file:line errors."""

from __future__ import annotations

import pytest

from communique.core.errors import DataFileError
from communique.core.resources import data_file, read_yaml
from communique.stages.actors import words
from communique.stages.lexicon import words as shared


def test_actors_words_locative_is_the_shared_locative_and_path_prepositions_less_throughout():
    expected = (shared("locative_prepositions") | shared("path_prepositions")) - {"throughout"}
    assert words.LOCATIVE == expected
    assert {"in", "at", "via", "to"} <= words.LOCATIVE and "throughout" not in words.LOCATIVE


@pytest.mark.parametrize(
    "composed, parts, added",
    [
        (words.SUBJECT_LEAD_WORDS, [words.DETERMINERS], {"also"}),
        (words.ACTOR_HYPHEN_SUFFIXES, [words.SPONSOR, words.LED], {"held"}),
    ],
)
def test_actors_words_composition_of_own_lists(composed, parts, added):
    assert composed == frozenset().union(*parts) | added


def test_actors_words_every_entry_loads():
    # A YAML word such as `on` or `no` read as a boolean would fail here, naming its line.
    doc = read_yaml(words.PACKAGE, "words.yaml")
    for key, value in doc.data.items():
        got = words.mapping(key) if isinstance(value, dict) and "lexicon" not in value and "lists" not in value \
            else words.word_list(key)
        assert got, key
    assert "on" in words.FUNCTION_WORDS


def test_actors_words_missing_list_names_the_file():
    with pytest.raises(DataFileError, match=r"^E302 communique/stages/actors/data/words\.yaml:1: missing list 'nope'"):
        words.word_list("nope")


def test_actors_words_wrong_shape_names_the_entry_line():
    line = next(n for n, text in enumerate(words_yaml().splitlines(), 1) if text.startswith("determiners:"))
    where = rf"communique/stages/actors/data/words\.yaml:{line}"
    with pytest.raises(DataFileError, match=rf"^E302 {where}: 'determiners' must be a mapping"):
        words.mapping("determiners")


def words_yaml() -> str:
    return data_file(words.PACKAGE, "words.yaml").read_text("utf-8")


def test_actors_words_sector_codes_and_mappings_keep_their_case():
    assert words.STATELESS_SECTORS == {"IGO", "NGO"}
    assert words.SECTOR_LABELS["NGO"] == "NGO" and words.SECTOR_LABELS["POL"] == "police"
    assert words.ENTITY_LABELS["demonym"] == "NORP"
    assert words.COLLECTIVE_TITLE_PREFIXES == ("the", "two", "both")
