"""`newsledger serve`: parsing only (the server itself is exercised by the API and browser tests)."""

from __future__ import annotations

from click.testing import CliRunner

from newsledger.cli import main


def test_serve_help_and_bad_port() -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["serve", "--help"])
    assert shown.exit_code == 0 and "--port" in shown.output and "NEWSLEDGER_TOKEN" in shown.output
    assert runner.invoke(main, ["serve", "--port", "70000"]).exit_code == 2


def test_serve_refuses_a_bad_database_url() -> None:
    result = CliRunner().invoke(main, ["serve", "--db", "mysql://u@h/db"])
    assert result.exit_code == 2 and "not a database URL" in result.output
