"""The event classifier: training, serialisation, and the committed weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsledger.extract import event_model


def test_train_learns_a_separable_toy_problem() -> None:
    data = [(["v:hit", "o:x"], "ASSAULT"), (["v:hit", "o:y"], "ASSAULT"), (["v:meet", "o:x"], "CONSULT"),
            (["v:meet", "o:z"], "CONSULT"), (["v:say"], "NONE")]
    m, _ = event_model.train(data, ["NONE", "ASSAULT", "CONSULT"], epochs=200)
    assert m.predict(["v:hit", "o:z"])[0] == "ASSAULT"
    assert m.predict(["v:meet", "o:y"])[0] == "CONSULT"
    assert m.predict(["v:unknown"])[1] < 0.9  # unseen features: no confident answer


def test_save_and_load_keep_predictions(tmp_path: Path) -> None:
    data = [(["a"], "X"), (["b"], "Y"), (["a", "c"], "X")]
    m, _ = event_model.train(data, ["X", "Y"], epochs=100)
    m.save(tmp_path / "m.npz")
    back = event_model.Model.load(tmp_path / "m.npz")
    for feats in (["a"], ["b"], ["c"], []):
        assert back.predict(feats)[0] == m.predict(feats)[0]
        assert abs(back.predict(feats)[1] - m.predict(feats)[1]) < 1e-2  # weights are stored as float16


def test_dense_features_are_learned_and_become_word_rows() -> None:
    data = [([], "X"), ([], "X"), ([], "Y"), ([], "Y")]
    dense = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    m, wd = event_model.train(data, ["X", "Y"], epochs=200, dense=dense)
    assert wd.shape == (2, 2)
    rows = {"eh:alpha": np.array([1.0, 0.0]) @ wd, "eh:beta": np.array([0.0, 1.0]) @ wd}
    m2 = m.extended(rows)
    assert m2.predict(["eh:alpha"])[0] == "X" and m2.predict(["eh:beta"])[0] == "Y"


def test_committed_weights_cover_the_training_roots() -> None:
    m = event_model.model()
    assert "YIELD" in m.labels and "ASSAULT" in m.labels and len(m.labels) == 15
    assert m.weights.shape == (len(m.index), len(m.labels))
    p = m.scores(["h:attack"])
    assert abs(float(p.sum()) - 1.0) < 1e-9
