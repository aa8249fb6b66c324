"""core.resources.read_yaml: libyaml's parser gives what the pure-Python one gave; errors are the pure-Python one's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from communique.core import resources
from communique.core.errors import DataFileError

SRC = Path(__file__).resolve().parents[1] / "src" / "communique"


@pytest.mark.skipif(resources.FAST_LOADER is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", sorted(SRC.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_packaged_yaml_file_parses_to_the_same_data_and_lines_in_both_parsers(path: Path):
    text = path.read_text("utf-8")
    assert resources._parse_yaml(text, resources.FAST_LOADER) == resources._parse_yaml(text, yaml.SafeLoader)


def test_a_file_that_is_not_yaml_fails_with_the_pure_python_parsers_message(tmp_path: Path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bad.yaml").write_text("a:\n  - one\n b: [two\n", "utf-8")
    (tmp_path / "__init__.py").write_text("", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path.parent))
    package = tmp_path.name
    try:
        yaml.safe_load((tmp_path / "data" / "bad.yaml").read_text("utf-8"))
    except yaml.MarkedYAMLError as e:
        expected = f"{e.problem_mark.line + 1}: not valid YAML ({e.problem})"
    with pytest.raises(DataFileError) as got:
        resources.read_yaml(package, "bad.yaml")
    assert str(got.value).endswith(expected)


def test_a_key_given_twice_in_one_mapping_fails_with_both_lines(yaml_doc):
    # YAML itself keeps the last value of a repeated key and drops the first without a word.
    with pytest.raises(DataFileError) as got:
        yaml_doc("verbs:\n  A: [one]\n  B: [two]\n  A: [three]\n")
    assert str(got.value).endswith("test.yaml:4: not valid YAML (key 'A' given twice (first on line 2; only the "
                                   "last would count))")
