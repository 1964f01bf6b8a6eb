import newsledger


def test_public_surface_is_pinned() -> None:
    assert newsledger.__all__ == [
        "Actor", "Article", "ArticleInfo", "Attribution", "Event", "Ledger", "NewsledgerError", "PipelineInfo",
        "PlaceRef", "ReadFailure", "Speaker", "Store", "TextSpan", "TimeRef", "__version__", "analyze",
        "analyze_article", "analyze_articles", "example_article", "open_ledger", "open_store", "read_inputs",
        "store_and_link"]
    for name in newsledger.__all__:
        assert hasattr(newsledger, name)


def test_analyze_checks_its_text_as_every_entrance_does() -> None:
    import pytest

    from newsledger.errors import DecodeError, EmptyInputError, TooLongError
    from newsledger.ingest.article import MAX_ARTICLE_CHARS

    for text, error in [("The minister\x00 said so.", DecodeError), ("A lone \ud800 surrogate.", DecodeError),
                        ("  \n", EmptyInputError), ("a" * (MAX_ARTICLE_CHARS + 1), TooLongError)]:
        with pytest.raises(error) as err:
            newsledger.analyze(text)
        assert "\n" not in err.value.message and err.value.message.startswith("text: ")
    with pytest.raises(newsledger.NewsledgerError, match="published: cannot read date"):
        newsledger.analyze("The minister said so.", published="last spring")
    with pytest.raises(DecodeError, match='"title" contains NUL'):
        newsledger.analyze("The minister said so.", title="Bad\x00title")
