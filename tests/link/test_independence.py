"""Independent sources: outlets cited by speakers, agency credits, copies, and the counts the store keeps."""

from __future__ import annotations

from dataclasses import replace

from newsledger.link import independence, reading
from newsledger.link.claims import statements
from newsledger.link.linker import update_links
from newsledger.store import open_store
from tests.link.ledgers import BRIDGE_A, BRIDGE_B, NATIONS, Spec, build

# the Daily Courier's story, republished by another site: a dateline credit and a newsletter line added
COPY_OF_A = replace(
    BRIDGE_A, text="KESSEL (Daily Courier) - " + BRIDGE_A.text + "\n\nSign up for our newsletter to get the "
    "day's top stories in your inbox every morning.", source="Metro Gazette")

RELAYED = Spec(
    "Reuters reported that saboteurs blew up the Kessel river bridge in Veloria on Monday night. "
    "The bridge carried the main road north of the capital.",
    source="Harbour Times", published="2031-03-05", actors=NATIONS,
    events=[("blew up", "ASSAULT", None, None, "actual", "2031-03-03")],
    statements=[("Reuters", "reported", "that saboteurs blew up the Kessel river bridge in Veloria on Monday night",
                 "assert", "none")])


def test_speakers_that_are_outlets_and_agency_credits() -> None:
    assert independence.cited_outlet("Reuters") == "outlet:reuters"
    assert independence.cited_outlet("the Associated Press") == independence.cited_outlet("AP")
    assert independence.cited_outlet("a report in The New York Times") == "outlet:new york times"
    assert independence.cited_outlet("Russian state media") == "outlet:russian state media"
    assert independence.cited_outlet("White House press secretary Jane Doe") is None
    assert independence.cited_outlet("police") is None
    assert independence.credited_agency("KYIV, May 3 (AP) \u2014 Drones struck ...") == "outlet:associated press"
    assert independence.credited_agency("Headline\n\nLONDON (Example Wire) - A fire ...") == "outlet:example wire"
    assert independence.credited_agency("The company (Apple) - said on Monday ...") is None
    # an outlet's own articles and the statements that relay it share one origin, whichever of its names is used
    assert independence.outlet_key("The Guardian") == independence.cited_outlet("a report in The Guardian")
    assert independence.outlet_key("Associated Press") == independence.outlet_key("AP") == "outlet:associated press"
    assert independence.outlet_key("Daily Courier") == "outlet:daily courier"


def test_an_event_told_only_through_an_outlet_comes_from_that_outlet() -> None:
    relayed, own = build(RELAYED), build(BRIDGE_A)
    origin = independence.article_origin(relayed)
    assert origin == "outlet:harbour times"
    assert independence.event_origin(relayed, [e.id for e in relayed.events], origin) == "outlet:reuters"
    assert independence.event_origin(own, [own.events[0].id], "outlet:daily courier") == "outlet:daily courier"
    (st,) = statements([relayed])
    assert st.origin == "outlet:reuters"


def test_a_credited_copy_counts_as_a_report_but_not_as_an_independent_source(store_url: str) -> None:
    ledgers = [build(s) for s in (BRIDGE_A, COPY_OF_A, BRIDGE_B)]
    with open_store(store_url) as store:
        for lg in ledgers:
            store.add(lg)
            update_links(store, [lg.article.id])
        top = reading.list_incidents(store, limit=1)[0]
        assert top["plover"] == "ASSAULT"
        assert (top["n_reports"], top["n_independent"], top["n_outlets"]) == (3, 2, 3)
        links = reading.article_links(store, [lg.article.id for lg in ledgers])
        a, copy, b = (lg.article.id for lg in ledgers)
        assert links[copy]["copy_of"] == a and links[a]["copy_of"] is None and links[b]["copy_of"] is None
        assert links[a]["story_id"] == links[copy]["story_id"]
