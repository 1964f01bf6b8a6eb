"""``one_blas_thread``: numpy's BLAS runs one thread once it is called, and the models' loaders call it."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info

from newsledger import _threads
from newsledger.link import mentions


def test_blas_runs_one_thread() -> None:
    _threads.one_blas_thread()
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)


def test_loading_the_link_model_limits_blas(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(mentions, "one_blas_thread", lambda: calls.append(1))
    model = mentions.link_model.__wrapped__()
    assert calls == [1] and model.window_days > 0
