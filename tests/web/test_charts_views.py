"""Chart geometry and the view helpers: highlighting, slugs, filters."""

from __future__ import annotations

from collections import Counter

import pytest

from quarterdeck.errors import InputError
from quarterdeck.web.charts import (
    TYPE_COLOURS,
    VERDICT_COLOURS,
    _nice_ceiling,
    share_bar,
    trend_chart,
    week_chart,
)
from quarterdeck.web.views import Filters, highlight, read_filters


def test_week_chart_orders_types_by_size_and_stacks_verdicts() -> None:
    chart = week_chart(
        {
            "benchmark": Counter(skip=3, act=1),
            "survey": Counter(skip=1),
            "other": Counter(),
            "agent_pattern": Counter(check=2),
        }
    )
    assert [r["label"] for r in chart["rows"]] == ["benchmark", "agent_pattern", "survey"]
    first = chart["rows"][0]
    assert [s["verdict"] for s in first["segments"]] == ["act", "skip"]  # most actionable first
    assert first["segments"][0]["colour"] == VERDICT_COLOURS["act"]
    widths = [s["width"] for s in first["segments"]]
    assert widths[1] == pytest.approx(3 * widths[0], abs=0.2)
    assert first["segments"][1]["x"] == pytest.approx(first["segments"][0]["x"] + widths[0], abs=0.1)
    assert chart["height"] == 3 * chart["row"]
    assert week_chart({})["rows"] == []


def test_trend_chart_stacks_types_per_week_and_marks_the_current_one() -> None:
    weeks = [
        ("2026-W20", Counter(benchmark=10, survey=5)),
        ("2026-W21", Counter(benchmark=30)),
        ("2026-W22", Counter()),
    ]
    chart = trend_chart(weeks, "2026-W21")
    assert chart["top"] == 50  # 30 rounded up to 1, 2 or 5 times a power of ten
    columns = chart["columns"]
    assert [c["current"] for c in columns] == [False, True, False]
    assert [c["total"] for c in columns] == [15, 30, 0] and columns[2]["segments"] == []
    heights = {s["type"]: s["height"] for s in columns[0]["segments"]}
    assert heights["benchmark"] == pytest.approx(2 * heights["survey"], abs=0.05)
    assert columns[0]["x"] < columns[1]["x"] < columns[2]["x"]
    assert [entry["name"] for entry in chart["legend"]] == ["benchmark", "survey"]
    assert chart["legend"][0]["colour"] == TYPE_COLOURS["benchmark"]
    assert trend_chart([])["columns"] == []


def test_nice_ceiling_and_share_bar() -> None:
    assert [_nice_ceiling(v) for v in (0, 1, 3, 7, 10, 11, 1234, 2001)] == [0, 1, 5, 10, 10, 20, 2000, 5000]
    bar = share_bar(0.25, 0.75)
    assert (
        bar["research"]["width"] == 150
        and bar["engineering"]["x"] == 150
        and bar["engineering"]["share"] == 75
    )
    assert share_bar(0.0, 0.0)["empty"]


def test_highlight_marks_evidence_whatever_the_spacing() -> None:
    text = "We study X.  Our code is\npublicly available. We find Y."
    parts = highlight(text, ("Our code is publicly available.", "not in the text at all"))
    assert "".join(p["text"] for p in parts) == text
    assert [p["text"] for p in parts if p["mark"]] == ["Our code is\npublicly available."]
    assert highlight(text, ()) == [{"text": text, "mark": False}]
    # Overlapping lines are marked once.
    overlapping = highlight("a b c d e", ("a b c", "b c d"))
    assert "".join(p["text"] for p in overlapping) == "a b c d e"
    assert [p["text"] for p in overlapping if p["mark"]] == ["a b c", " d"]


def test_filters_round_trip_as_query_parameters() -> None:
    filters = read_filters(
        {"q": " rag ", "type": "benchmark", "week": "2026w21", "followed": "on"}, ["jsonl"]
    )
    assert filters == Filters(q="rag", type="benchmark", week="2026-W21", followed=True)
    assert filters.params() == {"q": "rag", "type": "benchmark", "week": "2026-W21", "followed": "1"}
    assert filters.params(page=3)["page"] == "3"
    with pytest.raises(InputError, match="unknown type"):
        read_filters({"type": "<script>"}, [])
