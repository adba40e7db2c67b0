"""Where Quarterdeck keeps its files: one home directory.

``QUARTERDECK_HOME`` wins; otherwise the platform's user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "QUARTERDECK_HOME"
DEBUG_ENV = "QUARTERDECK_DEBUG"
STORE_FILENAME = "quarterdeck.db"


def home_dir() -> Path:
    """Return the home directory (not created here)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("quarterdeck", appauthor=False))


def store_path() -> Path:
    """Return the path of the SQLite store inside the home directory."""
    return home_dir() / STORE_FILENAME


def debug_enabled() -> bool:
    """True when QUARTERDECK_DEBUG asks for tracebacks."""
    return os.environ.get(DEBUG_ENV, "") not in ("", "0", "false", "no")
