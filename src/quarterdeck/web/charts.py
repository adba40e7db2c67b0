"""Server-rendered charts: the geometry of each SVG as plain data, drawn by the templates.

Computing rectangles here and leaving the markup to Jinja keeps every label
escaped by the template engine, and the pages free of any chart library.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from quarterdeck.records import LABELS, VERDICTS

VERDICT_COLOURS: dict[str, str] = {
    "act": "#1a7f37",
    "check": "#bf8700",
    "budget": "#8250df",
    "watch": "#0969da",
    "skip": "#afb8c1",
}
"""One colour per verdict, from most to least actionable."""

TYPE_COLOURS: dict[str, str] = dict(
    zip(
        LABELS,
        (
            "#4e79a7",
            "#f28e2b",
            "#e15759",
            "#76b7b2",
            "#59a14f",
            "#edc948",
            "#b07aa1",
            "#ff9da7",
            "#9c755f",
            "#b6992d",
            "#d37295",
            "#a0cbe8",
            "#bab0ac",
        ),
        strict=True,
    )
)
"""One colour per research-output type, in the taxonomy's order."""

_ROW = 22
_LABEL_W = 170
_BAR_W = 430
_COUNT_W = 50


def week_chart(counts: Mapping[str, Counter[str]]) -> dict[str, Any]:
    """Horizontal bars, one per type, split by verdict: what the week held and what became of it.

    ``counts`` maps a type to its papers per verdict. Types are ordered by how
    many papers they hold; empty types are left out.
    """
    rows = sorted(((label, c) for label, c in counts.items() if sum(c.values())), key=_by_total)
    top = max((sum(c.values()) for _, c in rows), default=0)
    scale = _BAR_W / top if top else 0.0
    drawn = []
    for index, (label, verdicts) in enumerate(rows):
        x = float(_LABEL_W)
        segments = []
        for verdict in VERDICTS:
            n = verdicts.get(verdict, 0)
            if n:
                width = n * scale
                segments.append(
                    {
                        "x": round(x, 1),
                        "width": round(width, 1),
                        "verdict": verdict,
                        "n": n,
                        "colour": VERDICT_COLOURS[verdict],
                    }
                )
                x += width
        total = sum(verdicts.values())
        drawn.append(
            {"label": label, "y": index * _ROW, "total": total, "end": round(x + 6, 1), "segments": segments}
        )
    return {
        "width": _LABEL_W + _BAR_W + _COUNT_W,
        "height": max(len(drawn), 1) * _ROW,
        "row": _ROW,
        "label_x": _LABEL_W - 8,
        "rows": drawn,
        "legend": [{"name": v, "colour": VERDICT_COLOURS[v]} for v in VERDICTS],
    }


def _by_total(item: tuple[str, Counter[str]]) -> tuple[int, int]:
    label, counts = item
    return -sum(counts.values()), LABELS.index(label) if label in LABELS else len(LABELS)


_TREND_W = 760
_TREND_H = 200
_AXIS_LEFT = 44
_AXIS_BOTTOM = 34
_TREND_TOP = 8


def trend_chart(weeks: Sequence[tuple[str, Counter[str]]], current: str | None = None) -> dict[str, Any]:
    """Stacked columns, one per ISO week in the store, split by type: how the stream's mix moves.

    ``weeks`` is in time order, each ``(label, papers per type)``; ``current``
    names the week the page shows, which is outlined.
    """
    count = len(weeks)
    plot_w = _TREND_W - _AXIS_LEFT - 8
    plot_h = _TREND_H - _AXIS_BOTTOM - _TREND_TOP
    top = _nice_ceiling(max((sum(c.values()) for _, c in weeks), default=0))
    step = plot_w / count if count else 0.0
    gap = min(2.0, step * 0.2)
    columns: list[dict[str, Any]] = []
    for index, (label, types) in enumerate(weeks):
        x = _AXIS_LEFT + index * step
        y = float(_TREND_TOP + plot_h)
        segments = []
        for kind in LABELS:
            n = types.get(kind, 0)
            if n and top:
                height = n / top * plot_h
                y -= height
                segments.append(
                    {
                        "y": round(y, 2),
                        "height": round(height, 2),
                        "type": kind,
                        "n": n,
                        "colour": TYPE_COLOURS[kind],
                    }
                )
        columns.append(
            {
                "week": label,
                "x": round(x + gap / 2, 2),
                "width": round(max(step - gap, 0.5), 2),
                "total": sum(types.values()),
                "segments": segments,
                "current": label == current,
            }
        )
    every = max(1, math.ceil(count / 10))
    ticks = [
        {"x": round(c["x"] + c["width"] / 2, 2), "label": c["week"]}
        for i, c in enumerate(columns)
        if i % every == 0
    ]
    present = {kind for _, types in weeks for kind, n in types.items() if n}
    return {
        "width": _TREND_W,
        "height": _TREND_H,
        "left": _AXIS_LEFT,
        "right": _TREND_W - 8,
        "baseline": _TREND_TOP + plot_h,
        "top_y": _TREND_TOP,
        "top": top,
        "middle_y": _TREND_TOP + plot_h / 2,
        "middle": top // 2,
        "columns": columns,
        "ticks": ticks,
        "legend": [{"name": k, "colour": TYPE_COLOURS[k]} for k in LABELS if k in present],
    }


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (an axis top)."""
    if value <= 0:
        return 0
    power = int(10 ** math.floor(math.log10(value)))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power


def share_bar(research: float, engineering: float) -> dict[str, Any]:
    """One bar split into the research-shaped and engineering-shaped share of a role's duties."""
    width = 600
    research_w = round(max(0.0, min(1.0, research)) * width, 1)
    engineering_w = round(max(0.0, min(1.0, engineering)) * width, 1)
    return {
        "width": width,
        "height": 28,
        "research": {"x": 0, "width": research_w, "share": round(research * 100)},
        "engineering": {"x": research_w, "width": engineering_w, "share": round(engineering * 100)},
        "empty": research_w + engineering_w == 0,
    }
