from __future__ import annotations

import dataclasses
import json

import pytest

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

TEXT = "Officials said the army shelled the town on Monday."


def make_ledger() -> Ledger:
    actor = Actor("a1", "the army", "ORG", None, "MIL", "MIL", ((25, 29),))
    att = Attribution("t1", Speaker("Officials", 0, 9, None), TextSpan("said", 10, 14),
                      TextSpan("the army shelled the town on Monday", 15, 50), "indirect", "assert", "none",
                      (), (TextSpan("Officials", 0, 9),))
    ev = Event("e1", TextSpan("shelled", 24, 31), "ASSAULT", "194", "a1", None, "alleged", "t1",
               TimeRef("Monday", "2024-05-06", "day", 44, 50), PlaceRef("town", 36, 40, None, None, None, None, None))
    return Ledger(ArticleInfo("x" * 64, "T", "2024-05-08", "src", None, "ext-1"), (actor,), (att,), (ev,),
                  PipelineInfo("newsledger", "0", "m"), TEXT)


def test_ledger_json_round_trips() -> None:
    lg = make_ledger()
    again = Ledger.from_json(lg.to_json(), text=TEXT)
    assert again == lg
    assert again.to_json() == lg.to_json()


def test_contract_shape() -> None:
    d = json.loads(make_ledger().to_json())
    assert list(d) == ["article", "actors", "attributions", "events", "pipeline"]
    att = d["attributions"][0]
    assert att["speaker"] == {"text": "Officials", "span": [0, 9], "actor_id": None}
    assert att["cue"] == {"text": "said", "span": [10, 14]}
    assert d["events"][0]["time"]["value"] == "2024-05-06"
    assert d["article"]["external_id"] == "ext-1"


def test_text_only_when_asked() -> None:
    lg = make_ledger()
    assert "text" not in json.loads(lg.to_json())
    assert json.loads(lg.to_json(include_text=True))["text"] == TEXT


@pytest.mark.parametrize(("field", "value"), [("form", "rumour"), ("stance", "shout"), ("evidence", "maybe")])
def test_bad_vocabulary_is_rejected(field: str, value: str) -> None:
    d = json.loads(make_ledger().to_json())
    d["attributions"][0][field] = value
    with pytest.raises(ValueError, match=field):
        Ledger.from_dict(d)


def test_records_are_frozen() -> None:
    lg = make_ledger()
    with pytest.raises(AttributeError):
        lg.actors[0].name = "other"  # type: ignore[misc]


def test_a_content_in_pieces_is_a_list_of_spans_and_round_trips() -> None:
    text = "“We will respond,” he said, “at a time of our choosing.”"
    a, b = text.index("at a"), text.index(".”")
    content = TextSpan.of(text, [(a, b), (1, 16)])
    assert content.fragments == ((1, 16), (a, b)) and (content.start, content.end) == (1, b)
    assert content.text == "We will respond … at a time of our choosing"
    d = content.to_dict()
    assert d == {"text": content.text, "span": [[1, 16], [a, b]]}
    assert TextSpan.from_dict(json.loads(json.dumps(d))) == content
    he, time = text.index("he said"), text.index("time")
    assert content.covers(time, time + 4) and not content.covers(he, he + 2)


def test_a_content_in_one_piece_keeps_the_plain_span() -> None:
    one = TextSpan.of(TEXT, [(15, 50)])
    assert one.to_dict() == {"text": TEXT[15:50], "span": [15, 50]} and one.pieces() == ((15, 50),)
    assert TextSpan.from_dict({"text": "said", "span": [[10, 14]]}) == TextSpan("said", 10, 14)


def test_confidences_round_trip_and_are_checked() -> None:
    lg = make_ledger()
    att = lg.attributions[0]
    sure = Ledger(lg.article, lg.actors, (Attribution(att.id, att.speaker, att.cue, att.content, att.form, "accuse",
                                                      "none", stance_confidence=0.82, evidence_confidence=0.97),),
                  lg.events, lg.pipeline, TEXT)
    d = json.loads(sure.to_json())
    assert (d["attributions"][0]["stance_confidence"], d["attributions"][0]["evidence_confidence"]) == (0.82, 0.97)
    assert Ledger.from_json(sure.to_json(), text=TEXT) == sure
    assert sure.attributions[0].confidence == 0.82 and lg.attributions[0].confidence is None
    for bad in (1.5, -0.1, "high", True):
        d["attributions"][0]["stance_confidence"] = bad
        with pytest.raises(ValueError, match="stance_confidence"):
            Ledger.from_dict(d)


def test_event_evidence_round_trips_and_is_checked() -> None:
    lg = make_ledger()
    ev = lg.events[0]
    hedged = Event(ev.id, ev.trigger, ev.plover, ev.cameo, ev.source_actor_id, ev.target_actor_id, ev.modality,
                   ev.attribution_id, ev.time, ev.place, "unverified", (TextSpan("Officials said", 0, 14),))
    again = Ledger(lg.article, lg.actors, lg.attributions, (hedged,), lg.pipeline, TEXT)
    d = json.loads(again.to_json())
    assert d["events"][0]["evidence"] == "unverified"
    assert d["events"][0]["evidence_cues"] == [{"text": "Officials said", "span": [0, 14]}]
    assert Ledger.from_json(again.to_json(), text=TEXT) == again
    assert json.loads(lg.to_json())["events"][0]["evidence"] == "none"
    del d["events"][0]["evidence"], d["events"][0]["evidence_cues"]  # a ledger written before events had them
    assert Ledger.from_dict(d).events[0].evidence == "none"
    d["events"][0]["evidence"] = "rumoured"
    with pytest.raises(ValueError, match="evidence"):
        Ledger.from_dict(d)


def test_event_confidences_round_trip_and_are_checked() -> None:
    lg = make_ledger()
    ev = dataclasses.replace(lg.events[0], event_confidence=0.9, root_confidence=0.7)
    again = dataclasses.replace(lg, events=(ev,))
    d = json.loads(again.to_json())
    assert (d["events"][0]["event_confidence"], d["events"][0]["root_confidence"]) == (0.9, 0.7)
    assert Ledger.from_json(again.to_json(), text=TEXT) == again
    assert again.events[0].confidence == 0.7 and lg.events[0].confidence is None
    del d["events"][0]["event_confidence"], d["events"][0]["root_confidence"]  # written before events had them
    assert Ledger.from_dict(d).events[0].event_confidence is None
    d["events"][0]["root_confidence"] = 1.5
    with pytest.raises(ValueError, match="root_confidence"):
        Ledger.from_dict(d)
