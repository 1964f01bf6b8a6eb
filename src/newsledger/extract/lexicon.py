"""Lexicons and codebooks from ``resources/``, parsed once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import cast

from newsledger import resources
from newsledger.records import EVIDENCE, STANCES, Evidence, Stance


@dataclass(frozen=True, slots=True)
class CodeRange:
    code: str
    start: str  # ISO date or "" (open)
    end: str

    def covers(self, date: str) -> bool:
        return (not self.start or self.start <= date) and (not self.end or date < self.end)


@dataclass(frozen=True, slots=True)
class Plover:
    root: str
    mode: str
    context: str


def stance(value: str, source: str) -> Stance:
    """``value`` as a stance of the contract; a lexicon row with any other value is a broken resource."""
    if value not in STANCES:
        raise ValueError(f"{source}: {value!r} is not a stance ({', '.join(STANCES)})")
    return cast(Stance, value)


def evidence(value: str, source: str) -> Evidence:
    """``value`` as an evidence status of the contract (see :func:`stance`)."""
    if value not in EVIDENCE:
        raise ValueError(f"{source}: {value!r} is not an evidence status ({', '.join(EVIDENCE)})")
    return cast(Evidence, value)


@cache
def speech_cues() -> dict[tuple[str, str], Stance]:
    """(lemma, VERB|NOUN) -> the cue's own stance."""
    return {(r[0], r[1]): stance(r[2], "speech_cues.tsv") for r in resources.rows("speech_cues.tsv")}


@cache
def stance_patterns() -> tuple[tuple[re.Pattern[str], Stance], ...]:
    return tuple((re.compile(r[0], re.IGNORECASE), stance(r[1], "stance_cues.tsv"))
                 for r in resources.rows("stance_cues.tsv"))


def content_stance(text: str) -> Stance | None:
    """The stance a statement's words give it (``stance_cues.tsv``: its first matching row other than the
    "other" rows, which apply only when nothing else raised the stance), or None."""
    return next((found for pattern, found in stance_patterns() if found != "other" and pattern.search(text)), None)


@cache
def evidence_patterns() -> tuple[tuple[re.Pattern[str], str, Evidence], ...]:
    """(regex, kind "evidence"|"hedge"|"source"|"cue", status): "source" is matched on a statement's speaker,
    "cue" on its cue, the others on the text."""
    return tuple((re.compile(r[0], re.IGNORECASE), r[1], evidence(r[2], "evidence_cues.tsv"))
                 for r in resources.rows("evidence_cues.tsv"))


@cache
def event_cues() -> dict[tuple[str, str], str]:
    """(lemma or "verb particle", VERB|NOUN) -> CAMEO code."""
    return {(r[0], r[1]): r[2] for r in resources.rows("event_cues.tsv")}


@cache
def cameo_plover() -> dict[str, Plover]:
    return {r[0]: Plover(r[1], r[2], r[3]) for r in resources.rows("cameo_plover.tsv")}


@cache
def negative_evaluations() -> frozenset[str]:
    """Words that judge strongly negatively ("awful", "hateful"; ``negative_evaluations.tsv``, from VADER)."""
    return frozenset(r[0] for r in resources.rows("negative_evaluations.tsv"))


@cache
def person_titles() -> frozenset[str]:
    """Titles that only a person bears ("Mr", "Dr", "Sir"; ``person_titles.tsv``), lower case, no full stop."""
    return frozenset(r[0] for r in resources.rows("person_titles.tsv"))


HOSTILE_ROOTS = resources.words("lexicon.hostile_roots")


def hostile(lemma: str, pos: str) -> bool:
    """A word the event lexicon codes as a hostile act ("attack", "target", "shell"): ``pos`` VERB or NOUN."""
    cameo = event_cues().get((lemma, "VERB" if pos == "VERB" else "NOUN"))
    plover = plover_for(cameo) if cameo else None
    return plover is not None and plover.root in HOSTILE_ROOTS


def plover_for(cameo: str) -> Plover | None:
    """The PLOVER category of a CAMEO code: exact code, then its 3- and 2-digit prefixes."""
    table = cameo_plover()
    for k in (cameo, cameo[:3], cameo[:2]):
        if k in table:
            return table[k]
    return None


@cache
def actor_dictionary() -> dict[str, tuple[CodeRange, ...]]:
    """Upper-case phrase -> its codes with validity ranges (from the PETRARCH-2 dictionaries, and
    ``actors_extra.tsv``: institutions news names without their country)."""
    table: dict[str, list[CodeRange]] = {}
    for r in [*resources.rows("actors.tsv"), *resources.rows("actors_extra.tsv")]:
        r += [""] * (4 - len(r))
        table.setdefault(r[0], []).append(CodeRange(r[1], r[2], r[3]))
    return {k: tuple(v) for k, v in table.items()}


@cache
def agents() -> dict[str, str]:
    """Upper-case phrase (role or institution word) -> sector code, e.g. SPOKESMAN -> GOV."""
    table = {r[0]: r[1] for r in resources.rows("agents.tsv")}
    table.update({r[0]: r[1] for r in resources.rows("agents_extra.tsv")})
    return table


# Three-letter CAMEO codes that are actor types, not countries.
NON_STATE_CODES = resources.words("lexicon.non_state_codes")


@cache
def country_codes() -> frozenset[str]:
    """Three-letter codes that stand for a country (the code of at least one bare country entry)."""
    return frozenset(r.code for ranges in actor_dictionary().values() for r in ranges
                     if len(r.code) == 3 and r.code.isalpha() and r.code not in NON_STATE_CODES)


def lookup_code(phrase: str, date: str | None) -> str | None:
    """The dictionary code of ``phrase`` valid at ``date`` (ISO), or its undated/most recent code."""
    ranges = actor_dictionary().get(phrase.upper())
    if not ranges:
        return None
    when = date or "9999-12-31"  # no date: the current code
    dated = [r for r in ranges if (r.start or r.end) and r.covers(when)]
    if dated:
        return max(dated, key=lambda r: r.start).code
    undated = [r for r in ranges if not r.start and not r.end]
    return undated[0].code if undated else None
