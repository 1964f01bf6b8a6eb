import newsledger


def test_public_surface_is_pinned() -> None:
    assert newsledger.__all__ == [
        "Actor", "Article", "ArticleInfo", "Attribution", "Event", "Ledger", "NewsledgerError", "PipelineInfo",
        "PlaceRef", "ReadFailure", "Speaker", "Store", "TextSpan", "TimeRef", "__version__", "analyze",
        "analyze_article", "analyze_articles", "example_article", "open_ledger", "open_store", "read_inputs",
        "store_and_link"]
    for name in newsledger.__all__:
        assert hasattr(newsledger, name)
