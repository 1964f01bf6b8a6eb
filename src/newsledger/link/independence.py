"""Independent sources: how many separate newsrooms a happening or a claim rests on.

Each report (an article) is traced to its *origin*, and the independent sources are the distinct origins:

1. a copy (``copy_of``, see ``newsledger.link.copies``) is traced to the first stored article of its group;
2. an article credited to an agency in its dateline ("LONDON (Reuters) - ...") comes from that agency;
3. otherwise it comes from its outlet (``source``; the article itself when the outlet is unknown), so an outlet's
   several reports of one happening count once;
4. a statement that only relays another outlet ("..., Reuters reported", "according to a report in The
   Guardian", "state media said") comes from the outlet it cites, whichever article carries it.

An incident's report comes from the cited outlet when every event of it in that article is told through such a
statement; a claim's statement when its speaker is an outlet. ``n_reports`` counts articles, ``n_independent``
the distinct origins of their reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from newsledger import resources
from newsledger.records import Attribution, Ledger

# "LONDON (Reuters) - ", "KYIV, May 3 (AP) — ": a credit in parentheses before a dash, early in the text
CREDIT = re.compile(r"^(?:[A-Z][A-Z.' -]+(?:,[^\n()]{0,30})?)?\s*\(([A-Z][\w.&' -]{0,40})\)\s*[-\u2013\u2014]",
                    re.MULTILINE)
CREDIT_WINDOW = 400  # characters from the start of the text where a dateline credit may stand
DETERMINERS = re.compile(r"^(?:the|a|an|its|their|his|her|one|some|several|other)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Outlets:
    names: tuple[tuple[str, re.Pattern[str]], ...]
    nouns: re.Pattern[str]


@cache
def outlets() -> Outlets:
    names: list[tuple[str, re.Pattern[str]]] = []
    nouns: list[str] = []
    for line in resources.read_text("link/outlets.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            nouns.append(re.escape(line[1:]))
        else:
            aliases = line.split("|")
            names.extend((aliases[0], re.compile(rf"(?<![\w-]){re.escape(a)}(?![\w-])")) for a in aliases)
    names.sort(key=lambda n: -len(n[1].pattern))  # "The New York Times" before "The Times"
    return Outlets(tuple(names), re.compile(rf"\b(?:{'|'.join(nouns)})\b", re.IGNORECASE))


def outlet_key(name: str) -> str:
    """The origin key of an outlet called ``name`` (a source, a credit, a cited outlet): one key for all the
    names of an outlet of ``outlets.txt`` ("AP", "the Associated Press"), else the name in lower case without a
    leading "the"."""
    bare = " ".join(name.split())
    for canonical, pattern in outlets().names:
        if pattern.fullmatch(bare) or pattern.fullmatch(bare.removeprefix("the ").removeprefix("The ")):
            bare = canonical
            break
    return "outlet:" + bare.lower().removeprefix("the ")


@lru_cache(maxsize=1 << 16)  # the same speakers ("he", "officials", "Reuters") come back in every story
def cited_outlet(speaker: str | None) -> str | None:
    """The outlet a speaker names ("Reuters", "a report in The Guardian", "state media"), normalised to one
    key per outlet (``outlet_key``); None when the speaker is not an outlet."""
    if not speaker:
        return None
    table = outlets()
    for name, pattern in table.names:
        if pattern.search(speaker):
            return outlet_key(name)
    if table.nouns.search(speaker):
        return "outlet:" + DETERMINERS.sub("", " ".join(speaker.lower().split()))
    return None


def relays(att: Attribution) -> str | None:
    """The outlet a statement only relays, or None."""
    return cited_outlet(att.speaker.text if att.speaker else None)


def credited_agency(text: str) -> str | None:
    """The agency credited in an article's dateline ("PARIS (AFP) - "), as an origin key."""
    m = CREDIT.search(text[:CREDIT_WINDOW])
    if m is None:
        return None
    return cited_outlet(m.group(1)) or outlet_key(m.group(1))


def article_origin(ledger: Ledger, copy_root: str | None = None, root_source: str | None = None) -> str:
    """Where an article's own reporting comes from: its copy group's first article (``copy_root``, with that
    article's outlet ``root_source``), else a credited agency, else its outlet, else itself."""
    if copy_root is not None and copy_root != ledger.article.id:
        return outlet_key(root_source) if root_source else "article:" + copy_root
    agency = credited_agency(ledger.text) if ledger.text else None
    if agency is not None:
        return agency
    source = ledger.article.source
    return outlet_key(source) if source else "article:" + ledger.article.id


def event_origin(ledger: Ledger, event_ids: Iterable[str], origin: str) -> str:
    """The origin of an article's report of an incident (its events ``event_ids``): the outlet they are all
    relayed from, else the article's ``origin``."""
    by_id = {a.id: a for a in ledger.attributions}
    wanted = set(event_ids)
    relayed = set()
    for ev in ledger.events:
        if ev.id not in wanted:
            continue
        att = by_id.get(ev.attribution_id) if ev.attribution_id else None
        outlet = relays(att) if att is not None else None
        if outlet is None:
            return origin
        relayed.add(outlet)
    return min(relayed) if relayed else origin

