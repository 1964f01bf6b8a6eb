"""Every page and its JSON twin, filters, pagination, escaping and the security headers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import N_STORIES
from tests.web.fakes import SHELLINGS, hostile_text_ledger, odesa_shelling, story

PAGES = ["/", "/incidents", "/incidents/{odesa}",
         "/articles", "/statements", "/timeline", "/network", "/map", "/actors", "/actors/RUSGOV", "/ingest"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_and_has_a_json_twin(client: TestClient, path: str) -> None:
    path = path.format(odesa=_odesa_shelling(client)["id"])
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    twin = "/index.json" if path == "/" else path + ".json"
    assert f'href="http://testserver{twin}"' in page.text
    data = client.get(twin)
    assert data.status_code == 200
    assert data.headers["content-type"] == "application/json"


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ["/", "/articles.json", "/static/app.css", "/nope", "/openapi.json"]:
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_lists_are_items_and_next(client: TestClient) -> None:
    first = client.get("/articles.json", params={"size": 10}).json()
    assert set(first) == {"items", "next"}
    assert len(first["items"]) == 10
    seen = [a["id"] for a in first["items"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [a["id"] for a in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == N_STORIES + 1
    dates = [a["published"] for a in client.get("/articles.json", params={"size": 200}).json()["items"]]
    assert dates == sorted(dates, reverse=True)


def _ids(client: TestClient, path: str, **params: Any) -> set[str]:
    return {a["id"] for a in client.get(path, params={"size": 200, **params}).json()["items"]}


def test_article_filters(client: TestClient) -> None:
    everything = _ids(client, "/articles.json")
    ukr_accuses = {story(i).article.id for i in range(N_STORIES) if i % 3 == 0}
    assert _ids(client, "/articles.json", actor="UKR", stance="accuse") == ukr_accuses
    unsupported = {story(i).article.id for i in range(N_STORIES) if i % 2 == 0}
    assert _ids(client, "/articles.json", evidence="unsupported") == unsupported
    odesa = {story(i).article.id for i in range(N_STORIES) if i % 4 == 0}
    assert _ids(client, "/articles.json", q="odesa") == odesa
    assert _ids(client, "/articles.json", plover="assault", modality="denied") == everything - {
        hostile_text_ledger().article.id}
    in_range = _ids(client, "/articles.json", **{"from": "2024-03-05", "to": "2024-03-06"})
    assert in_range == {lg.article.id for lg in map(story, range(N_STORIES))
                        if "2024-03-05" <= (lg.article.published or "") <= "2024-03-06"} != set()
    assert _ids(client, "/articles.json", q="no such words anywhere") == set()
    assert _ids(client, "/articles.json", q="100%_") == set()  # LIKE wildcards are literal


def test_empty_form_fields_mean_no_filter(client: TestClient) -> None:
    params = {"q": "", "actor": "", "from": "", "to": "", "plover": "", "modality": "", "stance": "", "evidence": ""}
    assert client.get("/articles", params=params).status_code == 200
    assert len(_ids(client, "/articles.json", **params)) == N_STORIES + 1


def test_bad_filter_values_are_422_not_500(client: TestClient) -> None:
    assert client.get("/articles.json", params={"stance": "shout"}).status_code == 422
    assert client.get("/articles.json", params={"from": "yesterday"}).status_code == 422
    page = client.get("/articles", params={"page": "0"})
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]


def test_article_page_highlights_every_kind(client: TestClient) -> None:
    lg = story(4)
    page = client.get(f"/articles/{lg.article.id}").text
    for kind in ("speaker", "cue", "content", "trigger", "evidence", "actor"):
        assert f"k-{kind}" in page
    shelling = next(e for e in lg.events if e.trigger.text == "shelling")
    assert f'data-records="{shelling.id} ' in page  # the trigger's own record comes first
    assert f'id="rec-{shelling.id}"' in page and "Odesa" in page and "alleged" in page
    data = client.get(f"/articles/{lg.article.id}.json").json()
    assert data["text"] == lg.text
    assert data["attributions"][0]["stance"] == "accuse"
    assert {e["id"] for e in data["events"]} == {e.id for e in lg.events}


def test_article_text_is_escaped(client: TestClient) -> None:
    lg = hostile_text_ledger()
    page = client.get(f"/articles/{lg.article.id}").text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    listing = client.get("/articles", params={"q": "bold"}).text
    assert "&lt;b&gt;bold&lt;/b&gt;" in listing and "<b>bold" not in listing


def test_unknown_things_are_404(client: TestClient) -> None:
    missing = "0" * 64
    page = client.get(f"/articles/{missing}")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert client.get(f"/articles/{missing}.json").json()["detail"].startswith("no article")
    assert client.get("/actors/ZZZ").status_code == 404
    assert client.get("/actors/ZZZ.json").status_code == 404


def test_timeline_is_in_date_order(client: TestClient) -> None:
    items = client.get("/timeline.json", params={"size": 200}).json()["items"]
    dates = [e["date"] for e in items]
    assert dates == sorted(dates)
    shelling = [e for e in items if e["trigger"] == "shelling"]
    assert all(e["date_source"] == "event" and e["place"]["lat"] for e in shelling)
    assert client.get("/timeline.json", params={"plover": "REQUEST", "size": 200}).json()["items"][0]["source"] == {
        "name": "the State Department", "code": "USAGOV"}


def test_timeline_filters_by_the_events_evidence(client: TestClient) -> None:
    items = client.get("/timeline.json", params={"evidence": "unsupported", "size": 200}).json()["items"]
    assert {e["trigger"] for e in items} == {"shelling"} and {e["evidence"] for e in items} == {"unsupported"}
    assert len(items) == sum(1 for i in range(N_STORIES) if i % 2 == 0)  # "without offering evidence"
    assert client.get("/timeline.json", params={"evidence": "disputed", "size": 200}).json()["items"] == []
    assert 'class="badge ev-unsupported"' in client.get("/timeline", params={"evidence": "unsupported"}).text


def test_network_counts_events_per_pair(client: TestClient) -> None:
    net = client.get("/network.json").json()
    edges = {(e["source"], e["target"], e["plover"]): e["weight"] for e in net["edges"]}
    rus_accuses = sum(1 for i in range(N_STORIES) if i % 3)
    assert edges[("RUSGOV", "UKRGOV", "ACCUSE")] == rus_accuses
    assert edges[("UKRGOV", "RUSGOV", "ACCUSE")] == N_STORIES - rus_accuses
    assert edges[("UKRGOV", "RUSGOV", "REJECT")] == rus_accuses
    assert {n["code"] for n in net["nodes"]} == {"RUSGOV", "UKRGOV"}
    page = client.get("/network").text
    assert page.count('class="edge hostile"') == 2 and 'href="/actors/RUSGOV"' in page
    only = client.get("/network.json", params={"plover": "REJECT"}).json()
    assert {e["plover"] for e in only["edges"]} == {"REJECT"}


def test_map_shows_places_and_counts_the_rest(client: TestClient) -> None:
    data = client.get("/map.json").json()
    assert {p["name"] for p in data["places"]} == {"Odesa", "Kharkiv", "Belgorod", "Kherson"}
    assert sum(p["count"] for p in data["places"]) == N_STORIES
    assert data["events_without_place"] == 4 * N_STORIES
    page = client.get("/map").text
    assert page.count('class="place"') == 4 and "/static/world.svg#countries" in page


def test_actor_page(client: TestClient) -> None:
    data = client.get("/actors/USAGOV.json").json()
    assert data["names"][0] == {"name": "the State Department", "count": N_STORIES}
    assert {s["stance"] for s in data["statements"]} == {"warn"}
    page = client.get("/actors/RUS").text  # a prefix takes in the sub-codes
    assert "RUSGOV" in page and "accuses" in page


def test_static_assets_are_local(client: TestClient) -> None:
    page = client.get("/").text
    assert "http://" not in page.replace("http://testserver", "") and "https://" not in page
    assert client.get("/static/world.svg").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def _odesa_shelling(client: TestClient) -> dict[str, Any]:
    return odesa_shelling(client.get(SHELLINGS).json())


def test_incident_board(client: TestClient) -> None:
    listing = client.get("/incidents.json", params={"size": 100}).json()["items"]
    shellings = {i["place"]: i for i in listing if i["label"] == "shelling"}
    assert set(shellings) == {"Odesa", "Kharkiv", "Belgorod", "Kherson"}   # one per happening, whatever outlet
    odesa_stories = [story(i) for i in range(N_STORIES) if i % 4 == 0]
    inc = shellings["Odesa"]
    assert inc["n_articles"] == len(odesa_stories) and inc["first_date"] == inc["last_date"] == "2024-03-03"
    board = client.get(f"/incidents/{inc['id']}.json").json()
    assert {r["article_id"] for r in board["reports"]} == {lg.article.id for lg in odesa_stories}
    groups = {(g["who"], g["position"]): g for g in board["board"]}
    # story i: the accuser is RUS unless i % 3 == 0, the accused denies any role in "the attack" (the same
    # shelling: a definite mention points back); i % 4 == 0 is even, so no evidence is offered
    rus_accuses = sum(1 for i in range(N_STORIES) if i % 4 == 0 and i % 3)
    assert inc["n_events"] == 2 * len(odesa_stories)                   # "shelling" and "the attack" of each
    assert {k: len(g["statements"]) for k, g in groups.items()} == {
        ("RUS", "accuse"): rus_accuses, ("UKR", "accuse"): len(odesa_stories) - rus_accuses,
        ("UKR", "deny"): rus_accuses, ("RUS", "deny"): len(odesa_stories) - rus_accuses}
    assert groups["RUS", "accuse"]["parties"] == ["UKR"] and groups["UKR", "accuse"]["parties"] == ["RUS"]
    assert groups["UKR", "deny"]["parties"] == ["UKR"]                  # whose part is denied
    assert {st["evidence"] for k, g in groups.items() if k[1] == "accuse" for st in g["statements"]} == {
        "unsupported"}
    assert {st["cue"] for g in groups.values() for st in g["statements"]} == {"accused", "denied"}
    assert all(r["n_claims"] == 2 for r in board["reports"])
    page = client.get(f"/incidents/{inc['id']}").text
    assert "shelling" in page and 'href="/actors/RUSGOV"' in page and "no evidence offered" in page
    assert "denies a part of" in page
    assert client.get("/incidents/nope").status_code == 404
    assert client.get("/incidents.json", params={"actor": "ZZZ"}).json()["items"] == []
    assert {i["id"] for i in client.get("/incidents.json", params={"actor": "UKR", "stance": "accuse",
                                                                   "plover": "ASSAULT", "size": 100}).json()["items"]
            } == {i["id"] for i in shellings.values()}


def test_article_links_to_its_incident(client: TestClient) -> None:
    lg = story(8)  # Odesa
    odesa = _odesa_shelling(client)
    data = client.get(f"/articles/{lg.article.id}.json").json()
    assert odesa["id"] in {i["id"] for i in data["incidents"]}
    shelling = next(e for e in data["events"] if e["trigger"]["text"] == "shelling")
    assert shelling["incident_id"] == odesa["id"]
    page = client.get(f"/articles/{lg.article.id}").text
    assert f'href="/incidents/{odesa["id"]}"' in page
    story_id = data["article"]["story_id"]
    assert story_id and f'data-story="{story_id}"' in page
    assert "copy_of" in data["article"]
    assert odesa["n_reports"] >= odesa["n_independent"] >= 1


def test_incidents_without_linking_tables(store: object, writer: TestClient) -> None:
    assert writer.get("/incidents.json").json() == {"items": [], "next": None}
    assert "No incidents yet" in writer.get("/incidents").text
    assert writer.get("/incidents/x.json").status_code == 404


def test_statements_filtered_by_confidence(client: TestClient) -> None:
    items = client.get("/statements.json", params={"size": 200, "min_confidence": 0.8}).json()["items"]
    assert items and all(s["confidence"] >= 0.8 for s in items)
    everything = client.get("/statements.json", params={"size": 200}).json()["items"]
    assert len(everything) > len(items)  # statements with no or low confidence are left out
    unsure = {s["id"] for s in everything if s["confidence"] is not None and s["confidence"] < 0.8}
    assert unsure and not unsure & {s["id"] for s in items}
    page = client.get("/statements", params={"min_confidence": 0.8})
    assert page.status_code == 200 and 'name="min_confidence"' in page.text and 'class="confidence"' in page.text
    assert client.get("/statements.json", params={"min_confidence": 1.5}).status_code == 422
    with_conf = _ids(client, "/articles.json", min_confidence=0.85)
    assert with_conf and with_conf < _ids(client, "/articles.json")


def test_timeline_and_article_page_use_the_events_confidences(tmp_path: Any) -> None:
    from newsledger.api import Settings, create_app
    from newsledger.store import open_store
    from tests.store.factory import make_article_ledger

    # the factory's shelling carries the confidences given; its denial, like every event of article 3, none
    sure = make_article_ledger(1, event_confidence=(0.93, 0.86))
    unsure = make_article_ledger(2, event_confidence=(0.9, 0.3))
    with open_store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        store.add_many([sure, unsure, make_article_ledger(3)])
        with TestClient(create_app(Settings(seed_example=False), store=store)) as c:
            kept = c.get("/timeline.json", params={"min_confidence": 0.8, "size": 200}).json()["items"]
            assert [(e["article_id"], e["trigger"]) for e in kept] == [(sure.article.id, "shelled")]
            assert len(c.get("/timeline.json", params={"size": 200}).json()["items"]) == 6
            page = c.get(f"/articles/{sure.article.id}").text
            assert "0.93 / 0.86" in page


def test_the_home_page_lists_one_incident_a_story(client: TestClient, fake_db: str) -> None:
    from newsledger.link import reading
    from newsledger.link.linker import open_ledger

    home = [i["id"] for i in client.get("/index.json").json()["incidents"]]
    with open_ledger(fake_db) as store:
        first = [r["id"] for r in reading.list_incidents(store, limit=10, per_story=True)]
        every = reading.list_incidents(store, limit=1000)
    assert home == first
    story_of = {r["id"]: r["story_id"] for r in every}
    assert len({story_of[i] for i in home}) == len(home)


def test_a_query_parameter_given_twice_is_refused(client: TestClient) -> None:
    data = client.get("/articles.json?page=1&page=2")
    assert data.status_code == 422
    assert data.json()["detail"][0]["loc"] == ["query", "page"]
    page = client.get("/statements?stance=accuse&stance=deny")
    assert page.status_code == 422 and "stance: given more than once" in page.text
    assert client.get("/articles.json?page=1&size=5").status_code == 200
