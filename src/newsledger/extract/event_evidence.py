"""Evidence status and cues of events, as statements have them.

An event takes the evidence of what reports it and of the words around its trigger:

- a hedge or evidence cue (``evidence_cues.tsv``) in the event's own phrase or clause: "allegedly hit",
  "the purported attack", "reportedly killed", "unconfirmed reports of an explosion" (the cue modifies the
  trigger, or a word the trigger hangs from within ``CLAUSE_STEPS`` steps of the parse, without crossing into
  another clause);
- the statement the event is reported through, or whose cue it is: "Moscow accused Kyiv of the attack without
  offering proof" makes both the accusation and the attack "unsupported", with the statement's cues; a hedge
  inside that statement's content counts only where it qualifies the event itself (first rule);
- a denial that reports it ("Kyiv denied attacking the Kremlin"): the event is "disputed", the denial's cue
  the words that show it.

The strongest status wins (unsupported > disputed > unverified > stated); an event with none of these has
evidence "none" and no cues.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsledger.extract.attributions import Draft
from newsledger.extract.evidence import STATUS_RANK, Cue
from newsledger.records import Evidence

CLAUSE_STEPS = 3  # how far up the parse from the trigger a cue's head may be ("reports" in "reports of an attack")
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl"}  # a step that enters another clause


def event_evidence(doc: Doc, head: int, via: Draft | None, cues: Sequence[Cue]
                   ) -> tuple[Evidence, list[tuple[int, int]]]:
    """The evidence status of the event whose trigger's head word is ``doc[head]`` and the cues that show it."""
    found: list[tuple[int, int, Evidence]] = []
    if via is not None:
        found += via.evidence
        if via.evidence_status != "none" and not via.evidence:
            found.append((-1, -1, via.evidence_status))  # a status without a cue of its own
        if via.stance == "deny" and via.cue is not None and via.reports(doc[head].idx):
            found.append((*via.cue, "disputed"))  # "denied attacking the convoy": the attack is disputed
    tok = doc[head]
    governors = _governors(tok)
    for s, e, _, status in cues:
        if e <= tok.sent.start_char or s >= tok.sent.end_char:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span) and _qualifies(span.root, tok, governors):
            found.append((s, e, status))
    if not found:
        return "none", []
    status = max((st for _, _, st in found), key=lambda st: STATUS_RANK[st])
    return status, sorted({(s, e) for s, e, _ in found if s >= 0})


def _governors(tok: Token) -> list[Token]:
    """The trigger and the words it hangs from, up to ``CLAUSE_STEPS`` steps, within its clause."""
    out = [tok]
    node = tok
    for _ in range(CLAUSE_STEPS):
        if node.head.i == node.i or node.dep_ in CLAUSE_DEPS:
            break
        node = node.head
        out.append(node)
    return out


def _qualifies(cue: Token, trigger: Token, governors: list[Token]) -> bool:
    """Whether a cue word bears on the trigger: it is the trigger, modifies it, or modifies a word the trigger
    hangs from (the "reports" of "unconfirmed reports of an attack", the verb of "reportedly killed in an
    attack"), or is the predicate the trigger's clause hangs from ("the attack was not confirmed")."""
    if cue.i == trigger.i or cue.head.i in {g.i for g in governors}:
        return True
    return any(g.i == cue.i for g in governors[1:])
