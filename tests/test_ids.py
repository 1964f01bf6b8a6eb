from newsledger.ids import article_id, normalise_text, record_id


def test_article_id_ignores_line_endings_and_outer_space() -> None:
    assert article_id("A b.\r\nC d.\n") == article_id("  A b.\nC d.")
    assert article_id("A b.") != article_id("A c.")
    assert len(article_id("x")) == 64


def test_normalise_text_is_nfc() -> None:
    assert normalise_text("e\u0301") == "\u00e9"


def test_record_id_is_stable_and_distinguishes_parts() -> None:
    assert record_id("event", "a", (1, 2)) == record_id("event", "a", (1, 2))
    assert record_id("event", "a", (1, 2)) != record_id("event", "a", (1, 3))
    assert record_id("event", "a", None) != record_id("event", "a", "")
