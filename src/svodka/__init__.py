"""svodka: structured, verifiable facts from Russian-language news.

    >>> import svodka
    >>> rec = svodka.extract("Премьер-министр Казахстана Олжас Бектенов посетил Москву.")
    >>> rec.entities[0].name
    'Олжас Бектенов'
"""

from __future__ import annotations

from .doc import Doc, Meta
from .pipeline import Pipeline
from .record import Record

__version__ = "0.1.0"
__all__ = ["Doc", "Meta", "Pipeline", "Record", "extract", "__version__"]

_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide pipeline (models load on first use)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def extract(text: str, *, published: str | None = None, id: str | None = None,
            title: str | None = None, source: str | None = None, url: str | None = None) -> Record:
    """Extract the svodka record of one text."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    doc = Doc(text, id=id, meta=Meta(title=title, published=published, source=source, url=url))
    return default_pipeline()(doc).record()
