"""``collector_paused``: the collector is paused inside, enabled again after (also on an error, also when
threads overlap), and left disabled when it was disabled before."""

from __future__ import annotations

import gc
import threading

import pytest

from newsledger._gc import collector_paused


def test_paused_inside_and_enabled_after_even_on_an_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_threads_share_one_pause() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first has left: still paused for this one

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False] and gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_storing_and_linking_leaves_the_collector_as_it_found_it(tmp_path: object) -> None:
    from newsledger.link import open_ledger, store_and_link
    from tests.link.ledgers import BRIDGE_A, build

    with open_ledger(f"sqlite:///{tmp_path}/ledger.db") as store:
        store_and_link(store, [build(BRIDGE_A)])
    assert gc.isenabled()
