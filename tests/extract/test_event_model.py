"""The event classifier: training, serialisation, and the committed weights."""

from __future__ import annotations

from newsledger.extract import event_model


def test_train_learns_a_separable_toy_problem() -> None:
    data = [(["v:hit", "o:x"], "ASSAULT"), (["v:hit", "o:y"], "ASSAULT"), (["v:meet", "o:x"], "CONSULT"),
            (["v:meet", "o:z"], "CONSULT"), (["v:say"], "NONE")]
    m = event_model.train(data, ["NONE", "ASSAULT", "CONSULT"], epochs=200)
    assert m.predict(["v:hit", "o:z"])[0] == "ASSAULT"
    assert m.predict(["v:meet", "o:y"])[0] == "CONSULT"
    assert m.predict(["v:unknown"])[1] < 0.9  # unseen features: no confident answer


def test_json_round_trip_keeps_predictions() -> None:
    data = [(["a"], "X"), (["b"], "Y"), (["a", "c"], "X")]
    m = event_model.train(data, ["X", "Y"], epochs=100)
    back = event_model.Model.from_json(m.to_json(digits=6))
    for feats in (["a"], ["b"], ["c"], []):
        assert back.predict(feats)[0] == m.predict(feats)[0]
        assert abs(back.predict(feats)[1] - m.predict(feats)[1]) < 1e-4


def test_committed_weights_cover_the_training_roots() -> None:
    m = event_model.model()
    assert "NONE" in m.labels and "YIELD" in m.labels and len(m.labels) == 16
    assert m.weights.shape == (len(m.index), len(m.labels))
    p = m.scores(["h:attack"])
    assert abs(float(p.sum()) - 1.0) < 1e-9
