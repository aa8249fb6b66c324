"""The `communique eval` command's usage errors (no model, no data needed)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from communique.surfaces.cli import app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "nope"], "Error: E502 unknown dataset 'nope'. Choose one of: plover_gsr"),
        (["eval", "plover_gsr", "--allow-lower"], "Error: E005 --allow-lower only makes sense with --update-baseline."),
        (["eval", "plover_gsr", "--data", "/nonexistent/data"], "Error: E501 /nonexistent/data: no such data folder."),
        (["eval", "plover_gsr", "--baseline", "b.json"], "Error: E005 --baseline only makes sense with --update-baseline"),
        (["eval", "plover_gsr", "--update-baseline", "--half", "tune"],
         "Error: E005 --update-baseline pins both halves with the packaged settings"),
        (["eval", "plover_gsr", "--half", "both"], "Invalid value for '--half'"),
    ],
)
def test_eval_cli_usage_errors(args, message):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_eval_cli_has_help():
    result = CliRunner().invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    for option in ("--update-baseline", "--calibration", "--half", "--errors", "--baseline", "--config"):
        assert option in result.output, option
