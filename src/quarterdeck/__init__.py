"""Quarterdeck: which research papers change an applied AI engineer's quarter, and why."""

from __future__ import annotations

__version__ = "0.1.0"
