"""Sentence embeddings without torch or network: the model2vec static model in ``resources/embeddings``.

The model is distilled from all-MiniLM-L6-v2 by ``scripts/build_embedding_model.py`` and committed; it is
loaded once per process. Vectors are unit length, so a dot product is a cosine.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from newsledger import resources
from newsledger.errors import ModelError

MODEL_DIR = "embeddings/minilm-m2v"
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


def embed(texts: Sequence[str]) -> Matrix:
    """Unit-length embeddings of ``texts`` (one row each)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vectors = np.asarray(encoder().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-9), dtype=np.float32)
