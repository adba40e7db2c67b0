"""The local web app (``quarterdeck serve``): the digest, the papers, feedback and roles in a browser."""

from quarterdeck.web.app import create_app

__all__ = ["create_app"]
