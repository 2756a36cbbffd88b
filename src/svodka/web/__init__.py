"""The REST API and the web UI (`svodka serve`): one FastAPI app, see `create_app`."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
