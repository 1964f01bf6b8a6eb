"""Hand-built ledgers for the web and API tests, the screenshots and the incident board benchmark.

The sentences are written for these tests (no text from ../shared). The series reports a few happenings
(``INCIDENTS``, one a city, each on its own day): article ``i`` is a report of happening ``i % INCIDENTS`` by
another outlet, published a day or two after it. One government accuses the other of the shelling, the
accused denies any role, a third party urges restraint; each happening has its own details, as reports of
different happenings do. Every span's offsets are computed while the text is assembled, so the highlights are
exact; events carry places with coordinates so the map has something to show. Incidents come from the real
linker (:func:`store_linked`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from newsledger.ids import article_id, record_id
from newsledger.link import reading, update_links
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
# what each city's happening did: reports of one happening share its details, reports of others do not
DETAILS = ["Cranes at the grain terminal collapsed and two dock workers were hurt.",
           "A power substation burned and trams stopped across the northern districts.",
           "Windows of a school and a covered market near the border crossing were blown out.",
           "A ferry pier on the Dnipro was wrecked and river crossings were suspended."]
INCIDENTS = 4  # happenings in the series
SPACING = 16  # days between one happening and the next (more than the linker's 14-day window)


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


def happening_day(k: int, base: dt.date = dt.date(2024, 3, 3)) -> dt.date:
    """The day happening ``k`` of the series took place."""
    return base + dt.timedelta(days=SPACING * k)


def story(i: int, incidents: int = INCIDENTS) -> Ledger:
    """Article ``i`` of the synthetic series, a report of happening ``i % incidents`` (in the city
    ``CITIES[k % 4]``): accusation, what happened, denial, call for restraint."""
    k = i % incidents
    city, gid, lat, lon, cc = CITIES[k % len(CITIES)]
    accuser, accused = (SIDES[0], SIDES[1]) if i % 3 else (SIDES[1], SIDES[0])
    day = happening_day(k)
    published = day + dt.timedelta(days=1 + (i // incidents) % 2)
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
    t.add(".\n\n" + DETAILS[k % len(DETAILS)] + "\n\n")
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
    t.add(f". Report {i} by {outlet}.")
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
                       (proof,) if proof else (), stance_confidence=0.93,
                       evidence_confidence=0.88 if proof else 0.55)
    att2 = Attribution(record_id("att", aid, cue2.start), Speaker(s_denier.text, s_denier.start, s_denier.end,
                       a_den.id), cue2, content2, "indirect", "deny", "none", stance_confidence=0.81,
                       evidence_confidence=0.97)
    att3 = Attribution(record_id("att", aid, cue3.start), Speaker(s_third.text, s_third.start, s_third.end,
                       a_third.id), cue3, c3, "indirect", "warn", "none")
    time = TimeRef(weekday, day.isoformat(), "day", when.start, when.end)
    ev_acc = Event(record_id("ev", aid, cue.start), cue, "ACCUSE", "112", a_acc.id, a_den.id, "actual")
    ev_shell = Event(record_id("ev", aid, trig_shell.start), trig_shell, "ASSAULT", "195", a_den.id, None, "alleged",
                     att1.id, time, PlaceRef(city, place.start, place.end, city, gid, lat, lon, cc),
                     "unsupported" if proof else "none", (proof,) if proof else ())
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


def store_linked(store: Store, ledgers: list[Ledger]) -> None:
    """Store the ledgers and link them across articles with the real linker, as ``newsledger ingest`` does."""
    store.add_many(ledgers)
    update_links(store, [lg.article.id for lg in ledgers])


SHELLINGS = "/incidents.json?q=Odesa&plover=ASSAULT&size=100"  # lists the Odesa incidents, the shelling among them


def odesa_shelling(listing: dict[str, Any]) -> dict[str, Any]:
    """The incident the linker made of the Odesa stories' shelling, in the answer to ``SHELLINGS`` (found by
    what it is, not by its id)."""
    return next(i for i in listing["items"] if i["place"] == "Odesa" and i["label"] == "shelling")


def incident_of(store: Store, event_id: str) -> str:
    """The id of the incident the linker put an event in."""
    return reading.incidents_of_events(store, [event_id])[event_id]["id"]
