#!/usr/bin/env python3
"""Train the event classifier (``src/newsledger/resources/event_model.json``) from sentence-level PLOVER gold.

    python scripts/train_event_model.py [--cv 5] [--no-write]

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

from newsledger.extract import event_model  # noqa: E402
from newsledger.extract.event_units import Unit, features, units  # noqa: E402
from newsledger.nlp import get_nlp  # noqa: E402

EVENTS = ROOT.parent / "shared" / "data" / "events"
GSR_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
             "CONCEDE": "YIELD", "RETREAT": "YIELD"}
NONE = "NONE"
LABELS = (NONE, "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE", "PROTEST", "REJECT",
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


def examples() -> list[tuple[list[str], str, str]]:
    """(features, label, sentence id) of every usable training row."""
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
    out: list[tuple[list[str], str, str]] = []
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
        out.append((features(u), label, rid))
    positives = len(out)
    ids = {text: rid for rid, text, _, _, _ in rows}
    for text, rid in ids.items():  # statements that are not the annotated event: NONE
        for sent in docs[text].sents:
            for u in units(sent):
                if u.comp and (text, u.head.i) not in seen:
                    out.append((features(u), NONE, rid))
    print(f"training rows {len(rows)}, examples {positives} (+{len(out) - positives} NONE), no unit {missing}")
    return out


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for lab in sorted(set(gold)):
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lab != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab != p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation on the training data first")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    data = examples()
    print("labels:", dict(sorted(Counter(lab for _, lab, _ in data).items())))
    if args.cv:
        ids = sorted({rid.split("-")[0] + str(hash(rid) % 997) for _, _, rid in data})
        random.Random(7).shuffle(ids)
        gold, pred = [], []
        for k in range(args.cv):
            held = set(ids[k:: args.cv])
            train = [(f, lab) for f, lab, rid in data if rid.split("-")[0] + str(hash(rid) % 997) not in held]
            test = [(f, lab) for f, lab, rid in data if rid.split("-")[0] + str(hash(rid) % 997) in held]
            m = event_model.train(train, LABELS, l2=args.l2, epochs=args.epochs)
            gold += [lab for _, lab in test]
            pred += [m.predict(f)[0] for f, _ in test]
        acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
        print(f"{args.cv}-fold CV: accuracy {acc:.3f}, macro-F1 {macro_f1(gold, pred):.3f}")
    m = event_model.train([(f, lab) for f, lab, _ in data], LABELS, l2=args.l2, epochs=args.epochs)
    if not args.no_write:
        out = ROOT / "src" / "newsledger" / "resources" / event_model.MODEL_FILE
        out.write_text(m.to_json() + "\n", encoding="utf-8")
        print(f"{out.name}: {len(m.index)} features x {len(m.labels)} labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
