"""The web stage: FastAPI app with a JSON API, server-rendered pages and Atom feeds."""

from storyline.web.app import create_app

__all__ = ["create_app"]
