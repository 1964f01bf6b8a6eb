"""Hand-built ledgers for the web and API tests, the screenshots and the incident board benchmark.

The sentences are written for these tests (no text from ../shared). Each article reports the same kind of
story from another outlet: one government accuses another of shelling a city, the accused denies it, a
third party urges restraint. Every span's offsets are computed while the text is assembled, so the
highlights are exact; events carry places with coordinates so the map has something to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Column, Float, MetaData, String, Table, Text

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
from newsledger.store import Store

PIPELINE = PipelineInfo("newsledger", "test", "hand-built")
CITIES = [("Odesa", 698740, 46.48, 30.73, "UA"), ("Kharkiv", 706483, 49.98, 36.25, "UA"),
          ("Belgorod", 578072, 50.61, 36.58, "RU"), ("Kherson", 706448, 46.64, 32.61, "UA")]
SIDES = [("The Russian defence ministry", "RUS", "GOV", "ORG"), ("Ukraine's government", "UKR", "GOV", "ORG")]
THIRD = ("The State Department", "USA", "GOV", "ORG")


@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)
    pos: int = 0

    def add(self, s: str) -> TextSpan:
        span = TextSpan(s, self.pos, self.pos + len(s))
        self.parts.append(s)
        self.pos += len(s)
        return span

    @property
    def text(self) -> str:
        return "".join(self.parts)


def story(i: int, base: dt.date = dt.date(2024, 3, 4), extra: str = "") -> Ledger:
    """Article ``i`` of the synthetic series: accusation, denial, call for restraint."""
    city, gid, lat, lon, cc = CITIES[i % len(CITIES)]
    accuser, accused = (SIDES[0], SIDES[1]) if i % 3 else (SIDES[1], SIDES[0])
    published = base + dt.timedelta(days=i % 20)
    day = published - dt.timedelta(days=1)
    weekday = day.strftime("%A")
    outlet = f"Outlet {i % 7}"
    t = _Text()
    s_accuser = t.add(accuser[0])
    t.add(" ")
    cue = t.add("accused")
    t.add(" ")
    content_start = t.pos
    s_accused_mention = t.add(accused[0].replace("The ", "the ").replace("Ukraine's", "Ukraine's"))
    t.add(" of ")
    trig_shell = t.add("shelling")
    t.add(" ")
    place = t.add(city)
    t.add(" on ")
    when = t.add(weekday)
    content = TextSpan(t.text[content_start:t.pos], content_start, t.pos)
    t.add(", ")
    proof = t.add("without offering evidence") if i % 2 == 0 else None
    if proof is None:
        t.add("citing intercepted radio traffic")
    t.add(".\n\n")
    s_denier = t.add(accused[0])
    t.add(" ")
    cue2 = t.add("denied")
    t.add(" ")
    c2_start = t.pos
    t.add("any role in the ")
    trig_attack = t.add("attack")
    content2 = TextSpan(t.text[c2_start:t.pos], c2_start, t.pos)
    t.add(".\n\n")
    s_third = t.add(THIRD[0])
    t.add(" ")
    cue3 = t.add("urged")
    t.add(" ")
    c3 = t.add("both sides to show restraint")
    t.add(f". Report {i} by {outlet}.{extra}")
    text = t.text
    aid = article_id(text)

    def actor(name: str, country: str, sector: str, kind: str, *mentions: TextSpan) -> Actor:
        return Actor(record_id("actor", aid, name), name.replace("The ", "the ").strip(), kind,
                     country, sector, country + sector, tuple((m.start, m.end) for m in mentions))

    a_acc = actor(accuser[0], accuser[1], accuser[2], accuser[3], s_accuser)
    a_den = actor(accused[0], accused[1], accused[2], accused[3], s_accused_mention, s_denier)
    a_third = actor(THIRD[0], THIRD[1], THIRD[2], THIRD[3], s_third)
    att1 = Attribution(record_id("att", aid, cue.start), Speaker(s_accuser.text, s_accuser.start, s_accuser.end,
                       a_acc.id), cue, content, "indirect", "accuse", "unsupported" if proof else "stated",
                       (proof,) if proof else ())
    att2 = Attribution(record_id("att", aid, cue2.start), Speaker(s_denier.text, s_denier.start, s_denier.end,
                       a_den.id), cue2, content2, "indirect", "deny", "none")
    att3 = Attribution(record_id("att", aid, cue3.start), Speaker(s_third.text, s_third.start, s_third.end,
                       a_third.id), cue3, c3, "indirect", "warn", "none")
    time = TimeRef(weekday, day.isoformat(), "day", when.start, when.end)
    ev_acc = Event(record_id("ev", aid, cue.start), cue, "ACCUSE", "112", a_acc.id, a_den.id, "actual")
    ev_shell = Event(record_id("ev", aid, trig_shell.start), trig_shell, "ASSAULT", "195", a_den.id, None, "alleged",
                     att1.id, time, PlaceRef(city, place.start, place.end, city, gid, lat, lon, cc))
    ev_deny = Event(record_id("ev", aid, cue2.start), cue2, "REJECT", "016", a_den.id, a_acc.id, "actual")
    ev_attack = Event(record_id("ev", aid, trig_attack.start), trig_attack, "ASSAULT", "190", None, None, "denied",
                      att2.id)
    ev_urge = Event(record_id("ev", aid, cue3.start), cue3, "REQUEST", "020", a_third.id, None, "actual")
    info = ArticleInfo(aid, f"{accuser[1]} accuses {accused[1]} over {city} shelling", published.isoformat(), outlet,
                       None, f"story-{i}")
    return Ledger(info, (a_acc, a_den, a_third), (att1, att2, att3), (ev_acc, ev_shell, ev_deny, ev_attack, ev_urge),
                  PIPELINE, text)


def hostile_text_ledger() -> Ledger:
    """An article whose text and title carry markup that must be shown as text, never run."""
    t = _Text()
    s = t.add("<script>alert('x')</script> Officials")
    t.add(" ")
    cue = t.add("said")
    t.add(" ")
    c = t.add("<img src=x onerror=alert(1)> was posted")
    t.add(".")
    aid = article_id(t.text)
    att = Attribution(record_id("att", aid, cue.start), Speaker(s.text, s.start, s.end, None), cue, c, "indirect")
    return Ledger(ArticleInfo(aid, "<b>bold</b> title <script>alert(2)</script>", "2024-01-02", "<i>outlet</i>"),
                  (), (att,), (), PIPELINE, t.text)


def link_incidents(store: Store, groups: dict[str, list[str]], labels: dict[str, str] | None = None) -> None:
    """Stand in for cross-article linking: the two tables the board's adapter reads (``incidents`` and
    ``incident_events(event_id, incident_id, confidence)``), created if absent, with these groups."""
    meta = MetaData()
    incidents = Table("incidents", meta, Column("id", String(80), primary_key=True), Column("label", Text))
    links = Table("incident_events", meta, Column("event_id", String(16), primary_key=True),
                  Column("incident_id", String(80), nullable=False), Column("confidence", Float, nullable=False))
    with store.engine.begin() as conn:
        meta.create_all(conn, checkfirst=True)
        conn.execute(incidents.insert(), [{"id": i, "label": (labels or {}).get(i)} for i in groups])
        conn.execute(links.insert(), [{"event_id": e, "incident_id": i, "confidence": 0.9}
                                      for i, events in groups.items() for e in events])


def incident_groups(ledgers: list[Ledger]) -> dict[str, list[str]]:
    """The stories' events grouped by city: the shelling and the denied attack of each story."""
    groups: dict[str, list[str]] = {}
    for lg in ledgers:
        city = next(e.place.name for e in lg.events if e.place and e.place.name)
        groups.setdefault(f"inc-{city.lower()}", []).extend(
            e.id for e in lg.events if e.plover == "ASSAULT")
    return groups
