"""Errors that name the input they come from."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: `where` names it (a file, file:line, or <stdin>)."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
