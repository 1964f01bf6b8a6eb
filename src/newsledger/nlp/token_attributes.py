"""The model's attribute ruler and lemmatizer, memoised: same output, a fraction of the time.

Profiling the full pipeline on the news corpora (``bench/throughput.py``) showed the stock
``attribute_ruler`` and ``lemmatizer`` taking about a quarter of the model's time: the ruler runs a
``Matcher`` of 179 patterns over every token, the lemmatizer a Python method per token. Yet what they
write on a token (tag, dependency label, POS, morphology, lemma) is a function of that token's text, tag
and dependency label, except where a two-token pattern ("There is", "let's", "gonna") matches.

``newsledger_token_attributes_v1`` therefore keeps a table ``(orth, tag, dep) -> (tag, dep, pos, morph,
lemma)``. Keys it has not seen yet are computed in one go per ``Doc`` by the model's own single-token
patterns and lemmatizer, on a scratch ``Doc`` of just those tokens; the few windows where a multi-token
pattern matches are computed by the model's own full ruler and lemmatizer on a scratch copy of that window.
The result is the stock components' output, token for token (``tests/nlp/test_token_attributes.py``
compares them on real articles).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

Attrs = tuple[int, int, int, int, int]  # tag, dep, pos, morph key, lemma
MAX_ENTRIES = 400_000  # about 60 MB; the table is simply cleared when it grows past this


class TokenAttributes:
    """Applies a model's attribute ruler then lemmatizer, from a table of what they do to each token."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.vocab = nlp.vocab
        self.name = name
        self._table: dict[tuple[int, int, int], Attrs] = {}
        self._ruler: AttributeRuler | None = None
        self._single: AttributeRuler | None = None
        self._lemmatizer: Lemmatizer | None = None
        self._multi: Matcher | None = None

    def use(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        """Take over from the model's ``ruler`` and ``lemmatizer`` (removed from the pipeline by the caller)."""
        single = AttributeRuler(self.vocab, name=f"{self.name}_single")
        multi = Matcher(self.vocab)
        patterns: list[dict[str, Any]] = list(ruler.patterns)
        for i, pat in enumerate(patterns):
            if all(len(p) == 1 for p in pat["patterns"]):
                single.add(pat["patterns"], pat["attrs"], index=pat["index"])
            else:
                multi.add(f"multi_{i}", pat["patterns"])
        _index_as_sets(lemmatizer)
        self._ruler, self._single, self._lemmatizer, self._multi = ruler, single, lemmatizer, multi
        self._table.clear()

    def __call__(self, doc: Doc) -> Doc:
        if self._ruler is None or self._single is None or self._lemmatizer is None or self._multi is None:
            raise RuntimeError(f"{self.name}: use() was not called with the model's ruler and lemmatizer")
        table = self._table
        if len(table) > MAX_ENTRIES:
            table.clear()
        tokens: list[Any] = list(doc)  # Any: Token.set_morph and MorphAnalysis.key are missing from spaCy's stubs
        keys = [(t.orth, t.tag, t.dep) for t in tokens]
        windows = self._windows(doc)  # matched on the parse as it is, like the stock ruler
        missing = list(dict.fromkeys(k for k in keys if k not in table))
        if missing:
            self._learn(missing)
        for tok, key in zip(tokens, keys, strict=True):
            tag, dep, pos, morph, lemma = table[key]
            if tag != key[1]:
                tok.tag = tag
            if dep != key[2]:
                tok.dep = dep
            tok.pos = pos
            tok.set_morph(morph)
            tok.lemma = lemma
        for start, end in windows:
            self._redo_window(doc, start, end, keys[start:end])
        return doc

    def _learn(self, missing: list[tuple[int, int, int]]) -> None:
        """Run the single-token rules and the lemmatizer once over a scratch Doc of the unseen keys."""
        strings = self.vocab.strings
        scratch = Doc(self.vocab, words=[strings[k[0]] for k in missing], spaces=[True] * len(missing))
        for tok, (_, tag, dep) in zip(scratch, missing, strict=True):
            tok.tag = tag
            tok.dep = dep
        assert self._single is not None and self._lemmatizer is not None
        self._lemmatizer(self._single(scratch))
        learnt: list[Any] = list(scratch)
        for tok, key in zip(learnt, missing, strict=True):
            self._table[key] = (tok.tag, tok.dep, tok.pos, tok.morph.key, tok.lemma)

    def _windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges covered by multi-token patterns, overlapping ones merged."""
        assert self._multi is not None
        spans = sorted((s, e) for _, s, e in self._multi(doc, allow_missing=True))
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        return merged

    def _redo_window(self, doc: Doc, start: int, end: int, keys: list[tuple[int, int, int]]) -> None:
        """Recompute a window with the model's full ruler and lemmatizer on a copy of it as parsed."""
        assert self._ruler is not None and self._lemmatizer is not None
        window = doc[start:end]
        scratch = Doc(self.vocab, words=[t.text for t in window], spaces=[bool(t.whitespace_) for t in window])
        for tok, (_, tag, dep) in zip(scratch, keys, strict=True):
            tok.tag = tag
            tok.dep = dep
        self._lemmatizer(self._ruler(scratch))
        done: list[Any] = list(scratch)
        for src, tok in zip(list[Any](window), done, strict=True):
            src.tag, src.dep, src.pos, src.lemma = tok.tag, tok.dep, tok.pos, tok.lemma
            src.set_morph(tok.morph.key)


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """Turn the rule lemmatizer's word lists (``lemma_index``, one per part of speech) into sets. Its
    ``rule_lemmatize`` tests each candidate form with ``form in index``, a scan of a list of up to 57,528 nouns:
    on a fresh process (the table below empty) that scan was about two thirds of this component's time. A set
    answers the same membership test, so every lemma is the same."""
    if "lemma_index" not in lemmatizer.lookups.tables:
        return
    index = lemmatizer.lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        if isinstance(words, list):
            index[pos] = frozenset(words)


@Language.factory("newsledger_token_attributes_v1")
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    return TokenAttributes(nlp, name)


def install(nlp: Language) -> None:
    """Replace the model's ``attribute_ruler`` and ``lemmatizer`` with the memoised equivalent."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    at = nlp.pipe_names.index("attribute_ruler")
    ruler: Any = nlp.remove_pipe("attribute_ruler")[1]
    lemmatizer: Any = nlp.remove_pipe("lemmatizer")[1]
    names = nlp.pipe_names
    where: dict[str, Any] = {"before": names[at]} if at < len(names) else {"last": True}
    comp: Any = nlp.add_pipe("newsledger_token_attributes_v1", **where)
    comp.use(ruler, lemmatizer)
