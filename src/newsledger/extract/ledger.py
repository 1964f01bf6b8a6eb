"""Assemble one article's records: actors, attributions (with stance and evidence), events."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from newsledger._version import __version__
from newsledger.extract.actors import ActorIndex
from newsledger.extract.attributions import Draft, find_drafts
from newsledger.extract.drafts import content_pieces
from newsledger.extract.event_evidence import event_evidence
from newsledger.extract.events import EventDraft, find_events
from newsledger.extract.evidence import Cue, apply_evidence, apply_stance, text_cues
from newsledger.extract.judgments import apply_judgments
from newsledger.extract.speakers import resolve_speakers
from newsledger.extract.statement_head import get_statement_head
from newsledger.ids import record_id
from newsledger.ingest.article import Article
from newsledger.nlp.doc_cache import text_of
from newsledger.records import Attribution, Event, Ledger, PipelineInfo, Speaker, TextSpan


def build_ledger(doc: Doc, article: Article, model: str, heads: bool = True) -> Ledger:
    """Every record of ``article`` from its parsed text ``doc``. With ``heads=False`` the statements keep the
    rules' stance and evidence, without confidences, and the events are the rules' (to measure what the
    learned heads add)."""
    aid = article.id
    actors = ActorIndex(doc, aid, article.published)
    drafts = statement_drafts(doc, actors, heads)
    if heads:
        apply_judgments(doc, drafts)
    event_drafts = find_events(doc, actors, drafts, article.published, head=heads)
    text = text_of(doc)
    att_ids: dict[int, str] = {}
    attributions = []
    seen: set[str] = set()
    for d in drafts:
        att = _attribution(text, aid, d, actors)
        att_ids[id(d)] = att.id
        if att.id not in seen:  # two routes to the very same statement
            seen.add(att.id)
            attributions.append(att)
    cues = text_cues(doc)
    events = list({e.id: e for e in (_event(doc, aid, e, actors, att_ids, cues) for e in event_drafts)}.values())
    return Ledger(article.info(), actors.actors(), tuple(attributions), tuple(events),
                  PipelineInfo("newsledger", __version__, model), text)


def statement_drafts(doc: Doc, actors: ActorIndex, heads: bool = True) -> list[Draft]:
    """The article's statements with their speakers and the rules' stance and evidence (the judgment heads'
    inputs). With ``heads``, only the drafts the statement head takes for statements."""
    drafts = proposed_drafts(doc, actors)
    if heads:
        drafts = get_statement_head().decide(doc, drafts)
    apply_stance(doc, drafts, actors)
    apply_evidence(doc, drafts, actors)
    return drafts


def proposed_drafts(doc: Doc, actors: ActorIndex) -> list[Draft]:
    """What the tagger and the rules propose, speakers resolved: the statement head's candidates."""
    drafts = find_drafts(doc, doc._.quotes or [])
    resolve_speakers(doc, drafts, actors)
    return drafts


def _tspan(text: str, span: tuple[int, int] | None) -> TextSpan | None:
    if span is None:
        return None
    return TextSpan(text[span[0]:span[1]], span[0], span[1])


def _attribution(text: str, aid: str, d: Draft, actors: ActorIndex) -> Attribution:
    speaker = None
    if d.speaker is not None:
        s, e = d.speaker.start_char, d.speaker.end_char
        speaker = Speaker(text[s:e], s, e, actors.actor_id(d.speaker_key))
    cue = _tspan(text, d.cue)
    content = TextSpan.of(text, content_pieces(text, d)) if d.content is not None else None
    att_id = record_id("attribution", aid, d.cue, d.content, speaker and (speaker.start, speaker.end))
    cues = tuple(TextSpan(text[s:e], s, e) for s, e, _ in sorted(set(d.evidence)))
    hedges = tuple(TextSpan(text[s:e], s, e) for s, e in sorted(set(d.hedges)))
    return Attribution(att_id, speaker, cue, content, d.form,
                       d.stance, d.evidence_status, cues, hedges,
                       d.stance_confidence, d.evidence_confidence, d.statement_confidence)


def _event(doc: Doc, aid: str, e: EventDraft, actors: ActorIndex, att_ids: dict[int, str],
           cues: Sequence[Cue]) -> Event:
    text = text_of(doc)
    trig = TextSpan(text[e.trigger[0]:e.trigger[1]], *e.trigger)
    evidence, spans = event_evidence(doc, e.head, e.draft, cues)
    return Event(record_id("event", aid, e.trigger, e.cameo), trig, e.plover, e.cameo,
                 actors.actor_id(e.source_key), actors.actor_id(e.target_key), e.modality,
                 att_ids.get(id(e.draft)) if e.draft is not None else None, e.time, e.place,
                 evidence, tuple(TextSpan(text[s:t], s, t) for s, t in spans), e.event_confidence, e.root_confidence)
