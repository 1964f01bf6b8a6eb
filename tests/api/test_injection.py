"""SQL injection and cross-site scripting, on SQLite and PostgreSQL: payloads in every query and path
parameter of every page and JSON twin, and in every text field of a stored article. Never a server error,
the tables intact afterwards, every payload rendered as text, never as markup; writes refused without
the token (or with a wrong one) and nothing changed by the refused ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from newsledger.api import Settings, create_app
from newsledger.ids import article_id, record_id
from newsledger.records import Actor, ArticleInfo, Attribution, Event, Ledger, PlaceRef, Speaker, TextSpan, TimeRef
from newsledger.store import Store, open_store
from tests.api.conftest import TOKEN
from tests.web.fakes import PIPELINE, hostile_text_ledger, incident_of, store_linked, story

SQL = ["' OR 1=1 --", '"; DROP TABLE articles; --', "%' UNION SELECT id, text FROM articles --",
       "1); DELETE FROM events; --", "\\'; SELECT pg_sleep(1); --", "RUS%", "_", "\x00", "' OR ''='"]
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
       "javascript:alert(1)", "{{7*7}}{% raw %}", "</textarea><script>alert(3)</script>"]
MARKUP = [p for p in XSS if "<" in p]          # what must never appear unescaped in a page
PAYLOADS = SQL + XSS + ["a" * 5000, "‮ﷺ\U0001f600", "../../etc/passwd", "%00", "%2e%2e%2f"]


def payload_ledger() -> Ledger:
    """An article whose every text field carries a payload: title, source, URL, id, actors, speaker,
    cue, content, event trigger, time and place."""
    parts: list[str] = []

    def add(s: str) -> TextSpan:
        start = sum(map(len, parts))
        parts.append(s)
        return TextSpan(s, start, start + len(s))

    speaker = add("<script>alert('speaker')</script>")
    add(" ")
    cue = add("said")
    add(" ")
    content = add("' OR 1=1 -- <img src=x onerror=alert('content')>")
    add(" ")
    trigger = add("<b onmouseover=alert('trigger')>attacked</b>")
    add(" ")
    when = add("<i>Monday</i>")
    add(" ")
    where = add('"><svg onload=alert(\'place\')>')
    add(".")
    text = "".join(parts)
    aid = article_id(text)
    actor = Actor(record_id("actor", aid, 1), "<script>alert('actor')</script>", "PER", "RUS", "GOV", "RUSGOV",
                  ((speaker.start, speaker.end),))
    att = Attribution(record_id("att", aid, cue.start), Speaker(speaker.text, speaker.start, speaker.end, actor.id),
                      cue, content, "indirect", "accuse", "unsupported")
    event = Event(record_id("event", aid, trigger.start), trigger, "ASSAULT", "190", actor.id, None, "alleged",
                  att.id, TimeRef(when.text, "2024-05-06", "day", when.start, when.end),
                  PlaceRef(where.text, where.start, where.end, "<img src=x onerror=alert('name')>", 1, 50.0, 30.0,
                           "UA"))
    info = ArticleInfo(aid, "<script>alert('title')</script>", "2024-05-07", "<img src=x onerror=alert('source')>",
                       "javascript:alert('url')", "'; DROP TABLE articles; --")
    return Ledger(info, (actor,), (att,), (event,), PIPELINE, text)


def _fill(store: Store) -> None:
    stories = [story(i) for i in range(6)]
    store_linked(store, [*stories, hostile_text_ledger(), payload_ledger()])   # linked as ingest links


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One ledger per backend for the module: the tests that write must leave it as they found it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('injection') / 'ledger.db'}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database()
    with open_store(url) as store:
        _fill(store)
        yield store
    if request.param == "postgresql":
        cluster.drop_database(url)


def _client(store: Store) -> TestClient:
    return TestClient(create_app(Settings(token=TOKEN, seed_example=False, write_rate=10_000), store=store),
                      raise_server_exceptions=False)


@pytest.fixture(scope="module")
def app_client(hostile_store: Store) -> Iterator[TestClient]:
    with _client(hostile_store) as c:
        yield c


def _state(store: Store) -> tuple[list[str], dict[str, int]]:
    with store.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
    return tables, store.counts()


def _get_operations(client: TestClient) -> list[tuple[str, list[str], list[str]]]:
    """(path template, path parameters, query parameters) of every GET operation but static files."""
    out = []
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        op = ops.get("get")
        if op is None:
            continue
        params = op.get("parameters", [])
        out.append((path, [p["name"] for p in params if p["in"] == "path"],
                    [p["name"] for p in params if p["in"] == "query"]))
    return out


REAL = {"article_id": payload_ledger().article.id, "code": "RUSGOV"}


def _real(store: Store) -> dict[str, str]:
    """Real values for path parameters: the payload article, its incident (labelled by its hostile trigger)."""
    return {**REAL, "incident_id": incident_of(store, payload_ledger().events[0].id)}


def _check(resp: Any, url: str) -> None:
    assert resp.status_code < 500, (url, resp.status_code, resp.text[:300])
    if resp.headers.get("content-type", "").startswith("text/html"):
        for markup in MARKUP:
            assert markup not in resp.text, (url, markup)


def test_payloads_in_every_parameter(app_client: TestClient, hostile_store: Store) -> None:
    before = _state(hostile_store)
    real = _real(hostile_store)
    # markup is rendered the same whatever the database: it is sent to the HTML pages on one backend
    html = hostile_store.engine.dialect.name == "sqlite"
    operations = _get_operations(app_client)
    assert len(operations) >= 20
    sent = 0
    for path, path_params, query_params in operations:
        base = path
        for name in path_params:
            base = base.replace("{" + name + "}", real[name])
        for payload in PAYLOADS if html and not path.endswith(".json") else [*SQL, "a" * 5000]:
            for name in query_params:
                resp = app_client.get(base, params={name: payload})
                _check(resp, f"{base}?{name}={payload!r}")
                sent += 1
            for name in path_params:
                url = path.replace("{" + name + "}", quote(payload, safe=""))
                for other in path_params:
                    url = url.replace("{" + other + "}", real[other])
                _check(app_client.get(url), url)
                sent += 1
    assert sent > 500
    assert _state(hostile_store) == before                      # nothing dropped, deleted or added


def test_searched_payloads_are_echoed_escaped(app_client: TestClient) -> None:
    for payload in MARKUP:
        page = app_client.get("/articles", params={"q": payload, "actor": payload})
        assert page.status_code == 200
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        assert escaped in page.text and payload not in page.text


def test_sql_payloads_are_data_not_code(app_client: TestClient) -> None:
    everything = {a["id"] for a in app_client.get("/articles.json", params={"size": 200}).json()["items"]}
    assert len(everything) == 8
    for payload in SQL:
        resp = app_client.get("/articles.json", params={"q": payload, "size": 200})
        if "\x00" in payload:          # no text holds NUL; PostgreSQL refuses it: a 422, never a 500
            assert resp.status_code == 422
            continue
        found = {a["id"] for a in resp.json()["items"]}
        assert found != everything or payload == "_", payload      # ' OR 1=1 did not match every article
    # the article whose text holds "' OR 1=1 --" is found by searching for exactly that
    found = app_client.get("/articles.json", params={"q": "' OR 1=1 --"}).json()["items"]
    assert [a["id"] for a in found] == [payload_ledger().article.id]
    assert app_client.get("/articles.json", params={"actor": "RUS%"}).json()["items"] == []


PAGES = ["/", "/articles", "/statements", "/timeline", "/network", "/map", "/actors", "/actors/RUSGOV",
         "/incidents", "/incidents/{incident_id}", f"/articles/{payload_ledger().article.id}",
         f"/articles/{hostile_text_ledger().article.id}"]


@pytest.mark.parametrize("page", PAGES)
def test_stored_payloads_are_rendered_as_text(app_client: TestClient, hostile_store: Store, page: str) -> None:
    page = page.format(incident_id=_real(hostile_store)["incident_id"])
    resp = app_client.get(page)
    assert resp.status_code == 200
    html = resp.text
    for tag in ("<script>alert", "<img src=x", "<b onmouseover", "<svg onload", "<i>Monday"):
        assert tag not in html, tag                                   # as text (&lt;...) only, never a tag
    assert 'href="javascript:' not in html.lower()
    if page.endswith(payload_ledger().article.id):
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
        assert "javascript:alert(&#39;url&#39;)" in html                # shown as text, not linked
    json_twin = app_client.get(("/index" if page == "/" else page) + ".json")
    assert json_twin.status_code == 200 and json_twin.headers["content-type"] == "application/json"


WRONG = [None, "", "Bearer", "Bearer ", "Bearer wrong", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"bearer  {TOKEN}x",
         f"Basic {TOKEN}", TOKEN, f"Bearer {TOKEN}\x00", "Bearer ' OR 1=1 --"]


@pytest.mark.parametrize("header", WRONG)
def test_writes_without_the_right_token_change_nothing(app_client: TestClient, hostile_store: Store,
                                                       header: str | None) -> None:
    before = _state(hostile_store)
    headers = {"Authorization": header} if header is not None else {}
    victim = story(0).article.id
    assert app_client.delete(f"/api/articles/{victim}", headers=headers).status_code == 401
    assert app_client.post("/api/articles", json={"text": "An injected story."}, headers=headers).status_code == 401
    assert _state(hostile_store) == before
    assert app_client.get(f"/articles/{victim}.json").status_code == 200


@pytest.mark.parametrize("token", ["", "wrong", f"{TOKEN}x", TOKEN[:-1], f" {TOKEN[1:]}", f"Bearer {TOKEN}",
                                   f"{TOKEN}\x00", "' OR 1=1 --"])
def test_the_ingest_form_without_the_right_token_stores_nothing(app_client: TestClient, hostile_store: Store,
                                                               token: str) -> None:
    before = _state(hostile_store)
    resp = app_client.post("/ingest/submit", data={"text": "An injected story.", "action": "store", "token": token})
    assert resp.status_code == 401
    assert _state(hostile_store) == before


def test_the_right_token_can_delete(store_url: str) -> None:
    with open_store(store_url) as store, _client(store) as client:
        _fill(store)
        victim = story(0).article.id
        resp = client.delete(f"/api/articles/{victim}", headers={"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 204
        assert client.get(f"/articles/{victim}.json").status_code == 404
