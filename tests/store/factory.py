"""Hand-built ledgers with real content-hash ids, so many of them can share one store."""

from __future__ import annotations

from newsledger.ids import article_id, record_id
from newsledger.records import (
    Actor,
    ArticleInfo,
    Attribution,
    Event,
    Ledger,
    PipelineInfo,
    PlaceRef,
    Speaker,
    TextSpan,
    TimeRef,
)


def make_article_ledger(n: int, published: str = "2024-05-08", external_id: str | None = None,
                        source: str = "Test Wire", confidence: tuple[float | None, float | None] = (None, None),
                        statement_confidence: float | None = None,
                        event_confidence: tuple[float | None, float | None] = (None, None)) -> Ledger:
    """Article number ``n``: a minister of country A accuses country B of shelling a town."""
    text = (f"Story {n}. The defence minister said the army of Borduria shelled the town on Monday. "
            f"Borduria denied it.")
    aid = article_id(text)
    spk = text.index("The defence minister")
    cue = text.index("said")
    content_start = text.index("the army")
    content_end = text.index(" on Monday") + len(" on Monday")
    bord = text.index("Borduria")
    shell = text.index("shelled")
    town = text.index("town")
    monday = text.index("Monday")
    deny = text.index("denied")
    minister = Actor(record_id("actor", aid, "minister"), "defence minister", "PER", "SYL", "GOV", "SYLGOV",
                     ((spk, spk + len("The defence minister")),))
    borduria = Actor(record_id("actor", aid, "borduria"), "Borduria", "GPE", "BOR", None, "BOR",
                     ((bord, bord + len("Borduria")),))
    att = Attribution(record_id("att", aid, spk), Speaker("The defence minister", spk, cue - 1, minister.id),
                      TextSpan("said", cue, cue + 4),
                      TextSpan(text[content_start:content_end], content_start, content_end),
                      "indirect", "accuse", "unsupported", stance_confidence=confidence[0],
                      evidence_confidence=confidence[1], statement_confidence=statement_confidence)
    shelling = Event(record_id("event", aid, shell), TextSpan("shelled", shell, shell + 7), "ASSAULT", "194",
                     borduria.id, None, "alleged", att.id, TimeRef("Monday", "2024-05-06", "day", monday, monday + 6),
                     PlaceRef("town", town, town + 4, "Testville", 1, 50.5, 30.25, "UA"), "unsupported",
                     (TextSpan("denied it", deny, deny + 9),), *event_confidence)
    denial = Event(record_id("event", aid, deny), TextSpan("denied", deny, deny + 6), "REJECT", "016",
                   borduria.id, minister.id, "actual")
    return Ledger(ArticleInfo(aid, f"Story {n}", published, source, f"https://example.org/{n}",
                              external_id if external_id is not None else f"ext-{n}"),
                  (minister, borduria), (att,), (shelling, denial), PipelineInfo("newsledger", "0", "test"), text)
