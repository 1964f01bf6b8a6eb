"""Stance and evidence status of statements as learned judgments over the shared encoder.

Each statement (a :class:`Draft` with its content) becomes one feature vector: the encoder's mean subword
vectors (``newsledger.nlp.encoder``) over its content, its cue, its speaker, the sentences it lies in and the
sentences just before and after (where evidence words often are: "The ministry did not offer proof."), beside
what the rules of ``extract/evidence.py`` found (their stance and evidence status, the statement's form, its
evidence cues and hedges). Two heads (one hidden layer each, numpy) read the vector and give a probability per
label (the evidence head through a small stacker that weighs it against the rules' own label, see
:class:`Head`), calibrated on statements the encoder never saw in training (temperature scaling). The head's
label replaces the rules' where it is at least ``rule_threshold`` sure (0.9 for both heads: below that, on the
development annotations and the seed article, the rules were right more often); the statement's ``stance_confidence`` /
``evidence_confidence`` is how often a label kept with that probability was right on those unseen statements
(isotonic calibration).

The weights are ``resources/judgments.npz``, trained by ``scripts/train_judgments.py`` on the adjudicated
annotation ``eval/annotations/stance_evidence_train.tsv`` (PolNeAR train; never the development annotations).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from newsledger import resources
from newsledger.extract.drafts import Draft, content_pieces
from newsledger.nlp.doc_cache import text_of
from newsledger.nlp.encoder import WIDTH, DocEncoding, encoding_of
from newsledger.records import EVIDENCE, FORMS, STANCES

MODEL_FILE = "judgments.npz"
FEATURES_VERSION = 1  # bumped whenever :func:`features` changes; the weights record the version they need
CONTEXT_SENTENCES = 1  # sentences before and after the statement's own that the context vector covers
N_VECTORS = 5  # content, cue, speaker, sentence, context
N_EXTRA = len(STANCES) + len(EVIDENCE) + len(FORMS) + 4
N_FEATURES = N_VECTORS * WIDTH + N_EXTRA


def statement_parts(doc: Doc, drafts: list[Draft]) -> list[dict[str, list[tuple[int, int]]]]:
    """Each draft's character spans that the feature vectors pool over: ``content``, ``cue``, ``speaker``,
    ``sentence`` (the sentences it lies in) and ``context`` (the sentences around them)."""
    enc = encoding_of(doc)
    text = text_of(doc)
    return [_parts(text, d, enc) for d in drafts]


def features(doc: Doc, drafts: list[Draft]) -> NDArray[np.float32]:
    """One row per draft (see the module docstring); drafts without content get a row too."""
    enc = encoding_of(doc)
    text = text_of(doc)
    spans = statement_parts(doc, drafts)
    enc.need(enc.sentences_for([span for parts in spans for span in parts["sentence"] + parts["context"]]))
    out = np.zeros((len(drafts), N_FEATURES), dtype=np.float32)
    for row, (d, parts) in enumerate(zip(drafts, spans, strict=True)):
        for k, name in enumerate(("content", "cue", "speaker", "sentence", "context")):
            out[row, k * WIDTH:(k + 1) * WIDTH] = enc.pool(parts[name])
        out[row, N_VECTORS * WIDTH:] = _extra(text, d, parts["content"])
    return out


def _parts(text: str, d: Draft, enc: DocEncoding) -> dict[str, list[tuple[int, int]]]:
    content = content_pieces(text, d)
    cue = [d.cue] if d.cue is not None else []
    speaker = [(d.speaker.start_char, d.speaker.end_char)] if d.speaker is not None else []
    pts = [p for part in (*content, *cue) for p in part]
    if not pts:
        return {"content": [], "cue": [], "speaker": speaker, "sentence": [], "context": []}
    first, last = enc.sentence_at(min(pts)), enc.sentence_at(max(pts) - 1)
    sentence = [(enc.sents[first][0], enc.sents[last][1])]
    context = []
    if first > 0:
        context.append((enc.sents[max(0, first - CONTEXT_SENTENCES)][0], enc.sents[first - 1][1]))
    if last + 1 < len(enc.sents):
        context.append((enc.sents[last + 1][0], enc.sents[min(len(enc.sents) - 1, last + CONTEXT_SENTENCES)][1]))
    return {"content": content, "cue": cue, "speaker": speaker, "sentence": sentence, "context": context}


def _extra(text: str, d: Draft, content: list[tuple[int, int]]) -> NDArray[np.float32]:
    out = np.zeros(N_EXTRA, dtype=np.float32)
    k = 0
    for labels, value in ((STANCES, d.stance), (EVIDENCE, d.evidence_status), (FORMS, d.form)):
        if value in labels:
            out[k + labels.index(value)] = 1.0
        k += len(labels)
    words = sum(len(text[s:e].split()) for s, e in content)
    out[k:] = (np.log1p(words) / 5.0, min(len(d.evidence), 3) / 3.0, min(len(d.hedges), 3) / 3.0,
               float(d.speaker is not None))
    return out


def _softmax(z: NDArray[np.float32]) -> NDArray[np.float32]:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    out: NDArray[np.float32] = (p / p.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


@dataclass(frozen=True)
class Head:
    """One hidden layer over the features, ``p = softmax(relu(x W1 + b1) W2 + b2)``, then a stacker that weighs
    it against the rules' label: ``softmax(([log p, onehot(rule)] S + s) / temperature)`` over ``labels``.
    The stacker is fitted on statements the encoder never saw in training, so it learns how far each is
    trusted; without one (``stack_w`` None) the head's own probabilities, tempered, are the answer."""

    labels: tuple[str, ...]
    w1: NDArray[np.float32]
    b1: NDArray[np.float32]
    w2: NDArray[np.float32]
    b2: NDArray[np.float32]
    temperature: float
    stack_w: NDArray[np.float32] | None = None  # (2 * len(labels), len(labels))
    stack_b: NDArray[np.float32] | None = None
    rule_threshold: float = 0.0  # the rules' label stands unless the head's own answer is at least this sure
    # the probability of the kept label -> how often such a label was right on unseen statements (isotonic)
    calibration: tuple[NDArray[np.float32], NDArray[np.float32]] | None = None

    def confidence(self, p: float) -> float:
        if self.calibration is None:
            return p
        return float(np.interp(p, self.calibration[0], self.calibration[1]))

    def probabilities(self, x: NDArray[np.float32], rules: list[str]) -> NDArray[np.float32]:
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        if self.stack_w is None or self.stack_b is None:
            return _softmax(logits / self.temperature)
        onehot = np.zeros((len(rules), len(self.labels)), dtype=np.float32)
        for k, rule in enumerate(rules):
            if rule in self.labels:
                onehot[k, self.labels.index(rule)] = 1.0
        stacked = np.concatenate([np.log(_softmax(logits) + 1e-6), onehot], axis=1) @ self.stack_w + self.stack_b
        return _softmax(stacked / self.temperature)


def head_file(name: str, features_version: int, n_features: int, script: str
              ) -> tuple[dict[str, NDArray[np.generic]], dict[str, Any]]:
    """The arrays and the meta of a learned head's weights file in ``resources/``, refused (ValueError) when it
    was trained for other features than this code makes."""
    with np.load(resources.path(name)) as z:
        arrays = {k: z[k] for k in z.files}
    meta: dict[str, Any] = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    if meta["features_version"] != features_version or meta["n_features"] != n_features:
        raise ValueError(f"{name} was trained for features v{meta['features_version']}, this code makes "
                         f"v{features_version}: retrain with {script}")
    return arrays, meta


@dataclass(frozen=True)
class Judge:
    """The stance and evidence heads with the feature normalisation they were trained with."""

    mean: NDArray[np.float32]
    scale: NDArray[np.float32]
    stance: Head
    evidence: Head

    def judge(self, doc: Doc, drafts: list[Draft]) -> None:
        """Set each draft's stance, evidence status and their confidences."""
        if not drafts:
            return
        x = (features(doc, drafts) - self.mean) / self.scale
        for head, attr in ((self.stance, "stance"), (self.evidence, "evidence_status")):
            rules = [getattr(d, attr) for d in drafts]
            probs = head.probabilities(x, rules)
            for d, rule, p in zip(drafts, rules, probs, strict=True):
                k = int(p.argmax())
                if rule in head.labels and p[k] < head.rule_threshold:  # unsure: the rules' finding stands
                    k = head.labels.index(rule)
                setattr(d, attr, head.labels[k])
                conf = head.confidence(float(p[k]))
                setattr(d, "stance_confidence" if attr == "stance" else "evidence_confidence", round(conf, 3))


def load_judge(path_name: str = MODEL_FILE) -> Judge:
    with np.load(resources.path(path_name)) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    if meta["features_version"] != FEATURES_VERSION or meta["n_features"] != N_FEATURES:
        raise ValueError(f"{path_name} was trained for features v{meta['features_version']}, "
                         f"this code makes v{FEATURES_VERSION}: retrain with scripts/train_judgments.py")

    def head(name: str) -> Head:
        w1, b1, w2, b2 = (arrays[f"{name}.{k}"].astype(np.float32) for k in ("w1", "b1", "w2", "b2"))
        sw, sb = arrays.get(f"{name}.stack_w"), arrays.get(f"{name}.stack_b")
        cx, cy = arrays.get(f"{name}.calib_x"), arrays.get(f"{name}.calib_y")
        calibration = None if cx is None or cy is None else (cx.astype(np.float32), cy.astype(np.float32))
        return Head(tuple(meta[f"{name}_labels"]), w1, b1, w2, b2, float(meta[f"{name}_temperature"]),
                    None if sw is None else sw.astype(np.float32), None if sb is None else sb.astype(np.float32),
                    float(meta.get(f"{name}_rule_threshold", 0.0)), calibration)

    return Judge(arrays["mean"].astype(np.float32), arrays["scale"].astype(np.float32), head("stance"),
                 head("evidence"))


@cache
def get_judge() -> Judge:
    return load_judge()


def apply_judgments(doc: Doc, drafts: list[Draft]) -> None:
    """The learned stance and evidence of every draft (see the module docstring)."""
    get_judge().judge(doc, drafts)
