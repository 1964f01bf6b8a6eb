"""Writes need the operator's token; bodies and write rates are limited; posted articles are analysed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsledger.api import Settings, create_app
from newsledger.api.security import RateLimit
from newsledger.store import Store
from tests.api.conftest import TOKEN
from tests.web.fakes import story

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = ("The harbour authority said on Monday that a cargo ship had been struck by a missile near the port. "
        "Officials denied that the navy was involved.")


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    r = client.post("/api/articles", json={"text": TEXT}, headers=AUTH)
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    assert client.delete(f"/api/articles/{story(0).article.id}", headers=AUTH).status_code == 403
    assert client.get(f"/articles/{story(0).article.id}.json").status_code == 200
    assert client.get("/ingest.json").json()["read_only"] is True


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN, "Bearer "])
def test_writes_need_the_right_token(writer: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    r = writer.post("/api/articles", json={"text": TEXT}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.model
def test_post_analyses_and_stores_once(writer: TestClient, store: Store) -> None:
    r = writer.post("/api/articles", json={"text": TEXT, "title": "Ship struck", "published": "2024-06-04",
                                           "id": "mine-1"}, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and body["url"].endswith(f"/articles/{body['id']}")
    assert body["ledger"]["article"]["external_id"] == "mine-1"
    assert any(a["cue"] and a["cue"]["text"] == "said" for a in body["ledger"]["attributions"])
    assert store.count() == 1
    again = writer.post("/api/articles", json={"text": TEXT}, headers=AUTH)
    assert again.status_code == 200 and again.json()["created"] is False
    assert store.count() == 1
    page = writer.get(f"/articles/{body['id']}")
    assert "k-cue" in page.text and "Ship struck" in page.text
    assert writer.delete(f"/api/articles/{body['id']}", headers=AUTH).status_code == 204
    assert store.count() == 0
    assert writer.delete(f"/api/articles/{body['id']}", headers=AUTH).status_code == 404


def test_bad_articles_are_refused_with_reasons(writer: TestClient) -> None:
    assert writer.post("/api/articles", json={"text": "   "}, headers=AUTH).status_code == 422
    assert writer.post("/api/articles", json={"text": "x", "published": "2023-02-30"}, headers=AUTH).status_code == 422
    assert writer.post("/api/articles", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
                       ).status_code == 422


def test_request_size_is_limited(store: Store) -> None:
    app = create_app(Settings(token=TOKEN, seed_example=False, max_body_bytes=1000), store=store)
    with TestClient(app) as c:
        r = c.post("/api/articles", json={"text": "a" * 5000}, headers=AUTH)
        assert r.status_code == 413
        assert "content-security-policy" in r.headers

        def chunks() -> object:  # no Content-Length: the limit applies while the body streams
            yield b'{"text": "'
            for _ in range(20):
                yield b"a" * 100
            yield b'"}'

        streamed = c.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_writes_are_rate_limited(store: Store) -> None:
    app = create_app(Settings(token=TOKEN, seed_example=False, write_rate=3), store=store)
    with TestClient(app) as c:
        codes = [c.post("/api/articles", json={"text": "   "}, headers=AUTH).status_code for _ in range(5)]
        assert codes[:3] == [422, 422, 422] and codes[3:] == [429, 429]
        assert c.get("/articles.json").status_code == 200  # reads are not limited


def test_rate_limit_refills() -> None:
    now = [0.0]
    limiter = RateLimit(lambda *a: None, per_minute=60, clock=lambda: now[0])  # type: ignore[arg-type,return-value]
    assert limiter.allow("a") == 0
    for _ in range(59):
        limiter.allow("a")
    assert limiter.allow("a") > 0
    assert limiter.allow("b") == 0  # per client
    now[0] += 1.0
    assert limiter.allow("a") == 0


@pytest.mark.model
def test_ingest_form_previews_without_storing(writer: TestClient, store: Store) -> None:
    r = writer.post("/ingest/submit", data={"text": TEXT, "title": "<i>Preview</i>", "action": "preview"})
    assert r.status_code == 200
    assert "Preview: this analysis was not stored" in r.text and "k-speaker" in r.text
    assert "&lt;i&gt;Preview&lt;/i&gt;" in r.text
    assert store.count() == 0


@pytest.mark.model
def test_ingest_form_stores_with_token_and_uploads(writer: TestClient, store: Store) -> None:
    refused = writer.post("/ingest/submit", data={"text": TEXT, "action": "store", "token": "nope"})
    assert refused.status_code == 401 and store.count() == 0
    r = writer.post("/ingest/submit", data={"action": "store", "token": TOKEN},
                    files={"upload": ("a.txt", TEXT.encode(), "text/plain")}, follow_redirects=False)
    assert r.status_code == 303 and "/articles/" in r.headers["location"]
    assert store.count() == 1
    bad = writer.post("/ingest/submit", data={"action": "preview"},
                      files={"upload": ("b.txt", b"\xff\xfe\x00bad", "text/plain")})
    assert bad.status_code == 422 and "not UTF-8" in bad.text
