"""Hand-made ledgers for the linking tests: texts written for the tests, spans found by searching them."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.ids import article_id, record_id
from newsledger.records import Actor, ArticleInfo, Attribution, Event, Ledger, PipelineInfo, Speaker, TextSpan, TimeRef

PIPELINE = PipelineInfo("newsledger", "test", "hand-made")


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


@dataclass
class Spec:
    """An article: text, actors (name -> (code, country)), events and statements found by substring."""

    text: str
    source: str | None = None
    published: str | None = None
    actors: dict[str, tuple[str, str]] = field(default_factory=dict)
    # (trigger, plover, source actor name, target actor name, modality, date)
    events: list[tuple[str, str, str | None, str | None, str, str | None]] = field(default_factory=list)
    # (speaker, cue, content, stance, evidence)
    statements: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def build(spec: Spec) -> Ledger:
    text = spec.text
    aid = article_id(text)
    actors = []
    ids: dict[str, str] = {}
    for name, (code, country) in spec.actors.items():
        mentions = []
        start = 0
        while (i := text.find(name, start)) >= 0:
            mentions.append((i, i + len(name)))
            start = i + len(name)
        ids[name] = record_id("actor", aid, name)
        actors.append(Actor(ids[name], name, "GPE", country, None, code, tuple(mentions)))
    atts = []
    for speaker, cue, content, stance, evidence in spec.statements:
        ss, se = span(text, speaker)
        cs, ce = span(text, cue, se)
        ts, te = span(text, content, ce)
        atts.append(Attribution(record_id("attribution", aid, cs, ts), Speaker(speaker, ss, se, ids.get(speaker)),
                                TextSpan(cue, cs, ce), TextSpan(content, ts, te), "indirect",
                                stance, evidence))  # type: ignore[arg-type]
    events = []
    for trigger, plover, src, tgt, modality, date in spec.events:
        s, e = span(text, trigger)
        via = next((a.id for a in atts if a.content and a.content.start <= s < a.content.end), None)
        time = TimeRef(date, date, "day", 0, 0) if date else None
        events.append(Event(record_id("event", aid, s, e), TextSpan(trigger, s, e), plover, None,
                            ids.get(src or ""), ids.get(tgt or ""), modality, via, time))  # type: ignore[arg-type]
    return Ledger(ArticleInfo(aid, title=text.split(".")[0], published=spec.published, source=spec.source),
                  tuple(actors), tuple(atts), tuple(events), PIPELINE, text)


NATIONS = {"Veloria": ("VEL", "VEL"), "Ostrand": ("OST", "OST"), "Marrow Republic": ("MAR", "MAR")}

BRIDGE_A = Spec(
    "Saboteurs blew up the Kessel river bridge in Veloria on Monday night, cutting the main road north. "
    "Veloria said that Ostrand was behind the bombing of the bridge. It offered no evidence. "
    "Ostrand denied that it had any part in the bridge bombing.",
    source="Daily Courier", published="2031-03-04", actors=NATIONS,
    events=[("blew up", "ASSAULT", None, None, "actual", "2031-03-03"),
            ("bombing", "ASSAULT", None, None, "alleged", None)],
    statements=[("Veloria", "said", "that Ostrand was behind the bombing of the bridge", "accuse", "unsupported"),
                ("Ostrand", "denied", "that it had any part in the bridge bombing", "deny", "none")])

BRIDGE_B = Spec(
    "An explosion destroyed the Kessel river bridge in northern Veloria late on Monday. "
    "Officials in Veloria blamed Ostrand for the bridge explosion. "
    "The Marrow Republic said it was treating the claims cautiously.",
    source="Evening Post", published="2031-03-04", actors=NATIONS,
    events=[("explosion destroyed", "ASSAULT", None, None, "actual", "2031-03-03")],
    statements=[("Veloria", "blamed", "Ostrand for the bridge explosion", "accuse", "none"),
                ("Marrow Republic", "said", "it was treating the claims cautiously", "assert", "none")])

HARVEST = Spec(
    "Farmers in the Marrow Republic brought in a record wheat harvest this autumn, the agriculture ministry "
    "reported. Grain prices fell across the region as silos filled.",
    source="Farm Weekly", published="2031-10-12", actors=NATIONS,
    events=[("reported", "CONSULT", None, None, "actual", None)])

# one happening (a dock strike in Selm) reported twice, with two incidents in it: the walkout and the arrests
STRIKE_A = Spec(
    "Dock workers in Selm walked out on Friday over unpaid wages, halting the port of Selm in Veloria. "
    "Police in Selm arrested three union leaders of the dock workers on Friday evening.",
    source="Harbour News", published="2031-06-07", actors=NATIONS,
    events=[("walked out", "PROTEST", None, None, "actual", "2031-06-06"),
            ("arrested", "COERCE", None, None, "actual", "2031-06-06")])

STRIKE_B = Spec(
    "The port of Selm in Veloria stood idle after dock workers walked out on Friday over unpaid wages. "
    "Three union leaders of the Selm dock workers were arrested by police on Friday evening.",
    source="Coast Gazette", published="2031-06-07", actors=NATIONS,
    events=[("walked out", "PROTEST", None, None, "actual", "2031-06-06"),
            ("arrested", "COERCE", None, None, "actual", "2031-06-06")])
