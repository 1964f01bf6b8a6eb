"""Hand-built parsed Docs for unit tests: no statistical model, so the tests do not depend on its mood."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

import newsledger.nlp.components  # noqa: F401  (registers Doc._.quotes)
from newsledger.nlp.quotes import find_quotes

_NLP = spacy.blank("en")


def make_doc(rows: list[tuple[str, str, str, str, int]], ents: list[tuple[int, int, str]] = ()) -> Doc:  # type: ignore[assignment]
    """``rows`` are (word, lemma, POS, dep, head index); a word followed by ``_`` takes no space after it."""
    words, spaces = [], []
    for i, (w, *_rest) in enumerate(rows):
        no_space = w.endswith("_") or (i + 1 < len(rows) and rows[i + 1][0] in {".", ",", "’s", "'s", ":"})
        words.append(w.rstrip("_") if w != "_" else w)
        spaces.append(not no_space)
    doc = Doc(_NLP.vocab, words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[r[4] for r in rows])
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    doc._.quotes = find_quotes(doc.text)
    return doc
