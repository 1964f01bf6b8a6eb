"""Cross-article incident linking on ECB+ dev (../shared/data/ecbplus/dev.jsonl), scored by
../shared/eval/score_incidents.py (MUC, B³, CEAF-e, CoNLL F1), against its same-head-word ``lemma`` baseline.

The articles are analysed by newsledger, then ingested into a fresh SQLite ledger in a shuffled order
(``--seed``), ``--batch`` articles per committed batch, and linked incrementally by the store's own hook
(``newsledger.link.update_links``). No topic or subtopic label is used anywhere; they only score.

Settings (what the linker is given as event triggers):
- ``gold``: the gold event mention spans as triggers (the usual cross-document coreference setting, the one
  the baseline is scored in). Each mention's features come from our pipeline run on the raw text: its
  sentence, head word, the names of its sentence, the article's profile, and the PLOVER category and date of
  the event newsledger extracted at that span, if any.
- ``ours``: newsledger's own extracted events (end to end). The scorer pairs each with the gold mention its
  trigger overlaps; gold mentions we never extracted count as singletons (lost recall).

Article level: a pair of articles is "same incident" in the gold when they share a subtopic (the ECB and ECB+
halves of a topic are two different happenings) and in the prediction when the linker put them in the same
story; we report pairwise precision, recall and F1 over all article pairs, and the same for two other
readings: same block (connected group of similar articles), and same main incident (the incident holding
most of each article's events).

    .venv/bin/python eval/incidents.py                 # both settings, one shuffled order
    .venv/bin/python eval/incidents.py --orders 3      # and check that three orders give the same incidents
    .venv/bin/python eval/incidents.py --fit           # refit the pairwise weights (prints them)
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, check_floors, read_jsonl, scorer, shared

from newsledger import Article, Ledger, analyze_articles
from newsledger.ids import record_id
from newsledger.link.mentions import EventMention, mention, mentions_of
from newsledger.link.text import sentence_bounds


def analyse(docs: list[dict[str, Any]]) -> list[Ledger]:
    arts = [Article(text=d["text"], external_id=d["id"]) for d in docs]
    return list(analyze_articles(arts))


def gold_mentions(doc: dict[str, Any], ledger: Ledger) -> list[EventMention]:
    """The gold mention spans of ``doc`` as triggers, with features from our analysis of the text."""
    bounds = sentence_bounds(ledger.text)
    out = []
    for m in doc["event_mentions"]:
        s, e = m["span"]
        ev = next((x for x in ledger.events if x.trigger.start < e and s < x.trigger.end), None)
        mid = record_id("gold-mention", ledger.article.id, s, e)
        out.append(mention(ledger.text, ledger.article.id, mid, s, e, ev, bounds))
    return out


def run_store(ledgers: list[Ledger], mentions: dict[str, list[EventMention]], seed: int, batch: int
              ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Ingest in a shuffled order through the store and its link hook; returns mention id -> incident id,
    article id -> story id and article id -> block id."""
    from sqlalchemy import select

    from newsledger.link.linker import update_links
    from newsledger.link.tables import incident_events, link_articles
    from newsledger.store import open_store

    order = list(ledgers)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "ledger.db")) as store:
        for i in range(0, len(order), batch):
            chunk = order[i:i + batch]
            store.add_many(chunk)
            update_links(store, [lg.article.id for lg in chunk], mentions_for=lambda lg: mentions[lg.article.id])
        with store.engine.connect() as conn:
            rows = conn.execute(select(incident_events.c.event_id, incident_events.c.incident_id)).all()
            arts = conn.execute(select(link_articles.c.article_id, link_articles.c.story_id,
                                       link_articles.c.block_id)).all()
    return ({r.event_id: r.incident_id for r in rows}, {r.article_id: r.story_id for r in arts},
            {r.article_id: r.block_id for r in arts})


def predictions(ledgers: list[Ledger], mentions: dict[str, list[EventMention]],
                assign: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for lg in ledgers:
        for m in mentions[lg.article.id]:
            out.append({"doc_id": lg.article.external_id, "span": [m.start, m.end], "incident": assign[m.id]})
    return out


def article_pairs(docs: list[dict[str, Any]], groups: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 of "same group" against "same subtopic" over all article pairs."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(docs, 2):
        pred = groups[a["id"]] == groups[b["id"]]
        gold = a["subtopic"] == b["subtopic"]
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main_incidents(ledgers: list[Ledger], mentions: dict[str, list[EventMention]],
                   assign: dict[str, str]) -> dict[str, str]:
    """External id -> the incident holding most of the article's mentions (ties: the larger incident)."""
    size = Counter(assign.values())
    out = {}
    for lg in ledgers:
        counts = Counter(assign[m.id] for m in mentions[lg.article.id])
        if counts:
            out[str(lg.article.external_id)] = max(counts, key=lambda k: (counts[k], size[k], k))
        else:
            out[str(lg.article.external_id)] = "none:" + lg.article.id
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--setting", choices=["gold", "ours", "both"], default="both")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--orders", type=int, default=1, help="shuffled orders to run (results must agree)")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--fit", action="store_true", help="fit the pairwise weights on dev and print them")
    ap.add_argument("--check", action="store_true", help="fail below the floors in eval/floors.json")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    si = scorer("score_incidents")
    gold = read_jsonl(shared("data", "ecbplus", "dev.jsonl"))
    start = time.perf_counter()
    ledgers = analyse(gold)
    analysed = time.perf_counter() - start
    by_ext = {d["id"]: d for d in gold}
    if args.fit:
        from fit_link_weights import fit

        gm = {lg.article.id: gold_mentions(by_ext[str(lg.article.external_id)], lg) for lg in ledgers}
        fit(ledgers, gm, {lg.article.id: by_ext[str(lg.article.external_id)] for lg in ledgers})
        return
    baseline = si.score(gold, si.baseline(gold, "lemma"))
    report: dict[str, Any] = {"articles": len(gold), "analysis_seconds": round(analysed, 1),
                              "baseline_lemma": baseline["conll_f1"]}
    settings = ["gold", "ours"] if args.setting == "both" else [args.setting]
    figures: dict[str, float] = {}
    for setting in settings:
        if setting == "gold":
            mentions = {lg.article.id: gold_mentions(by_ext[str(lg.article.external_id)], lg) for lg in ledgers}
        else:
            mentions = {lg.article.id: mentions_of(lg) for lg in ledgers}
        runs = []
        for k in range(args.orders):
            t0 = time.perf_counter()
            assign, story, block = run_store(ledgers, mentions, args.seed + k, args.batch)
            runs.append((assign, time.perf_counter() - t0))
            if k == 0:
                ext = {lg.article.id: str(lg.article.external_id) for lg in ledgers}
                stories = {ext[a]: s for a, s in story.items()}
                blocks = {ext[a]: b for a, b in block.items()}
        assign, seconds = runs[0]
        same_partition = all(_partition(a) == _partition(assign) for a, _ in runs[1:])
        preds = predictions(ledgers, mentions, assign)
        OUT.mkdir(parents=True, exist_ok=True)
        with (OUT / f"ecbplus-dev.incidents.{setting}.jsonl").open("w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p) + "\n")
        res = si.score(gold, preds)
        articles = article_pairs(gold, stories)
        by_block = article_pairs(gold, blocks)
        by_main = article_pairs(gold, main_incidents(ledgers, mentions, assign))
        report[setting] = {"conll_f1": res["conll_f1"], "muc": res["muc"], "b3": res["b3"], "ceafe": res["ceafe"],
                           "matched": res["matched"], "gold_mentions": res["gold_mentions"],
                           "article_pairs": articles, "article_pairs_blocks": by_block,
                           "article_pairs_main_incident": by_main, "link_seconds": round(seconds, 1),
                           "orders": args.orders, "orders_agree": same_partition}
        figures[f"{setting}_conll_f1"] = res["conll_f1"]
        figures[f"{setting}_article_f1"] = articles["f1"]
    if args.json:
        print(json.dumps(report))
    else:
        print(f"ECB+ dev: {report['articles']} articles, analysed in {report['analysis_seconds']} s; "
              f"lemma baseline CoNLL F1 {baseline['conll_f1']:.4f}")
        for setting in settings:
            r = report[setting]
            print(f"[{setting}] CoNLL F1 {r['conll_f1']:.4f} ({r['conll_f1'] - baseline['conll_f1']:+.4f})  "
                  f"MUC {r['muc']['f1']:.4f}  B3 P/R/F1 {r['b3']['p']:.4f}/{r['b3']['r']:.4f}/{r['b3']['f1']:.4f}  "
                  f"CEAF-e {r['ceafe']['f1']:.4f}  matched {r['matched']}/{r['gold_mentions']}")
            for name, key in (("stories", "article_pairs"), ("blocks", "article_pairs_blocks"),
                              ("main incident", "article_pairs_main_incident")):
                a = r[key]
                print(f"[{setting}] article pairs, same {name}: P {a['p']:.4f} R {a['r']:.4f} F1 {a['f1']:.4f}")
            print(f"[{setting}] linked in {r['link_seconds']} s; {r['orders']} order(s), "
                  f"identical: {r['orders_agree']}")
    if args.check:
        failed = check_floors("incidents", figures)
        if failed:
            sys.exit("incidents below floor: " + "; ".join(failed))


def _partition(assign: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for k, v in assign.items():
        groups[v].add(k)
    return {frozenset(g) for g in groups.values()}


if __name__ == "__main__":
    main()
