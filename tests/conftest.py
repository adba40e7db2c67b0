"""Every test gets its own empty home directory; unexpected errors raise."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "arxiv-sample.jsonl"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point QUARTERDECK_HOME at a fresh folder so no test touches a real store."""
    path = tmp_path / "home"
    monkeypatch.setenv("QUARTERDECK_HOME", str(path))
    monkeypatch.setenv("QUARTERDECK_DEBUG", "1")
    return path


@pytest.fixture
def sample_path() -> Path:
    """Twelve real arXiv records in the shared JSONL schema."""
    return SAMPLE


@pytest.fixture
def readonly_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home directory nobody may write to, set as QUARTERDECK_HOME.

    Root ignores permission bits, so tests that use it run their check through
    :func:`as_unprivileged`, which drops to ``nobody`` in a forked child.
    """
    parent = Path(tempfile.mkdtemp(prefix="qd-ro-"))
    parent.chmod(0o755)
    path = parent / "home"
    path.mkdir()
    path.chmod(0o555)
    monkeypatch.setenv("QUARTERDECK_HOME", str(path))
    yield path
    path.chmod(0o755)
    shutil.rmtree(parent)


@pytest.fixture
def as_unprivileged() -> Callable[[Callable[[], int]], int]:
    """Run ``check`` (returning an exit status) without root's power to ignore permissions."""

    def run(check: Callable[[], int]) -> int:
        if os.geteuid() != 0:
            return check()
        pid = os.fork()
        if pid == 0:  # child: never return into pytest
            status = 3
            try:
                os.setgid(65534)
                os.setuid(65534)
                status = check()
            finally:
                os._exit(status)
        _, wait_status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(wait_status)

    return run
