"""Statements: placeholder until its layer is built (see the issue tracker)."""

from __future__ import annotations

from ..doc import Doc
from . import Stage


class Statements(Stage):
    name = "statements"

    def __call__(self, doc: Doc) -> None:
        return None
