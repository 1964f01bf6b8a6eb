"""The spaCy pipeline: the English model loaded once, with newsledger's own components."""

from newsledger.nlp.pipeline import MODEL_NAME, get_nlp, model_info

__all__ = ["MODEL_NAME", "get_nlp", "model_info"]
