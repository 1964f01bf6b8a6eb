"""The shared encoder (int8 ONNX MiniLM): windows, offsets, lazy per-sentence encoding."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from newsledger.nlp.encoder import WIDTH, WINDOW, DocEncoding, get_encoder


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_every_subword_of_a_long_text_gets_a_vector() -> None:
    text = " ".join(f"Minister number {i} said the bridge would reopen." for i in range(60))
    (enc,) = get_encoder().encode([text])
    assert len(enc.offsets) > 3 * WINDOW  # several windows, nothing cut off
    assert enc.vectors.shape == (len(enc.offsets), WIDTH)
    assert np.all(np.abs(enc.vectors).sum(axis=1) > 0)
    assert np.all(np.diff(enc.offsets[:, 0]) >= 0) and enc.offsets[-1, 1] <= len(text)
    assert text[enc.offsets[-1, 0]:enc.offsets[-1, 1]] == "."


def test_a_window_agrees_with_the_text_encoded_alone() -> None:
    short = "The ministry said the drone attack was carried out by the neighbouring country."
    long = short + " " + " ".join(["The river rose again overnight."] * 40)
    (a,), (b,) = get_encoder().encode([short]), get_encoder().encode([long])
    n = len(a.offsets)
    assert np.array_equal(a.offsets, b.offsets[:n])
    cos = [_cos(a.vectors[k], b.vectors[k]) for k in range(n)]  # the longer context moves them, not far
    assert np.mean(cos) > 0.75 and min(cos) > 0.5


def test_empty_and_odd_texts() -> None:
    out = get_encoder().encode(["", "   ", "\u202e\u200b", "Да, он сказал это."])
    assert [len(e.offsets) for e in out][:2] == [0, 0]
    assert out[3].vectors.shape[1] == WIDTH


def test_pooling_spans() -> None:
    (enc,) = get_encoder().encode(["Rebels denied the attack."])
    assert enc.pool([(7, 13)]) is not None and enc.pool([(100, 120)]) is None


@pytest.mark.model
def test_a_doc_encodes_each_sentence_once() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("The mayor said the dam held. Engineers disagreed. Nobody was hurt.")
    enc = DocEncoding(doc)
    first = enc.pool([(0, 10)])
    done = enc.encoded_subwords
    assert done > 0 and np.array_equal(first, enc.pool([(0, 10)])) and enc.encoded_subwords == done
    enc.pool([(30, 40)])  # the second sentence: encoded now
    assert enc.encoded_subwords > done
    assert enc.sentence_at(0) == 0 and enc.sentence_at(len(doc.text) - 1) == 2
    assert not enc.pool([]).any()


@pytest.mark.model
def test_token_vectors_are_the_mean_of_their_subwords() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Officials  said unverifiable claims spread. Nobody was hurt.")
    enc = DocEncoding(doc)
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    vecs = enc.token_vectors(starts, starts + np.array([len(t) for t in doc], dtype=np.int64))
    assert vecs.shape == (len(doc), WIDTH)
    space = [t.i for t in doc if t.is_space]
    assert space and not vecs[space].any()  # the double space is a token with no subword
    word = next(t for t in doc if t.text == "unverifiable")  # several subwords: their mean
    pieces = [enc._done[0].vectors[k] for k, (s, e) in enumerate(enc._done[0].offsets)
              if word.idx <= s < word.idx + len(word)]
    assert len(pieces) > 1 and np.allclose(vecs[word.i], np.mean(pieces, axis=0), atol=1e-5)
    assert all(vecs[t.i].any() for t in doc if not t.is_space)  # both sentences were encoded
