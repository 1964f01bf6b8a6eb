"""Linking the tagger's spans into statements, and the rules that complete them (real pipeline)."""

from __future__ import annotations

import pytest

import newsledger
from newsledger.nlp.attribution_tagger import TaggedSpan
from newsledger.records import Attribution, Ledger

pytestmark = pytest.mark.model


def by_cue(lg: Ledger, cue: str) -> list[Attribution]:
    return [a for a in lg.attributions if a.cue is not None and a.cue.text == cue]


def test_a_quote_around_its_cue_is_one_statement() -> None:
    text = "“We will not give up the port,” the governor said, “whatever it costs us.”"
    lg = newsledger.analyze(text)
    (att,) = by_cue(lg, "said")
    assert att.content is not None and att.content.text.startswith("We will not give up the port")
    assert att.speaker is not None and att.speaker.text == "the governor"
    assert att.form == "direct"


def test_a_quote_in_sentences_before_its_cue_is_a_statement_of_its_own() -> None:
    text = ("The mayor spoke at length.\n\n“The bridge is safe. Nobody was hurt.” She said on a visit to the "
            "harbour, “We are rebuilding the road.”")
    lg = newsledger.analyze(text)
    contents = sorted(a.content.text for a in lg.attributions if a.content is not None)
    assert any(c.startswith("The bridge is safe") and "rebuilding" not in c for c in contents)
    assert any(c.startswith("We are rebuilding the road") for c in contents)


def test_a_statement_nested_in_a_relative_clause() -> None:
    text = ("The minister has rejected claims that his army shelled the village, which the rebels claim "
            "was a deliberate attack on civilians.")
    lg = newsledger.analyze(text)
    outer = next(a for a in lg.attributions if a.cue is not None and "rejected" in a.cue.text)
    assert outer.stance == "deny"
    assert outer.content is not None and "rebels" not in outer.content.text
    inner = [a for a in lg.attributions if a.speaker is not None and a.speaker.text == "the rebels"]
    assert inner and inner[0].content is not None and "deliberate attack" in inner[0].content.text


def test_a_clause_of_what_a_thing_does_is_not_a_nested_statement() -> None:
    text = ("The police chief said the footage did not give clear evidence that would confirm that the man "
            "held a knife.")
    lg = newsledger.analyze(text)
    outer = next(a for a in lg.attributions if a.cue is not None and a.cue.text == "said")
    assert outer.content is not None and outer.content.text.endswith("that the man held a knife")


def test_a_possessors_claim_inside_another_statement() -> None:
    text = ("The general said the convoy was attacked. He did not offer proof to support his claim that the "
            "militia was involved.")
    lg = newsledger.analyze(text)
    claim = [a for a in lg.attributions if a.cue is not None and a.cue.text == "claim"]
    assert claim and claim[0].speaker is not None and claim[0].speaker.text == "his"
    assert claim[0].evidence == "unsupported"


def test_a_quote_around_its_cue_leaves_the_speaker_and_cue_out_of_its_content() -> None:
    text = "“We will not give up the port,” the governor said on a visit to the harbour, “whatever it costs us.”"
    lg = newsledger.analyze(text)
    (att,) = by_cue(lg, "said")
    assert att.content is not None and len(att.content.fragments) == 2
    first, last = (text[s:e] for s, e in att.content.fragments)
    assert first == "We will not give up the port" and last == "whatever it costs us"
    assert att.content.text == "We will not give up the port … whatever it costs us"
    assert not att.content.covers(text.index("governor"), text.index("governor") + 8)


def _cue_text(text: str, cue_words: tuple[int, int], content_from: int) -> str:
    """The cue of the one draft linked from a source (first two tokens), a cue and a content to the end."""
    from newsledger.extract.tagged_spans import drafts_from_spans
    from newsledger.nlp import get_nlp
    from newsledger.nlp.attribution_tagger import TaggedSpan

    doc = get_nlp()(text)
    content = TaggedSpan("content", content_from, len(doc) - 1)
    cue = TaggedSpan("cue", *cue_words)
    (draft,) = drafts_from_spans(doc, [TaggedSpan("source", 0, 2), cue, content])
    assert draft.cue is not None
    return text[draft.cue[0]:draft.cue[1]]


def test_a_preposition_between_cue_and_content_joins_the_cue() -> None:
    # tokens: The(0) union(1) accused(2) the(3) council(4) of(5) hiding(6) ...
    assert _cue_text("The union accused the council of hiding the audit.", (2, 5), 6) == "accused the council of"
    # tokens: The(0) union(1) asked(2) questions(3) about(4) the(5) audit(6) .
    assert _cue_text("The union asked questions about the audit.", (2, 4), 5) == "asked questions about"


def test_a_cue_its_content_does_not_follow_drops_a_dangling_preposition() -> None:
    # tokens: The(0) union(1) said(2) on(3) Monday(4) that(5) ...: "on Monday" lies between cue and content
    assert _cue_text("The union said on Monday that the audit was hidden.", (2, 4), 5) == "said"


def test_the_earlier_paragraphs_of_a_quotation_are_a_statement_of_their_speaker() -> None:
    from newsledger.extract.actors import ActorIndex
    from newsledger.extract.ledger import proposed_drafts
    from newsledger.nlp import get_nlp

    text = ("The mayor spoke to reporters on Monday.\n\n“The bridge will reopen next week. The repairs cost less "
            "than we feared.\n\n“We thank the engineers for their work,” she said.")
    doc = get_nlp()(text)
    drafts = proposed_drafts(doc, ActorIndex(doc, "a", None))
    contents = {text[d.content[0]:d.content[1]]: d for d in drafts if d.content is not None}
    first = contents["The bridge will reopen next week. The repairs cost less than we feared"]
    last = contents["We thank the engineers for their work"]
    assert first.cue is not None and text[first.cue[0]:first.cue[1]] == "“"
    assert first.speaker is not None and last.speaker is not None and first.speaker.text == last.speaker.text == "she"
    assert first.form == "direct"


@pytest.mark.parametrize("space", [" ", "\u00a0", "\n"])
def test_content_pieces_apart_by_space_alone_leave_no_hole(space: str) -> None:
    from newsledger.extract.drafts import content_pieces
    from newsledger.extract.tagged_spans import drafts_from_spans
    from newsledger.nlp import get_nlp
    from newsledger.nlp.attribution_tagger import TaggedSpan

    text = f"The minister warned farmers{space}that the river would flood."
    doc = get_nlp()(text)
    farmers = next(t.i for t in doc if t.text == "farmers")
    that = next(t.i for t in doc if t.text == "that")
    pieces = [TaggedSpan("source", 0, 2), TaggedSpan("cue", 2, 3), TaggedSpan("content", farmers, farmers + 1),
              TaggedSpan("content", that, len(doc) - 1)]
    (draft,) = drafts_from_spans(doc, pieces)
    assert content_pieces(text, draft) == [(text.index("farmers"), text.index("flood") + len("flood"))]


def test_content_pieces_apart_by_words_keep_the_hole() -> None:
    lg = newsledger.analyze("“The port stays open,” the governor said on Monday, “whatever it costs.”")
    (att,) = by_cue(lg, "said")
    assert att.content is not None and "…" in att.content.text


def _tagged(doc: object, text: str, role: str, words: str) -> TaggedSpan:
    from spacy.tokens import Doc

    assert isinstance(doc, Doc)
    start = text.index(words)
    span = doc.char_span(start, start + len(words))
    assert span is not None
    return TaggedSpan(role, span.start, span.end)


@pytest.mark.parametrize(("later", "piece", "kept"), [
    ("“He served the country with honour,” the court added.", "He served the country with honour,", True),
    ("He wrote many opinions, among them his dissent in the court's ruling on the recount.",
     "the court's ruling on the recount", False)])
def test_a_content_in_a_later_paragraph_is_a_statement_only_as_a_quotation(later: str, piece: str,
                                                                            kept: bool) -> None:
    """A content piece the tagger finds a paragraph after its cue, with no cue of its own: a quotation going on
    is a statement of the cue's speaker; unquoted words ("his", "the court's ruling") are not."""
    from newsledger.extract.tagged_spans import drafts_from_spans
    from newsledger.nlp import get_nlp

    text = f"The statement from the court said the judge died of a stroke.\n\n{later}"
    doc = get_nlp()(text)
    spans = [_tagged(doc, text, "source", "The statement from the court"), _tagged(doc, text, "cue", "said"),
             _tagged(doc, text, "content", "the judge died of a stroke"), _tagged(doc, text, "content", piece)]
    contents = [text[d.content[0]:d.content[1]] for d in drafts_from_spans(doc, spans) if d.content is not None]
    assert "the judge died of a stroke" in contents
    assert any(c.startswith(piece[:20]) for c in contents) == kept
