"""Frozen, typed records of the JSON contract (see docs/design.md, "The JSON contract").

Every record is a frozen dataclass with ``to_dict`` and ``from_dict``; a :class:`Ledger` holds the
records of one article and serialises to the contract's JSON with :meth:`Ledger.to_json`. Offsets are
Python string indices into the article text exactly as read; ids are content hashes (see ``ids.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

Form = Literal["direct", "indirect", "mixed", "according_to"]
Stance = Literal["assert", "accuse", "deny", "threaten", "warn", "promise", "question", "other"]
Evidence = Literal["stated", "unsupported", "unverified", "disputed", "none"]
Modality = Literal["actual", "alleged", "denied", "threatened", "planned", "hypothetical"]
Precision = Literal["day", "week", "month", "year", "decade", "unknown"]
ActorType = Literal["PER", "ORG", "GPE", "NORP", "OTHER"]

FORMS: tuple[str, ...] = get_args(Form)
STANCES: tuple[str, ...] = get_args(Stance)
EVIDENCE: tuple[str, ...] = get_args(Evidence)
MODALITIES: tuple[str, ...] = get_args(Modality)
PRECISIONS: tuple[str, ...] = get_args(Precision)
ACTOR_TYPES: tuple[str, ...] = get_args(ActorType)

JSON = dict[str, Any]


def _span(d: JSON) -> tuple[int, int]:
    s, e = d["span"]
    return int(s), int(e)


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> Any:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _confidence(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a number from 0 to 1, not {value!r}")
    return float(value)


def lower_confidence(*confidences: float | None) -> float | None:
    """How sure newsledger is of a statement: the lowest of its confidences (that it is a statement at all, its
    stance, its evidence status), None when it has none."""
    vals = [c for c in confidences if c is not None]
    return min(vals) if vals else None


FRAGMENT_JOINER = " … "


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the article: its text and ``[start, end)`` offsets.

    A content in pieces ("“We will respond,” he said, “at a time of our choosing”") also has ``fragments``:
    its pieces in order, ``start``/``end`` spanning them all; its ``text`` is the pieces joined by " … ". In
    the JSON, such a span is a list of ``[start, end]`` pairs, as in brat and PolNeAR, instead of one pair."""

    text: str
    start: int
    end: int
    fragments: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> JSON:
        if len(self.fragments) > 1:
            return {"text": self.text, "span": [list(f) for f in self.fragments]}
        return {"text": self.text, "span": [self.start, self.end]}

    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The stretches of text it covers: its fragments, or its one span."""
        return self.fragments if len(self.fragments) > 1 else ((self.start, self.end),)

    def covers(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one of its pieces (not in a gap between them)."""
        return any(s <= start and end <= e for s, e in self.pieces())

    @classmethod
    def from_dict(cls, d: JSON) -> TextSpan:
        raw = d["span"]
        if raw and isinstance(raw[0], list | tuple):
            frags = tuple((int(s), int(e)) for s, e in raw)
            if len(frags) > 1:
                return cls(d["text"], min(s for s, _ in frags), max(e for _, e in frags), frags)
            (s, e), = frags
            return cls(d["text"], s, e)
        s, e = _span(d)
        return cls(d["text"], s, e)

    @classmethod
    def of(cls, text: str, pieces: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> TextSpan:
        """The span of ``pieces`` of ``text`` (one piece: a plain span)."""
        if len(pieces) == 1:
            (s, e), = pieces
            return cls(text[s:e], s, e)
        frags = tuple(sorted(pieces))
        return cls(FRAGMENT_JOINER.join(text[s:e] for s, e in frags), frags[0][0], max(e for _, e in frags), frags)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who an attribution is credited to, as written, and the actor it resolves to (if any)."""

    text: str
    start: int
    end: int
    actor_id: str | None = None

    def to_dict(self) -> JSON:
        return {"text": self.text, "span": [self.start, self.end], "actor_id": self.actor_id}

    @classmethod
    def from_dict(cls, d: JSON) -> Speaker:
        s, e = _span(d)
        return cls(d["text"], s, e, d.get("actor_id"))


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, organisation, country or group of the article, with its CAMEO-style code."""

    id: str
    name: str
    type: ActorType
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> JSON:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "sector": self.sector, "code": self.code, "mentions": [list(m) for m in self.mentions]}

    @classmethod
    def from_dict(cls, d: JSON) -> Actor:
        return cls(d["id"], d["name"], _choice(d["type"], ACTOR_TYPES, "actor type"), d.get("country"),
                   d.get("sector"), d.get("code"), tuple((int(s), int(e)) for s, e in d.get("mentions", [])))


@dataclass(frozen=True, slots=True)
class Attribution:
    """A statement: who (speaker) said (cue) what (content), how, with what stance and evidence."""

    id: str
    speaker: Speaker | None
    cue: TextSpan | None
    content: TextSpan | None
    form: Form
    stance: Stance = "assert"
    evidence: Evidence = "none"
    evidence_cues: tuple[TextSpan, ...] = ()
    hedges: tuple[TextSpan, ...] = ()
    stance_confidence: float | None = None  # the judgment head's calibrated probability of ``stance`` (0..1)
    evidence_confidence: float | None = None  # the same for ``evidence``; None in ledgers made without the heads
    statement_confidence: float | None = None  # the statement head's probability that this is a statement at all

    @property
    def confidence(self) -> float | None:
        """The lowest of the three confidences (:func:`lower_confidence`)."""
        return lower_confidence(self.statement_confidence, self.stance_confidence, self.evidence_confidence)

    def to_dict(self) -> JSON:
        return {"id": self.id,
                "speaker": self.speaker.to_dict() if self.speaker else None,
                "cue": self.cue.to_dict() if self.cue else None,
                "content": self.content.to_dict() if self.content else None,
                "form": self.form, "stance": self.stance, "evidence": self.evidence,
                "stance_confidence": self.stance_confidence, "evidence_confidence": self.evidence_confidence,
                "statement_confidence": self.statement_confidence,
                "evidence_cues": [c.to_dict() for c in self.evidence_cues],
                "hedges": [h.to_dict() for h in self.hedges]}

    @classmethod
    def from_dict(cls, d: JSON) -> Attribution:
        return cls(
            d["id"],
            Speaker.from_dict(d["speaker"]) if d.get("speaker") else None,
            TextSpan.from_dict(d["cue"]) if d.get("cue") else None,
            TextSpan.from_dict(d["content"]) if d.get("content") else None,
            _choice(d["form"], FORMS, "form"),
            _choice(d.get("stance", "assert"), STANCES, "stance"),
            _choice(d.get("evidence", "none"), EVIDENCE, "evidence"),
            tuple(TextSpan.from_dict(c) for c in d.get("evidence_cues", [])),
            tuple(TextSpan.from_dict(h) for h in d.get("hedges", [])),
            _confidence(d.get("stance_confidence"), "stance_confidence"),
            _confidence(d.get("evidence_confidence"), "evidence_confidence"),
            _confidence(d.get("statement_confidence"), "statement_confidence"),
        )


@dataclass(frozen=True, slots=True)
class TimeRef:
    """When an event happened: the expression, its normalised value (ISO date) and precision."""

    text: str
    value: str | None
    precision: Precision
    start: int
    end: int

    def to_dict(self) -> JSON:
        return {"text": self.text, "value": self.value, "precision": self.precision,
                "span": [self.start, self.end]}

    @classmethod
    def from_dict(cls, d: JSON) -> TimeRef:
        s, e = _span(d)
        return cls(d["text"], d.get("value"), _choice(d.get("precision", "unknown"), PRECISIONS,
                                                      "precision"), s, e)


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """Where an event happened: the expression and the gazetteer entry it resolves to."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None

    def to_dict(self) -> JSON:
        return {"text": self.text, "name": self.name, "geonameid": self.geonameid, "lat": self.lat,
                "lon": self.lon, "country": self.country, "span": [self.start, self.end]}

    @classmethod
    def from_dict(cls, d: JSON) -> PlaceRef:
        s, e = _span(d)
        return cls(d["text"], s, e, d.get("name"), d.get("geonameid"), d.get("lat"), d.get("lon"),
                   d.get("country"))


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom: trigger, PLOVER/CAMEO category, actors, modality, time and place."""

    id: str
    trigger: TextSpan
    plover: str
    cameo: str | None
    source_actor_id: str | None
    target_actor_id: str | None
    modality: Modality
    attribution_id: str | None = None
    time: TimeRef | None = None
    place: PlaceRef | None = None
    evidence: Evidence = "none"  # what the text says of the support for the event, as for statements
    evidence_cues: tuple[TextSpan, ...] = ()  # the words that show it ("allegedly", "did not offer proof")
    event_confidence: float | None = None  # the event head's probability that this is an event at all
    root_confidence: float | None = None  # and that its PLOVER root is this one (None: the rules coded it)

    @property
    def confidence(self) -> float | None:
        """How sure the event is: the lower of its two confidences (None when the rules decided it)."""
        return lower_confidence(self.event_confidence, self.root_confidence)

    def to_dict(self) -> JSON:
        return {"id": self.id, "trigger": self.trigger.to_dict(), "plover": self.plover,
                "cameo": self.cameo, "source_actor_id": self.source_actor_id,
                "target_actor_id": self.target_actor_id, "modality": self.modality,
                "attribution_id": self.attribution_id,
                "time": self.time.to_dict() if self.time else None,
                "place": self.place.to_dict() if self.place else None,
                "evidence": self.evidence, "evidence_cues": [c.to_dict() for c in self.evidence_cues],
                "event_confidence": self.event_confidence, "root_confidence": self.root_confidence}

    @classmethod
    def from_dict(cls, d: JSON) -> Event:
        return cls(d["id"], TextSpan.from_dict(d["trigger"]), d["plover"], d.get("cameo"),
                   d.get("source_actor_id"), d.get("target_actor_id"),
                   _choice(d["modality"], MODALITIES, "modality"), d.get("attribution_id"),
                   TimeRef.from_dict(d["time"]) if d.get("time") else None,
                   PlaceRef.from_dict(d["place"]) if d.get("place") else None,
                   _choice(d.get("evidence", "none"), EVIDENCE, "evidence"),
                   tuple(TextSpan.from_dict(c) for c in d.get("evidence_cues", [])),
                   _confidence(d.get("event_confidence"), "event_confidence"),
                   _confidence(d.get("root_confidence"), "root_confidence"))


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """The article's identity and metadata (its text travels separately, in :class:`Ledger`)."""

    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None

    def to_dict(self) -> JSON:
        return {"id": self.id, "title": self.title, "published": self.published, "source": self.source,
                "url": self.url, "external_id": self.external_id}

    @classmethod
    def from_dict(cls, d: JSON) -> ArticleInfo:
        return cls(d["id"], d.get("title"), d.get("published"), d.get("source"), d.get("url"),
                   d.get("external_id"))


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    name: str
    version: str
    model: str

    def to_dict(self) -> JSON:
        return {"name": self.name, "version": self.version, "model": self.model}

    @classmethod
    def from_dict(cls, d: JSON) -> PipelineInfo:
        return cls(d["name"], d["version"], d["model"])


@dataclass(frozen=True, slots=True)
class Ledger:
    """Everything extracted from one article. ``text`` is the article as read; it is serialised
    only when asked (``include_text=True``), since the contract carries offsets, not copies."""

    article: ArticleInfo
    actors: tuple[Actor, ...]
    attributions: tuple[Attribution, ...]
    events: tuple[Event, ...]
    pipeline: PipelineInfo
    text: str = field(default="", compare=False, repr=False)

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None."""
        if actor_id is None:
            return None
        return next((a for a in self.actors if a.id == actor_id), None)

    def to_dict(self, include_text: bool = False) -> JSON:
        d: JSON = {"article": self.article.to_dict(),
                   "actors": [a.to_dict() for a in self.actors],
                   "attributions": [a.to_dict() for a in self.attributions],
                   "events": [e.to_dict() for e in self.events],
                   "pipeline": self.pipeline.to_dict()}
        if include_text:
            d["text"] = self.text
        return d

    def to_json(self, include_text: bool = False, indent: int | None = None) -> str:
        """The contract's JSON, deterministic byte for byte for the same input."""
        seps = (",", ":") if indent is None else (",", ": ")
        return json.dumps(self.to_dict(include_text), ensure_ascii=False, indent=indent, separators=seps)

    @classmethod
    def from_dict(cls, d: JSON, text: str | None = None) -> Ledger:
        return cls(ArticleInfo.from_dict(d["article"]),
                   tuple(Actor.from_dict(a) for a in d.get("actors", [])),
                   tuple(Attribution.from_dict(a) for a in d.get("attributions", [])),
                   tuple(Event.from_dict(e) for e in d.get("events", [])),
                   PipelineInfo.from_dict(d["pipeline"]),
                   text if text is not None else cast(str, d.get("text", "")))

    @classmethod
    def from_json(cls, s: str, text: str | None = None) -> Ledger:
        return cls.from_dict(json.loads(s), text)
