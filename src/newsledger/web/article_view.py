"""What the article page shows: the highlighted text and the records behind each highlight."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newsledger.records import Actor, Attribution, Event, Ledger
from newsledger.web.highlight import Segment, segments
from newsledger.web.incidents import IncidentSummary


@dataclass(frozen=True, slots=True)
class ArticleView:
    ledger: Ledger
    segments: list[Segment]
    actors: dict[str, Actor]
    events_of: dict[str, list[Event]]  # attribution id -> the events reported through it
    incidents_of: dict[str, IncidentSummary] = field(default_factory=dict)  # event id -> its incident
    stored: bool = True
    story_id: str | None = None  # the story linking put it in: the articles about one happening
    story_size: int = 0  # how many articles that story holds
    copy_of: str | None = None  # the first stored article of its copy group (None: not a copy)

    @property
    def incidents(self) -> list[IncidentSummary]:
        """The incidents this article's events belong to, each once, most widely reported first."""
        unique = {inc.id: inc for inc in self.incidents_of.values()}
        return sorted(unique.values(), key=lambda i: (-i.n_articles, -i.n_events, i.id))

    @property
    def link(self) -> str | None:
        """The article's URL when it is a web address: only http(s) URLs are linked, so that a stored
        ``javascript:`` or ``data:`` URL is shown as text and never followed."""
        url = (self.ledger.article.url or "").strip()
        return url if urlsplit(url).scheme.lower() in {"http", "https"} else None

    def actor(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def speaker_actor(self, att: Attribution) -> Actor | None:
        return self.actor(att.speaker.actor_id) if att.speaker else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON twin: the contract object with the text, the article's ``story_id`` and ``copy_of``, its
        incidents, and each event's ``incident_id`` (as ``newsledger export`` gives them; null when not linked)."""
        d = self.ledger.to_dict(include_text=True)
        d["article"]["story_id"] = self.story_id
        d["article"]["copy_of"] = self.copy_of
        d["incidents"] = [asdict(i) for i in self.incidents]
        for ev in d["events"]:
            inc = self.incidents_of.get(ev["id"])
            ev["incident_id"] = inc.id if inc else None
        return d


def article_view(ledger: Ledger, incidents_of: dict[str, IncidentSummary] | None = None,
                 stored: bool = True, story_id: str | None = None, story_size: int = 0,
                 copy_of: str | None = None) -> ArticleView:
    events_of: dict[str, list[Event]] = {}
    for ev in ledger.events:
        if ev.attribution_id:
            events_of.setdefault(ev.attribution_id, []).append(ev)
    return ArticleView(ledger, segments(ledger), {a.id: a for a in ledger.actors}, events_of,
                       incidents_of or {}, stored, story_id, story_size, copy_of)
