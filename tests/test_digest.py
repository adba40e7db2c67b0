from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from quarterdeck.digest import (
    build_digest,
    render_html,
    render_json,
    render_markdown,
    render_terminal,
    since_window,
    week_of,
    week_window,
)
from quarterdeck.errors import InputError
from quarterdeck.records import Classification, Paper, StoredPaper, Verdict

WEEK = week_window("2026-W22")


def stored(
    n: int, verdict: str, label: str = "agent_pattern", score: float = 1.0, title: str = ""
) -> StoredPaper:
    return StoredPaper(
        id=n,
        key=f"arxiv:2605.{n:05d}",
        paper=Paper(
            title=title or f"Paper {n}",
            abstract="Abstract.",
            arxiv_id=f"2605.{n:05d}",
            published=dt.date(2026, 5, 26),
        ),
        first_seen=dt.datetime(2026, 5, 27, tzinfo=dt.UTC),
        classification=Classification(label, 0.9, None, ("we propose",), "rules-test"),
        verdict=Verdict(
            verdict, f"Reason {n}.", (f"Evidence line {n}.",), f"Step {n}.", score, "policy-test"
        ),
    )


def digest_of(papers: list[StoredPaper], max_papers: int = 10):  # type: ignore[no-untyped-def]
    return build_digest(
        papers,
        WEEK,
        max_papers=max_papers,
        profile_name="reader",
        model_version="rules-test",
        policy_version="policy-test",
    )


def test_week_parsing() -> None:
    assert (WEEK.start, WEEK.end, WEEK.label) == (dt.date(2026, 5, 25), dt.date(2026, 5, 31), "2026-W22")
    assert week_window("2026w3").label == "2026-W03"
    assert week_of(dt.date(2026, 5, 31)).label == "2026-W22"
    assert since_window("2026-05-18", dt.date(2026, 5, 31)).end == dt.date(2026, 5, 31)
    for bad in ("2026-23", "2026-W54", "last week"):
        with pytest.raises(InputError, match="bad week"):
            week_window(bad)
    with pytest.raises(InputError, match="bad date"):
        since_window("yesterday", dt.date(2026, 5, 31))


def test_selection_respects_allowance_budget_first_then_act_with_room_for_checks() -> None:
    papers = [stored(i, "act", score=i) for i in range(1, 9)]
    papers += [stored(i, "check") for i in range(10, 20)]
    papers += [stored(30, "budget", label="scaling_law"), stored(31, "skip", label="other")]
    papers += [stored(32, "skip", label="application"), stored(33, "watch", label="architecture")]
    digest = digest_of(papers)
    assert [len(digest.sections[k]) for k in ("act", "check", "budget")] == [6, 3, 1]
    assert digest.kept == 10
    # Highest score first within a section.
    assert [p.id for p in digest.sections["act"]][:2] == [8, 7]
    assert digest.not_shown == {"act": 2, "check": 7}
    assert digest.set_aside["agent_pattern"] == 9
    assert digest.set_aside["other"] == 1 and digest.set_aside["architecture"] == 1
    assert digest.papers_read == 22  # every paper counts as read, kept or not


def test_unused_room_flows_back_to_act() -> None:
    digest = digest_of([stored(i, "act") for i in range(1, 13)] + [stored(20, "check")])
    assert [len(digest.sections[k]) for k in ("act", "check", "budget")] == [9, 1, 0]
    assert digest_of([stored(1, "act")], max_papers=0).kept == 0


def test_empty_week_is_an_honest_digest() -> None:
    digest = digest_of([stored(1, "skip", label="other")])
    assert digest.kept == 0
    text = render_markdown(digest)
    assert text.count("Nothing this week.") == 3
    assert "Set aside: 1 (other 1)." in text


def test_markdown_has_header_sections_reason_evidence_and_link() -> None:
    text = render_markdown(digest_of([stored(1, "act"), stored(2, "budget", label="scaling_law")]))
    assert text.startswith("# Quarterdeck digest 2026-W22\n")
    assert "Papers read: **2**. Papers kept: **2**." in text
    for heading in ("## Changes your quarter", "## Worth a check", "## For the budget conversation"):
        assert heading in text
    assert "[2605.00001](https://arxiv.org/abs/2605.00001)" in text
    assert "> Evidence line 1." in text
    assert "Next: Step 1." in text


def test_markdown_escapes_title_syntax() -> None:
    text = render_markdown(digest_of([stored(1, "act", title="Use *all* the [tools]")]))
    assert r"Use \*all\* the \[tools\]" in text


def test_html_escapes_untrusted_text() -> None:
    html = render_html(digest_of([stored(1, "act", title="<script>alert(1)</script> agents")]))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; agents" in html
    assert '<section id="act">' in html


def test_json_round_trips_with_every_kept_paper_field() -> None:
    data = json.loads(render_json(digest_of([stored(1, "check", label="benchmark")])))
    assert data["week"] == "2026-W22" and data["papers_kept"] == 1
    (paper,) = data["sections"][1]["papers"]
    assert paper["id"] == "2605.00001"
    assert paper["type"] == "benchmark"
    assert paper["reason"] == "Reason 1."
    assert paper["evidence"] == ["Evidence line 1."]
    assert paper["link"] == "https://arxiv.org/abs/2605.00001"
    assert {"confidence", "next_step", "facts", "relevance", "cost_trap", "followed"} <= set(paper)


def test_terminal_rendering_names_sections() -> None:
    from rich.console import Console

    console = Console(width=100, record=True, no_color=True)
    console.print(render_terminal(digest_of([stored(1, "act")])))
    text = console.export_text()
    assert "Quarterdeck digest 2026-W22" in text
    assert "Changes your quarter (1)" in text
    assert '"Evidence line 1."' in text


def test_set_aside_is_counted_by_type_with_the_top_reasons() -> None:
    skipped = [
        replace(
            stored(n, "skip", label="other"),
            verdict=Verdict("skip", "Almost never: I read it for fun.", (), "", 0.0, "p"),
        )
        for n in range(1, 4)
    ] + [
        replace(
            stored(10 + n, "skip", label="benchmark"),
            verdict=Verdict("skip", f"Outside your domains ('robot{n}').", (), "", 0.0, "p"),
        )
        for n in range(2)
    ]
    data = json.loads(render_json(digest_of(skipped)))
    assert data["set_aside"] == {"other": 3, "benchmark": 2}
    assert data["set_aside_reasons"]["benchmark"] == [{"reason": "Outside your domains.", "papers": 2}]
    assert data["top_reasons"][0] == {"reason": "Almost never: I read it for fun.", "papers": 3}
    markdown = render_markdown(digest_of(skipped))
    assert "- 3 papers: Almost never: I read it for fun." in markdown


def test_followed_and_cost_trap_are_shown_next_to_the_paper_in_every_format() -> None:
    from rich.console import Console

    base = stored(1, "check")
    assert base.verdict is not None
    marked = replace(
        base,
        verdict=replace(
            base.verdict,
            followed=("Ada Lovelace",),
            cost_trap="+4.1 points with 64 samples: about 64x inference cost",
        ),
    )
    hidden = replace(
        stored(2, "skip"),
        verdict=Verdict("skip", "Rarely: no.", (), "", 0.0, "p", followed=("DeepMind",)),
    )
    digest = digest_of([marked, hidden])
    console = Console(width=120, record=True, no_color=True)
    console.print(render_terminal(digest))
    for text in (console.export_text(), render_markdown(digest), render_html(digest)):
        assert "Cost trap" in text and "64x inference cost" in text
        assert "You follow: Ada Lovelace" in text
        assert "From authors and labs you follow, also set aside: Paper 2 (DeepMind)" in text
    paper = json.loads(render_json(digest))["sections"][1]["papers"][0]
    assert paper["followed"] == ["Ada Lovelace"] and paper["cost_trap"].startswith("+4.1 points")
