"""The web UI in headless Chromium: every page opens without errors (CSP violations are console errors),
highlights show their records, filters and links lead where they should, markup in articles stays text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newsledger import example_article
from newsledger.api import Settings, create_app
from tests.web.browser import LiveServer
from tests.web.fakes import SHELLINGS, hostile_text_ledger, odesa_shelling, story

pytestmark = [pytest.mark.browser, pytest.mark.model]

PAGES = ["/", "/incidents", "/incidents/{odesa}",
         "/articles", "/statements", "/timeline", "/network", "/map", "/actors", "/actors/RUSGOV", "/ingest"]


@pytest.mark.parametrize("path", PAGES)
def test_page_opens_cleanly_on_desktop_and_phone(page: Any, path: str) -> None:
    path = path.format(odesa=_odesa_shelling(page))
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(path)
        assert response.status == 200
        assert page.locator("main h1").first.is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    assert page.errors == []


def test_fresh_install_opens_on_the_example(page: Any, tmp_path: Path) -> None:
    app = create_app(Settings(db_url=str(tmp_path / "fresh.db")))  # an empty ledger, as on a fresh install
    with LiveServer(app) as url:
        page.goto(url + "/")
        _open_example(page)


def _open_example(page: Any) -> None:
    example = page.locator("ul.articles a", has_text=example_article().title)
    assert example.count() == 1
    example.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{64}$"))
    assert page.locator("#article-title").inner_text() == example_article().title
    assert page.locator("#text .k-speaker").count() >= 5
    assert page.locator("#text .k-trigger").count() >= 5


def test_article_highlights_open_their_records(page: Any) -> None:
    lg = story(4)
    page.goto(f"/articles/{lg.article.id}")
    text = page.locator("#text")
    assert text.inner_text() == lg.text
    for kind, expected in (("speaker", "The Russian defence ministry"), ("cue", "accused"), ("trigger", "shelling"),
                           ("evidence", "without offering evidence")):
        assert expected in page.locator(f"#text .k-{kind}").all_inner_texts()
    # hover a trigger: the popover shows the event's record first, then the statement it sits in
    page.locator("#text .k-trigger", has_text="shelling").hover()
    pop = page.locator("#popover")
    pop.wait_for(state="visible")
    cards = pop.locator(".rec")
    assert "ASSAULT" in cards.nth(0).inner_text() and "alleged" in cards.nth(0).inner_text()
    assert "Odesa" in cards.nth(0).inner_text() and "2024-03-03" in cards.nth(0).inner_text()
    incident = cards.nth(0).locator("a.incident-link").inner_text()          # the incident linking put it in
    assert incident.startswith("shelling · ") and incident.endswith(" · Odesa")
    assert "accuses" in cards.nth(1).inner_text() and "no evidence offered" in cards.nth(1).inner_text()
    # click the speaker: the record is pinned and marked in the side panel, with the actor code
    page.locator("#text .k-speaker", has_text="The Russian defence ministry").click()
    assert pop.is_visible() and "RUSGOV" in pop.inner_text()
    statement = lg.attributions[0]
    assert page.locator(f"#rec-{statement.id}").get_attribute("class").split()[-1] == "selected"
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    # through the actor code to the actor's page
    page.locator(f"#rec-{statement.id} a.chip", has_text="RUSGOV").click()
    page.wait_for_url("**/actors/RUSGOV")
    assert page.locator("#actor-code").inner_text() == "RUSGOV"
    assert page.locator("table.edges").inner_text().count("accuses") >= 1
    assert page.errors == []


def test_markup_in_articles_is_shown_not_run(page: Any) -> None:
    lg = hostile_text_ledger()
    page.goto(f"/articles/{lg.article.id}")
    assert page.locator("#text").inner_text() == lg.text
    assert page.locator("#article-title").inner_text() == lg.article.title
    assert page.locator("#text img, #text script, #text b").count() == 0
    page.locator("#text .k-speaker").hover()
    page.locator("#popover").wait_for(state="visible")
    assert page.errors == []  # no alert() dialog, no error


def test_filters_narrow_the_list(page: Any) -> None:
    page.goto("/articles")
    page.select_option("select[name=stance]", "accuse")
    page.fill("input[name=actor]", "UKR")
    page.click("form.filters button")
    page.wait_for_url(re.compile(r"stance=accuse"))
    titles = page.locator("ul.articles .title").all_inner_texts()
    assert titles and all(t.startswith("UKR accuses") for t in titles)
    assert len(titles) == sum(1 for i in range(12) if i % 3 == 0)


def test_network_links_to_actors(page: Any) -> None:
    page.goto("/network")
    assert page.locator("path.edge.hostile").count() >= 2
    page.locator("a.net-link", has=page.locator("circle")).first.click()
    page.wait_for_url(re.compile(r"/actors/[A-Z]+$"))
    assert page.errors == []


def test_map_draws_the_world_and_the_places(page: Any) -> None:
    page.goto("/map")
    land = page.evaluate("document.querySelector('.map-land use').getBBox().width")
    assert land > 1000  # the country outlines were loaded from /static/world.svg
    places = page.locator("table.places").inner_text()
    rows = page.locator("table.places tbody tr").count()
    assert page.locator("circle.place").count() == rows  # one circle per place with coordinates
    for city in ("Kharkiv", "Odesa", "Kherson", "Belgorod", "Moscow"):  # the stories' cities, the example's
        assert city in places
    page.locator("a.place-link", has=page.locator("title", has_text="Odesa")).click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{64}#rec-"))
    assert page.errors == []


def test_timeline_groups_by_day(page: Any) -> None:
    page.goto("/timeline?plover=ASSAULT&modality=alleged&from=2024-01-01")
    days = page.locator("section.day time").all_inner_texts()
    assert days == sorted(days) and len(days) == len(set(days)) == 4   # the series' four happenings
    assert page.locator(".event-row", has_text="shelling").count() == 12


def test_ingest_page_previews_pasted_text(page: Any) -> None:
    page.goto("/ingest")
    page.fill("#text-input", "The mayor said on Tuesday that the bridge had been closed after an explosion.")
    page.fill("input[name=title]", "Bridge closed")
    page.click("button[value=preview]")
    page.locator("#preview-notice").wait_for()
    assert page.locator("#article-title").inner_text() == "Bridge closed"
    assert "The mayor" in page.locator("#text .k-speaker").all_inner_texts()
    assert page.errors == []


def test_ingest_page_stores_with_the_token(page: Any) -> None:
    page.goto("/ingest")
    page.fill("#text-input", "Rescue teams said the fire at the depot was put out overnight. A store test.")
    page.fill("input[name=token]", "browser-token")
    page.click("button[value=store]")
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]{64}$"))
    assert page.locator("#preview-notice").count() == 0
    assert "Rescue teams" in page.locator("#text .k-speaker").all_inner_texts()


def _odesa_shelling(page: Any) -> str:
    """The id of the incident the linker made of the Odesa stories' shelling."""
    return str(odesa_shelling(page.request.get(SHELLINGS).json())["id"])


def test_click_through_article_incident_actor(page: Any) -> None:
    lg = story(4)  # Odesa; the Russian defence ministry accuses, without evidence
    odesa = _odesa_shelling(page)
    page.goto(f"/articles/{lg.article.id}")
    page.locator("p.incident-links a.incident-link", has_text="shelling").filter(has_text="Odesa").click()
    page.wait_for_url(f"**/incidents/{odesa}")
    assert page.locator("#incident-label").inner_text() == "shelling"
    assert page.locator("#incident-place").inner_text() == "Odesa"
    rus = page.locator("section.claim-group[data-who=RUS][data-position=accuse]")
    assert "blames" in rus.inner_text() and "UKR" in rus.inner_text()
    assert "no evidence offered" in rus.inner_text()
    assert page.locator("table.board-articles tbody tr").count() == 3  # stories 0, 4 and 8 of 12
    denials = page.locator("section.claim-group[data-position=deny]")  # of "the attack": the same shelling
    assert denials.count() == 2 and "denies a part of" in denials.first.inner_text()
    rus.locator("a.claimant-code", has_text="RUSGOV").click()
    page.wait_for_url("**/actors/RUSGOV")
    assert page.locator("#actor-code").inner_text() == "RUSGOV"
    assert page.errors == []
