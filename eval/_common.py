"""Helpers shared by the evaluation scripts: where ../shared is, loading its scorers, running extraction."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLEDGER_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "eval" / "out"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"eval: {path} not found (../shared must sit beside the repository, or set NEWSLEDGER_SHARED)")
    return path


def scorer(name: str) -> ModuleType:
    """A scorer from ../shared/eval, imported by path."""
    path = shared("eval", f"{name}.py")
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def predict(records: Iterable[dict[str, Any]], out_name: str) -> tuple[list[dict[str, Any]], float]:
    """Run newsledger over gold records ({"id", "text", "published"?, "title"?}); write and return predictions."""
    from newsledger import Article, analyze_articles
    from newsledger.ingest import parse_date

    arts = []
    for r in records:
        try:
            published = parse_date(r.get("published") or r.get("date"))
        except Exception:
            published = None
        arts.append(Article(text=r["text"], title=r.get("title"), published=published, external_id=str(r["id"])))
    start = time.perf_counter()
    preds = [lg.to_dict() for lg in analyze_articles(arts)]
    seconds = time.perf_counter() - start
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / out_name).open("w", encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return preds, seconds


def check_floors(name: str, figures: dict[str, float]) -> list[str]:
    """Figures below their pinned floor in eval/floors.json (empty when all pass)."""
    floors = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8")).get(name, {})
    return [f"{k} {figures.get(k, 0.0):.3f} < floor {v:.3f}" for k, v in floors.items() if figures.get(k, 0.0) < v]


def gate(name: str, figures: dict[str, float], prefix: str = "") -> int:
    """The exit status of a ``--check`` run: prints each figure below its floor (of the floors of block
    ``name`` whose key starts with ``prefix``) and returns 1 if there is one, else 0."""
    failed = [f for f in check_floors(name, figures) if f.startswith(prefix)]
    for f in failed:
        print("BELOW FLOOR:", f)
    return 1 if failed else 0
