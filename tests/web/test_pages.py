"""Every page and its JSON twin, the digest's week picker, the library's filters, sorting and pages."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from quarterdeck.cli import cli
from quarterdeck.pipeline import Judge, ingest_paths
from quarterdeck.profile import load_profile
from quarterdeck.records import LABELS, VERDICTS
from quarterdeck.store import Store
from quarterdeck.web import create_app
from tests.web.conftest import BASE, SAMPLE

PAGES = ("/", "/papers", "/papers/2605.22834", "/roles", "/policy", "/profile")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_html_and_has_a_json_twin(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<nav>" in page.text and "Quarterdeck" in page.text
    twin = client.get("/index.json" if url == "/" else f"{url}.json")
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    by_header = client.get(url, headers={"Accept": "application/json"})
    assert by_header.status_code == 200 and by_header.json() == twin.json()
    assert "Accept" in page.headers["vary"]


def test_digest_shows_the_latest_week_with_sections_charts_and_evidence(client: TestClient) -> None:
    data = client.get("/.json").json()
    assert data["week"] == "2026-W22" and data["papers_read"] == 12
    assert [s["verdict"] for s in data["sections"]] == ["act", "check", "budget"]
    kept = [p for s in data["sections"] for p in s["papers"]]
    assert len(kept) == data["papers_kept"] > 0
    for paper in kept:
        assert paper["type"] in LABELS and paper["reason"] and paper["url"].startswith("/papers/")
        assert {"released", "scale", "cost_trap", "next_step", "followed", "feedback"} <= paper.keys()
    # What the week held, by type and verdict, counts every judged paper once.
    assert sum(sum(v.values()) for v in data["by_type"].values()) == 12
    assert all(v in VERDICTS for counts in data["by_type"].values() for v in counts)
    assert [w["week"] for w in data["trend"]] == ["2026-W22"]
    assert "charts" not in data  # geometry is for the page, counts are for machines
    page = client.get("/").text
    assert page.count('<svg class="chart"') == 2
    assert "<mark>" in page  # evidence lines marked in the abstracts
    for paper in kept:
        assert f'id="p-{paper["slug"]}"' in page


def test_digest_week_picker_and_a_bad_week(client: TestClient) -> None:
    empty = client.get("/.json?week=2026-W10").json()
    assert empty["week"] == "2026-W10" and empty["papers_read"] == 0 and empty["papers_kept"] == 0
    assert "No papers in the store for 2026-W10" in client.get("/?week=2026-W10").text
    bad = client.get("/.json?week=someday")
    assert bad.status_code == 400 and "bad week 'someday'" in bad.json()["error"]
    assert client.get("/?week=someday").status_code == 400


def papers(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/papers.json", params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_library_lists_everything_newest_first(client: TestClient) -> None:
    data = papers(client)
    assert data["total"] == 12 and data["pages"] == 1 and data["sort"] == "newest"
    dates = [p["published"] for p in data["papers"]]
    assert dates == sorted(dates, reverse=True)


def test_library_filters_by_type_verdict_week_source_and_text(client: TestClient) -> None:
    everything = papers(client)["papers"]
    types = {p["type"] for p in everything}
    for kind in types:
        found = papers(client, type=kind)
        assert found["papers"] and all(p["type"] == kind for p in found["papers"])
        assert found["total"] == sum(p["type"] == kind for p in everything)
    verdicts = {p["verdict"] for p in everything}
    for verdict in verdicts:
        found = papers(client, verdict=verdict)
        assert all(p["verdict"] == verdict for p in found["papers"])
        assert found["total"] == sum(p["verdict"] == verdict for p in everything)
    assert papers(client, week="2026-W22")["total"] == 12
    assert papers(client, week="2026-W21")["total"] == 0
    assert papers(client, source="jsonl")["total"] == 12
    found = papers(client, q="speculative decoding")
    assert found["sort"] == "relevance"
    # Both words in both papers; the one with them in its title ranks first.
    assert [p["id"] for p in found["papers"]] == ["2605.24793", "2605.23163"]
    for paper in found["papers"]:
        text = "".join(part["text"] for part in paper["abstract_parts"]).lower()
        assert "speculative" in text and "decod" in text
    assert papers(client, q='"unbalanced quote AND (')["total"] == 0


def test_library_sorts_and_pages(client: TestClient) -> None:
    by_title = papers(client, sort="title")["papers"]
    titles = [p["title"].lower() for p in by_title]
    assert titles == sorted(titles)
    oldest = [p["published"] for p in papers(client, sort="oldest")["papers"]]
    assert oldest == sorted(oldest)
    ranked = [p["verdict"] for p in papers(client, sort="verdict")["papers"]]
    assert ranked == sorted(ranked, key=VERDICTS.index)
    seen = []
    for page in (1, 2, 3):
        data = papers(client, per_page="5", page=str(page))
        assert data["pages"] == 3 and data["total"] == 12
        seen += [p["id"] for p in data["papers"]]
    assert len(seen) == len(set(seen)) == 12
    assert papers(client, per_page="5", page="2")["next"] == {"per_page": "5", "page": "3"}
    assert papers(client, per_page="5", page="4")["papers"] == []
    html = client.get("/papers?per_page=5&page=2").text
    assert 'href="/papers?page=3&amp;per_page=5" rel="next"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "novel"}, "unknown type 'novel'"),
        ({"verdict": "maybe"}, "unknown verdict 'maybe'"),
        ({"week": "W99"}, "bad week 'W99'"),
        ({"source": "nowhere"}, "no paper in the store comes from source 'nowhere'"),
        ({"sort": "random"}, "unknown sort 'random'"),
        ({"page": "0"}, "bad page '0'"),
        ({"per_page": "5000"}, "bad per_page '5000'"),
    ],
)
def test_library_says_which_filter_is_bad(client: TestClient, params: dict[str, str], message: str) -> None:
    response = client.get("/papers.json", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_followed_filter_uses_the_profile(tmp_path: Path, db: Path) -> None:
    profile = tmp_path / "profile.toml"
    # One author of one sample paper.
    first = json.loads(SAMPLE.read_text().splitlines()[0])
    profile.write_text(f'name = "follower"\nfollow = ["{first["authors"][0]}"]\n')
    app = create_app(db, profile_path=profile, judge_in_background=False)
    with TestClient(app, base_url=BASE) as client:
        found = client.get("/papers.json?followed=1").json()
        assert [p["id"] for p in found["papers"]] == [first["id"]]
        assert found["papers"][0]["followed"] == [first["authors"][0]]
        assert "★" in client.get("/papers?followed=1").text
        assert client.get("/profile.json").json()["follow"] == [first["authors"][0]]


def test_paper_page_has_everything_stored(client: TestClient) -> None:
    data = client.get("/papers/2605.22834.json").json()
    assert data["id"] == "2605.22834" and data["store_id"] > 0
    assert data["abstract"].startswith("Retrieval-Augmented Generation")
    assert "".join(p["text"] for p in data["abstract_parts"]) == data["abstract"]
    assert data["authors"] and data["categories"] and data["type"] in LABELS
    assert data["sources"][0]["source"] == "jsonl" and data["sources"][0]["ref"].endswith(
        "arxiv-sample.jsonl:1"
    )
    assert data["model_version"] and data["verdict_version"] and data["feedback_history"] == []
    # The same paper by store id, and an unknown one.
    assert client.get(f"/papers/{data['store_id']}.json").json()["id"] == "2605.22834"
    missing = client.get("/papers/2101.00001")
    assert missing.status_code == 404 and "No stored paper" in missing.text


def test_policy_and_profile_match_the_commands(client: TestClient, judge: Judge) -> None:
    runner = CliRunner()
    from_cli = json.loads(runner.invoke(cli, ["policy", "--format", "json"]).stdout)
    assert client.get("/policy.json").json() == from_cli
    profile = client.get("/profile.json").json()
    assert (
        profile["name"] == load_profile().name
        and profile["max_papers_per_week"] == judge.profile.max_papers_per_week
    )
    assert "focus" in client.get("/profile").text


def test_unknown_routes_and_static_files(client: TestClient) -> None:
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/app.js").status_code == 200
    for path in ("/static/..%2F__init__.py", "/static/%2e%2e%2fapp.py", "/static/app.py", "/nowhere"):
        assert client.get(path).status_code == 404, path


def test_verdicts_for_the_whole_store_are_made_in_the_background(tmp_path: Path, judge: Judge) -> None:
    db = tmp_path / "fresh.db"
    with Store(db) as store:
        ingest_paths(store, [SAMPLE])  # classified and judged by nobody yet
    app = create_app(db, judge=judge)  # judges in a background thread, as serve does
    with TestClient(app, base_url=BASE) as client:
        assert client.get("/profile.json").status_code == 200  # pages answer meanwhile
        site = app.state.site
        deadline = time.monotonic() + 30
        while site.judging["running"] or site.judging["total"] == 0:
            assert time.monotonic() < deadline, site.judging
            time.sleep(0.05)
    with Store(db) as store:
        assert store.count_unjudged(judge.classifier.version, judge.verdict_version) == 0
    assert site.judging["done"] == site.judging["total"] == 12


def test_followed_papers_set_aside_link_to_their_page(tmp_path: Path, db: Path) -> None:
    # Follow every author of the sample: some followed papers are set aside, each linked.
    authors = {a for line in SAMPLE.read_text().splitlines() for a in json.loads(line)["authors"]}
    profile = tmp_path / "profile.toml"
    profile.write_text("follow = [" + ", ".join(json.dumps(a) for a in sorted(authors)) + "]\n")
    with TestClient(create_app(db, profile_path=profile, judge_in_background=False), base_url=BASE) as client:
        data = client.get("/index.json").json()
        assert data["followed_set_aside"]
        for item in data["followed_set_aside"]:
            assert client.get(item["url"]).status_code == 200
