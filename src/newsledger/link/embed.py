"""Sentence embeddings without torch or network: the model2vec static model in ``resources/embeddings``.

The model is distilled from all-MiniLM-L6-v2 by ``scripts/build_embedding_model.py`` and committed; it is
loaded once per process. Vectors are unit length, so a dot product is a cosine.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from newsledger import resources
from newsledger.errors import ModelError

MODEL_DIR = "embeddings/minilm-m2v"
DIMENSIONS = 256
Matrix = npt.NDArray[np.float32]


@cache
def encoder() -> Any:
    """The static embedding model (loaded on first use)."""
    from model2vec import StaticModel

    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
    path = resources.path(MODEL_DIR)
    try:
        return StaticModel.from_pretrained(str(path))
    except (OSError, ValueError) as exc:
        raise ModelError(model=str(path), reason=str(exc).splitlines()[0]) from None


CACHE_SIZE = 20000  # texts whose vectors are kept (a story is re-embedded each time it gains an article)
_cache: OrderedDict[str, Matrix] = OrderedDict()
_lock = threading.Lock()


def _encode(texts: list[str]) -> Matrix:
    vectors = np.asarray(encoder().encode(texts), dtype=np.float32)
    return np.asarray(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9), dtype=np.float32)


def embed(texts: Sequence[str]) -> Matrix:
    """Unit-length embeddings of ``texts`` (one row each); the most recent ``CACHE_SIZE`` texts' are kept."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    fresh = dict(zip(missing, _encode(missing), strict=True)) if missing else {}
    with _lock:
        rows = []
        for t in texts:
            v = fresh.get(t)
            if v is None:
                v = _cache.get(t)
            if v is None:  # pushed out by another thread since
                v = _encode([t])[0]
            _cache[t] = v
            _cache.move_to_end(t)
            rows.append(v)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return np.asarray(np.stack(rows), dtype=np.float32)
