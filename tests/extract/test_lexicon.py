from newsledger.extract import lexicon
from newsledger.extract.actors import split_code


def test_actor_codes_follow_the_date() -> None:
    assert lexicon.lookup_code("Vladimir Putin", "2023-05-04") == "RUSGOV"
    assert lexicon.lookup_code("Vladimir Putin", "1995-01-01") == "RUSELI"
    assert lexicon.lookup_code("Kremlin", None) == "RUSGOV"
    assert lexicon.lookup_code("Ukraine", "2023-05-04") == "UKR"
    assert lexicon.lookup_code("Ukraine", "1990-01-01") == "USRUKR"
    assert lexicon.lookup_code("no such actor", None) is None


def test_split_code() -> None:
    assert split_code("RUSGOV") == ("RUS", "GOV")
    assert split_code("USA") == ("USA", None)
    assert split_code("IGOUNO") == (None, "IGO")


def test_plover_mapping() -> None:
    assert lexicon.plover_for("195").root == "ASSAULT"  # type: ignore[union-attr]
    assert lexicon.plover_for("1121").root == "ACCUSE"  # type: ignore[union-attr]  (3-digit prefix)
    assert lexicon.plover_for("042").mode == "visit"  # type: ignore[union-attr]
    assert lexicon.plover_for("016").root == "REJECT"  # type: ignore[union-attr]
    assert lexicon.plover_for("010") is None


def test_lexicons_load() -> None:
    assert lexicon.speech_cues()[("deny", "VERB")] == "deny"
    assert lexicon.event_cues()[("shoot down", "VERB")] == "190"
    assert lexicon.agents()["SPOKESMAN"] == "GOV"
    assert any(kind == "hedge" for _, kind, _ in lexicon.evidence_patterns())


def test_a_lexicon_value_outside_the_contract_is_refused() -> None:
    import pytest

    assert lexicon.stance("deny", "x.tsv") == "deny" and lexicon.evidence("unverified", "x.tsv") == "unverified"
    with pytest.raises(ValueError, match=r"x\.tsv: 'rebut' is not a stance"):
        lexicon.stance("rebut", "x.tsv")
    with pytest.raises(ValueError, match="is not an evidence status"):
        lexicon.evidence("proven", "x.tsv")
