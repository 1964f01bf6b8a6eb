"""The attribution tagger: features, batching and decoding agree with their plain definitions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from newsledger.nlp import get_nlp
from newsledger.nlp.attribution_tagger import AttributionTagger, get_tagger
from newsledger.nlp.tagger_features import MAX_CHUNK, chunks, encode, encode_doc, raw_features

pytestmark = pytest.mark.model

TEXTS = [
    "The minister said on Monday that the border would stay closed. “We will not move,” she added.\n\n"
    "According to officials, talks failed. The opposition accused the government of lying.",
    "Nothing was said here.",
    "“A long quote that goes on,” the spokesman said, “and on.” He denied it.\n\nShe asked why.",
]


def test_encode_doc_equals_encoding_the_string_features() -> None:
    tagger = get_tagger()
    for doc in get_nlp().pipe(TEXTS):
        assert np.array_equal(encode_doc(doc, tagger.vocab), encode(raw_features(doc), tagger.vocab))


def test_batched_tagging_equals_one_document_at_a_time() -> None:
    tagger = get_tagger()
    docs = list(get_nlp().pipe(TEXTS))
    assert tagger.tag_docs(docs) == [tagger.tag(d) for d in docs]
    assert [d._.attribution_tags for d in docs] == [tagger.tag(d) for d in docs]  # set by the pipeline


def test_labels_are_well_formed_bio() -> None:
    tagger = get_tagger()
    for doc in get_nlp().pipe(TEXTS):
        tags = tagger.tag(doc)
        assert len(tags) == len(doc)
        for prev, tag in zip(["O", *tags], tags, strict=False):
            if tag.startswith("I-"):
                assert prev[2:] == tag[2:]


def test_the_tagger_finds_a_plain_statement() -> None:
    doc = get_nlp()(TEXTS[0])
    roles = {(s.role, doc[s.start:s.end].text) for s in get_tagger().spans(doc)}
    assert ("cue", "said") in roles
    assert ("source", "The minister") in roles


def test_chunks_cover_the_document_and_are_bounded() -> None:
    text = "word " * 1000 + ".\n\nA second paragraph. And more."
    doc = get_nlp()(text)
    parts = chunks(doc)
    assert parts[0][0] == 0 and parts[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    assert max(e - s for s, e in parts) <= MAX_CHUNK


def test_the_ensemble_averages_its_members() -> None:
    """The shipped tagger reads the encoder's token vectors; an ensemble averages its members' label
    log-probabilities, so the same member twice gives exactly that member's tags."""
    from newsledger.nlp.attribution_tagger import AttributionTagger

    tagger = get_tagger()
    assert tagger.uses_encoder and len(tagger.members) >= 1
    docs = list(get_nlp().pipe(TEXTS))
    first = AttributionTagger.__new__(AttributionTagger)
    first.__dict__.update(tagger.__dict__ | {"members": tagger.members[:1]})
    twice = AttributionTagger.__new__(AttributionTagger)
    twice.__dict__.update(tagger.__dict__ | {"members": [tagger.members[0]] * 2})
    assert twice.tag_docs(docs) == first.tag_docs(docs)
    assert all(len(t) == len(d) for t, d in zip(tagger.tag_docs(docs), docs, strict=True))


def _path_score(t: AttributionTagger, logp: np.ndarray, path: tuple[int, ...]) -> float:
    """The decoder's own definition: first + emissions + transitions + last; a path BIO forbids is out."""
    if t.labels[path[0]].startswith("I-") or not all(t.allowed[a, b] for a, b in itertools.pairwise(path)):
        return -np.inf
    return float(t.first[path[0]] + t.last[path[-1]] + sum(logp[i, j] for i, j in enumerate(path))
                 + sum(t.trans[a, b] for a, b in itertools.pairwise(path)))


def test_viterbi_finds_the_best_path_with_learned_transitions() -> None:
    """A CRF tagger's decoding: the best-scoring well-formed label path, its learned transition, first and
    last label scores included (checked against every path of short random sequences)."""
    base = get_tagger()
    rng = np.random.default_rng(7)
    n = len(base.labels)
    crf = AttributionTagger.__new__(AttributionTagger)
    crf.__dict__.update(base.__dict__ | {"crf": True, "trans": rng.normal(size=(n, n)).astype(np.float32),
                                         "first": rng.normal(size=n).astype(np.float32),
                                         "last": rng.normal(size=n).astype(np.float32)})
    lengths = np.array([4, 3, 1], dtype=np.int64)
    logp = rng.normal(size=(3, 4, n)).astype(np.float32)
    best = crf._viterbi(logp, lengths)
    for k, length in enumerate(lengths):
        paths = list(itertools.product(range(n), repeat=int(length)))
        top = max(paths, key=lambda p: _path_score(crf, logp[k], p))
        assert tuple(best[k, :length]) == top


@pytest.mark.parametrize("mark", ["“", "''", "``"])
def test_a_paragraph_opening_with_any_quote_mark_is_flagged(mark: str) -> None:
    """The paragraph feature tells a paragraph that opens with a quotation, whatever its marks' style."""
    from newsledger.nlp.tagger_features import CATEGORICAL

    column = CATEGORICAL.index("paragraph")
    doc = get_nlp()(f"The mayor spoke.\n\n{mark}We stay,'' she said.\n\nThe council met.")
    rows = raw_features(doc)
    starts = [i for i, t in enumerate(doc) if i and "\n" in doc[i - 1].text + doc[i - 1].whitespace_]
    flags = [rows[i][column] for i in [0, *starts] if not doc[i].is_space]
    assert [f[:1] for f in flags] == ["-", "Q", "-"]


@pytest.mark.parametrize("mark", [("“", "”"), ("''", "''"), ("``", "''")])
def test_the_marks_of_a_quotation_are_its_opening_and_closing_tokens(mark: tuple[str, str]) -> None:
    from newsledger.nlp.tagger_features import CATEGORICAL

    column = CATEGORICAL.index("quote")
    text = f"He said, {mark[0]}We stay,{mark[1]} and left."
    doc = get_nlp()(text)
    opening = range(len("He said, "), len("He said, ") + len(mark[0]))
    closing = text.index(mark[1], len("He said, ") + len(mark[0]))
    states = {t.idx: row[column] for t, row in zip(doc, raw_features(doc), strict=True)}
    assert {states[t.idx] for t in doc if t.idx in opening} == {"open"} and states[closing] == "close"
    assert [states[t.idx] for t in doc if t.text in {"We", "stay", "left"}] == ["in", "in", "out"]


def test_a_crf_file_with_zero_transitions_tags_as_its_softmax_network() -> None:
    """A CRF tagger file decodes its raw label scores with its transitions; with zero transitions the best path
    is the same as the per-token log-probabilities' (a constant per position apart)."""
    import json

    from newsledger import resources

    with np.load(resources.path("attribution_tagger.npz")) as z:
        arrays = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
        meta = json.loads(bytes(z["meta"]).decode("utf-8"))
    n = len(meta["labels"])
    crf_arrays = arrays | {"crf.trans": np.zeros((n, n), np.float32), "crf.start": np.zeros(n, np.float32),
                           "crf.end": np.zeros(n, np.float32)}
    crf = AttributionTagger(crf_arrays, meta | {"crf": True})
    docs = list(get_nlp().pipe(TEXTS))
    assert crf.crf and crf.tag_docs(docs) == get_tagger().tag_docs(docs)
