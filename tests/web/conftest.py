"""The web app's fixtures: a small prepared store (the twelve sample papers), the app and a client."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from quarterdeck.pipeline import Engine, Judge, ensure_ready, ingest_paths, judge_pending, open_judge
from quarterdeck.store import Store
from quarterdeck.web import create_app

DATA = Path(__file__).parent.parent / "data"
SAMPLE = DATA / "arxiv-sample.jsonl"
BASE = "http://localhost:8000"
"""Where the test client says it is: a local name, so the app's host check lets it in."""


@pytest.fixture(scope="session")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    """The default judge (bundled model, reference reader), loaded once with an empty home."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUARTERDECK_HOME", str(tmp_path_factory.mktemp("judge-home")))
        yield open_judge()


@pytest.fixture(scope="session")
def prepared_db(tmp_path_factory: pytest.TempPathFactory, judge: Judge) -> Path:
    """The sample papers ingested, classified and judged once; tests work on copies."""
    path = tmp_path_factory.mktemp("prepared") / "quarterdeck.db"
    with Store(path) as store:
        ingest_paths(store, [SAMPLE])
        engine = Engine(store, judge)
        ensure_ready(engine)
        judge_pending(engine)
    return path


@pytest.fixture
def db(tmp_path: Path, prepared_db: Path) -> Path:
    """A fresh copy of the prepared store for one test."""
    path = tmp_path / "web.db"
    shutil.copy(prepared_db, path)
    return path


@pytest.fixture
def client(db: Path, judge: Judge) -> Iterator[TestClient]:
    """A test client on the app over the sample store, started (lifespan run) and stopped."""
    app = create_app(db, judge=judge, judge_in_background=False)
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


def csrf_token(client: TestClient) -> str:
    """The token the app's forms carry, as a page gives it."""
    page = client.get("/papers").text
    marker = 'name="csrf-token" content="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]
