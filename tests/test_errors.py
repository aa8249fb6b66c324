"""The error codes: registered, grouped in their ranges, and listed in the README exactly as in CODES."""

import re

import pytest

from communique.core.errors import CODES, RANGES, CommuniqueError, InputError, printable, readme_section

from .conftest import REPO

START, END = "<!-- errors:start -->", "<!-- errors:end -->"


def test_errors_readme_section_is_generated_from_codes():
    readme = (REPO / "README.md").read_text("utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1, "README.md lacks the errors markers"
    section = readme.split(START)[1].split(END)[0].strip("\n") + "\n"
    assert section == readme_section(), (
        "README.md's Errors section disagrees with communique.core.errors.CODES; regenerate it with "
        "python -c 'from communique.core.errors import readme_section; print(readme_section(), end=\"\")' "
        "and paste it between the markers")


def test_errors_readme_lists_every_code_once():
    listed = re.findall(r"^\| `(E\d{3})` \|", readme_section(), re.M)
    assert listed == list(CODES)


def test_errors_codes_are_well_formed_and_in_a_known_range():
    for code, meaning in CODES.items():
        assert re.fullmatch(r"E\d{3}", code) and code[1] in RANGES and meaning, code
    assert list(CODES) == sorted(CODES)


def test_errors_unregistered_code_is_refused():
    with pytest.raises(AssertionError, match="E999 is not registered"):
        CommuniqueError("x", code="E999")


def test_errors_messages_with_lone_surrogates_stay_printable():
    e = InputError("caf\udce9.txt", "invalid date '\ud800'", code="E113")
    assert str(e) == "E113 caf\\udce9.txt: invalid date '\\ud800'"
    str(e).encode("utf-8")
    assert printable("plain text") == "plain text"
