"""Pipeline stages. Each module adds one layer to the Doc; STAGES maps names to classes."""

from __future__ import annotations

from importlib import import_module

from ..doc import Doc


class Stage:
    """A pipeline step. Override `__call__` (one doc) or `batch` (many docs at once)."""

    name = "stage"

    def __call__(self, doc: Doc) -> None:
        raise NotImplementedError

    def batch(self, docs: list[Doc]) -> None:
        for doc in docs:
            self(doc)


class _Registry(dict):
    """Imports a stage's module the first time it is asked for."""

    MODULES = {
        "segment": "segment.Segment",
        "morph": "morph.Morph",
        "ner": "ner.NER",
        "syntax": "syntax.Syntax",
        "entities": "entities.Entities",
        "cast": "cast.Cast",
        "bodies": "bodies.Bodies",
        "references": "references.References",
        "roles": "roles.Roles",
        "affiliations": "affiliations.Affiliations",
        "times": "times.Times",
        "figures": "figures.Figures",
        "quotes": "quotes.Quotes",
        "statements": "statements.Statements",
        "events": "events.Events",
        "commitments": "commitments.Commitments",
        "topics": "topics.Topics",
    }

    def __contains__(self, name) -> bool:
        return name in self.MODULES

    def __iter__(self):
        return iter(self.MODULES)

    def __missing__(self, name: str):
        module, cls = self.MODULES[name].split(".")
        self[name] = getattr(import_module(f"{__name__}.{module}"), cls)
        return self[name]


STAGES = _Registry()
