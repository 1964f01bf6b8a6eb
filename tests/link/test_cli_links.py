"""``newsledger incidents / claims / contradictions`` on a small hand-made ledger."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsledger.cli import main
from newsledger.link.linker import update_links
from newsledger.store import open_store
from tests.link.ledgers import BRIDGE_A, BRIDGE_B, HARVEST, STRIKE_A, STRIKE_B, build


def make_db(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add_many([build(s) for s in (BRIDGE_A, BRIDGE_B, HARVEST)])
        update_links(store)


def test_incidents_claims_contradictions(db_url: str) -> None:
    make_db(db_url)
    runner = CliRunner()
    out = runner.invoke(main, ["incidents", "--db", db_url, "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert rows[0]["n_articles"] == 2
    one = runner.invoke(main, ["incidents", rows[0]["id"], "--db", db_url, "--format", "jsonl"])
    board = json.loads(one.output)["board"]
    assert {(g["who"], g["position"]) for g in board} == {("VEL", "accuse"), ("OST", "deny"), ("MAR", "doubt")}
    table = runner.invoke(main, ["incidents", rows[0]["id"], "--db", db_url])
    assert table.exit_code == 0 and "who blames whom" in table.output
    claims = runner.invoke(main, ["claims", "--actor", "OST", "--db", db_url, "--format", "jsonl"])
    assert claims.exit_code == 0
    assert all(any(s["actor_code"] == "OST" for s in json.loads(line)["statements"])
               for line in claims.output.splitlines())
    assert claims.output.strip()
    every = runner.invoke(main, ["claims", "--db", db_url, "--format", "jsonl"])
    counts = [(c["n_reports"], c["n_independent"]) for c in map(json.loads, every.output.splitlines())]
    assert counts and all(r >= i >= 1 for r, i in counts)
    two = runner.invoke(main, ["claims", "--min-independent", "2", "--db", db_url, "--format", "jsonl"])
    assert two.exit_code == 0
    assert len(two.output.splitlines()) == sum(1 for _, i in counts if i >= 2)
    assert "independent" in runner.invoke(main, ["claims", "--db", db_url]).output
    assert runner.invoke(main, ["contradictions", "--db", db_url]).exit_code == 0
    contra = runner.invoke(main, ["contradictions", "--db", db_url, "--format", "jsonl"])
    assert [json.loads(line)["note"] for line in contra.output.splitlines()] == ["VEL blames OST; OST denies"]


def test_unknown_incident_is_exit_2(db_url: str) -> None:
    make_db(db_url)
    out = CliRunner().invoke(main, ["incidents", "0000000000000000", "--db", db_url])
    assert out.exit_code == 2
    assert "no incident with id '0000000000000000'" in out.output


def test_link_command_links_what_is_stored_and_is_resumable(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add_many([build(s) for s in (BRIDGE_A, BRIDGE_B, HARVEST)])
    runner = CliRunner()
    first = runner.invoke(main, ["link", "--db", db_url])
    assert first.exit_code == 0 and "linked 3 articles" in first.output
    again = runner.invoke(main, ["link", "--db", db_url])
    assert again.exit_code == 0 and "linked 0 articles" in again.output
    rows = runner.invoke(main, ["incidents", "--db", db_url, "--format", "jsonl"]).output.splitlines()
    assert json.loads(rows[0])["n_reports"] == 2


def test_incidents_per_story(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add_many([build(s) for s in (STRIKE_A, STRIKE_B, BRIDGE_A, BRIDGE_B, HARVEST)])
        update_links(store)
    runner = CliRunner()
    every = [json.loads(x) for x in runner.invoke(main, ["incidents", "--db", db_url, "--format", "jsonl"]).output
             .splitlines()]
    out = runner.invoke(main, ["incidents", "--per-story", "--db", db_url, "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    first = [json.loads(x) for x in out.output.splitlines()]
    assert len(first) == len({r["story_id"] for r in every}) < len(every)
    assert len({r["story_id"] for r in first}) == len(first)
