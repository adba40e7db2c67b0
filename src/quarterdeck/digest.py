"""The weekly digest: select the papers that survive the skim, then render them.

Selection keeps at most the reader's weekly allowance: budget papers first
(they are rare and easy to miss), then ``act`` with a third of the room kept
for ``check``; an empty week is an honest answer. Renderers return text (or a Rich renderable); they never
print.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from quarterdeck.errors import InputError
from quarterdeck.normalise import strip_latex
from quarterdeck.records import StoredPaper

SECTIONS: tuple[tuple[str, str], ...] = (
    ("act", "Changes your quarter"),
    ("check", "Worth a check"),
    ("budget", "For the budget conversation"),
)
_BUDGET_SLOTS = 2
_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Window:
    """The dates a digest covers, inclusive, and how to name them."""

    start: dt.date
    end: dt.date
    label: str


def week_window(value: str) -> Window:
    """Parse an ISO week such as ``2026-W23`` into its Monday-to-Sunday window."""
    match = _WEEK_RE.match(value.strip())
    if match is None:
        raise InputError(f"bad week {value!r}: expected an ISO week like 2026-W23")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        start = dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise InputError(f"bad week {value!r}: {exc}") from exc
    return Window(start, start + dt.timedelta(days=6), f"{year}-W{week:02d}")


def week_of(day: dt.date) -> Window:
    """The ISO week that contains ``day``."""
    year, week, _ = day.isocalendar()
    return week_window(f"{year}-W{week:02d}")


def since_window(since: str, until: dt.date) -> Window:
    """The window from ``since`` (YYYY-MM-DD) to ``until``."""
    try:
        start = dt.date.fromisoformat(since.strip())
    except ValueError as exc:
        raise InputError(f"bad date {since!r}: expected YYYY-MM-DD") from exc
    end = max(until, start)
    return Window(start, end, f"{start.isoformat()} to {end.isoformat()}")


@dataclass(slots=True)
class Digest:
    """A selected digest, ready to render."""

    window: Window
    profile_name: str
    papers_read: int
    sections: dict[str, list[StoredPaper]]
    set_aside: Counter[str]
    """Papers not shown, by type."""
    set_aside_reasons: dict[str, Counter[str]] = field(default_factory=dict)
    """Why papers were set aside: per type, the reasons (numbers and quoted terms folded) and counts."""
    followed_set_aside: list[StoredPaper] = field(default_factory=list)
    """Papers by followed authors or labs that did not make the digest."""
    not_shown: Counter[str] = field(default_factory=Counter)
    """Papers with a keeping verdict left out by the weekly allowance, by verdict."""
    unclassified: int = 0
    model_version: str = ""
    policy_version: str = ""

    @property
    def kept(self) -> int:
        """How many papers the digest shows."""
        return sum(len(v) for v in self.sections.values())


def build_digest(
    papers: list[StoredPaper],
    window: Window,
    *,
    max_papers: int,
    profile_name: str,
    model_version: str,
    policy_version: str,
) -> Digest:
    """Select what to show from papers that carry their classification and verdict."""
    by_verdict: dict[str, list[StoredPaper]] = {"act": [], "check": [], "budget": []}
    set_aside: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = {}
    followed: list[StoredPaper] = []
    unclassified = 0

    def aside(stored: StoredPaper, reason: str) -> None:
        label = stored.classification.label if stored.classification else "other"
        set_aside[label] += 1
        reasons.setdefault(label, Counter())[reason] += 1
        if stored.verdict is not None and stored.verdict.followed:
            followed.append(stored)

    for stored in papers:
        if stored.classification is None or stored.verdict is None:
            unclassified += 1
            continue
        if stored.verdict.verdict in by_verdict:
            by_verdict[stored.verdict.verdict].append(stored)
        else:
            aside(stored, reason_kind(stored.verdict.verdict, stored.verdict.reason))
    for group in by_verdict.values():
        group.sort(key=lambda p: (-(p.verdict.score if p.verdict else 0.0), p.id))

    # Budget papers are rare and easy to miss, so they go first (at most two);
    # a third of what is left is kept for checks so one busy "act" week does
    # not hide every open question; any unused room flows back.
    take = {"budget": min(len(by_verdict["budget"]), _BUDGET_SLOTS, max_papers)}
    room = max_papers - take["budget"]
    reserved = min(len(by_verdict["check"]), room // 3)
    take["act"] = min(len(by_verdict["act"]), room - reserved)
    take["check"] = min(len(by_verdict["check"]), room - take["act"])
    sections: dict[str, list[StoredPaper]] = {}
    not_shown: Counter[str] = Counter()
    for name, _ in SECTIONS:
        sections[name] = by_verdict[name][: take[name]]
        for dropped in by_verdict[name][take[name] :]:
            not_shown[name] += 1
            aside(dropped, f"{name}, over your weekly limit")
    return Digest(
        window=window,
        profile_name=profile_name,
        papers_read=len(papers),
        sections=sections,
        set_aside=set_aside,
        set_aside_reasons=reasons,
        followed_set_aside=followed,
        not_shown=not_shown,
        unclassified=unclassified,
        model_version=model_version,
        policy_version=policy_version,
    )


_FOLD_QUOTED = re.compile(r"'[^']*'")
_FOLD_PARENS = re.compile(r"\s*\([^)]*\)")


def reason_kind(verdict: str, reason: str) -> str:
    """A reason with its paper-specific parts folded, so set-aside reasons can be counted."""
    folded = _FOLD_PARENS.sub("", _FOLD_QUOTED.sub("…", reason)).strip()
    return folded if verdict == "skip" else f"{verdict}: {folded}"


# -- plain data for JSON and templates ---------------------------------------


def paper_view(stored: StoredPaper) -> dict[str, Any]:
    """One paper as plain data: what every format shows, and what ``triage`` prints.

    Holds the machine interface's fields (id, title, type, confidence, verdict,
    reason, evidence, next_step, facts, relevance) and what the digest adds.
    """
    cls, verdict = stored.classification, stored.verdict
    # Abstracts carry LaTeX (\footnote{...}, $...$); a reader wants the words.
    lines = [strip_latex(line) for line in verdict.evidence] if verdict else []
    return {
        "id": stored.paper.arxiv_id or stored.paper.doi or stored.key,
        "title": stored.paper.title,
        "link": stored.link,
        "published": stored.day.isoformat(),
        "type": cls.label if cls else None,
        "confidence": round(cls.confidence, 3) if cls else None,
        "type_uncertain": cls.uncertain if cls else True,
        "verdict": verdict.verdict if verdict else None,
        "reason": verdict.reason if verdict else "",
        "evidence": lines,
        "next_step": verdict.next_step if verdict else "",
        "facts": verdict.facts if verdict else {},
        "cost_trap": verdict.cost_trap if verdict else None,
        "relevance": verdict.relevance if verdict else None,
        "followed": list(verdict.followed) if verdict else [],
    }


def digest_data(digest: Digest) -> dict[str, Any]:
    """The whole digest as plain data (the JSON format, and the templates' input)."""
    return {
        "week": digest.window.label,
        "start": digest.window.start.isoformat(),
        "end": digest.window.end.isoformat(),
        "profile": digest.profile_name,
        "papers_read": digest.papers_read,
        "papers_kept": digest.kept,
        "sections": [
            {"verdict": name, "title": title, "papers": [paper_view(p) for p in digest.sections[name]]}
            for name, title in SECTIONS
        ],
        "set_aside": dict(digest.set_aside.most_common()),
        "set_aside_reasons": {
            label: [{"reason": r, "papers": n} for r, n in digest.set_aside_reasons[label].most_common(3)]
            for label, _ in digest.set_aside.most_common()
        },
        "top_reasons": [
            {"reason": r, "papers": n}
            for r, n in sum(digest.set_aside_reasons.values(), Counter[str]()).most_common(3)
        ],
        "followed_set_aside": [
            {"id": p.paper.arxiv_id or p.key, "title": p.paper.title, "followed": list(p.verdict.followed)}
            for p in digest.followed_set_aside
            if p.verdict is not None
        ],
        "not_shown": dict(digest.not_shown),
        "unclassified": digest.unclassified,
        "model_version": digest.model_version,
        "policy_version": digest.policy_version,
    }


def render_json(digest: Digest) -> str:
    """The digest as JSON."""
    return json.dumps(digest_data(digest), indent=2, ensure_ascii=False) + "\n"


_ENV = Environment(
    loader=PackageLoader("quarterdeck", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _md_escape(text: str) -> str:
    # Paper titles can hold Markdown syntax; keep them literal.
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


_ENV.filters["md"] = _md_escape


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown."""
    data = digest_data(digest)
    return _ENV.get_template("digest.md.j2").render(
        d=data, set_aside=set_aside_line(data), reasons=reasons_lines(data), followed=followed_line(data)
    )


def render_html(digest: Digest) -> str:
    """The digest as a self-contained HTML page (every paper field escaped)."""
    data = digest_data(digest)
    return _ENV.get_template("digest.html").render(
        d=data, set_aside=set_aside_line(data), reasons=reasons_lines(data), followed=followed_line(data)
    )


def set_aside_line(data: dict[str, Any]) -> str:
    """'Set aside: 1,204 (other 400, application 350, ...)' for the closing line."""
    counts: dict[str, int] = data["set_aside"]
    total = sum(counts.values())
    parts = ", ".join(f"{label} {count}" for label, count in counts.items())
    line = f"Set aside: {total}" + (f" ({parts})" if parts else "")
    if data["not_shown"]:
        over = ", ".join(f"{n} {verdict}" for verdict, n in data["not_shown"].items())
        line += f". Over your weekly limit and not shown: {over}"
    return line + "."


def reasons_lines(data: dict[str, Any]) -> list[str]:
    """The top reasons papers were set aside, one line each: '812 papers: Almost never: ...'."""
    return [f"{r['papers']} papers: {r['reason']}" for r in data["top_reasons"]]


def followed_line(data: dict[str, Any]) -> str:
    """'From people you follow, also set aside: Title (Name); ...', or ''."""
    items = data["followed_set_aside"]
    if not items:
        return ""
    shown = "; ".join(f"{p['title']} ({', '.join(p['followed'])})" for p in items[:5])
    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
    return f"From authors and labs you follow, also set aside: {shown}{more}."


def render_terminal(digest: Digest) -> RenderableType:
    """The digest as a Rich renderable for the terminal."""
    data = digest_data(digest)
    parts: list[RenderableType] = [
        Panel(
            Text.from_markup(
                f"[bold]Quarterdeck digest {escape(data['week'])}[/] "
                f"({data['start']} to {data['end']}) for {escape(data['profile'])}\n"
                f"Papers read: {data['papers_read']}   Papers kept: {data['papers_kept']}"
            ),
            expand=False,
        )
    ]
    for section in data["sections"]:
        parts.append(Text.from_markup(f"\n[bold underline]{section['title']}[/] ({len(section['papers'])})"))
        if not section["papers"]:
            parts.append(Text("  Nothing this week.", style="dim"))
        for number, paper in enumerate(section["papers"], 1):
            parts.append(_terminal_paper(number, paper))
    parts.append(Text("\n" + set_aside_line(data), style="dim"))
    if data["top_reasons"]:
        parts.append(Text("Top reasons: " + " | ".join(reasons_lines(data)), style="dim"))
    if followed_line(data):
        parts.append(Text(followed_line(data), style="magenta"))
    if data["unclassified"]:
        parts.append(Text(f"Not yet classified: {data['unclassified']}.", style="yellow"))
    return Group(*parts)


def _terminal_paper(number: int, paper: dict[str, Any]) -> Text:
    kind = paper["type"] + (" (type uncertain)" if paper["type_uncertain"] else "")
    text = Text()
    text.append(f"\n {number}. ", style="bold")
    text.append(paper["title"], style="bold")
    text.append(f"\n    {paper['id']}  {paper['link'] or ''}  [{kind}]", style="cyan")
    if paper["followed"]:
        text.append(f"\n    ★ You follow: {', '.join(paper['followed'])}", style="magenta")
    text.append(f"\n    {paper['reason']}")
    if paper["cost_trap"]:
        text.append(f"\n    Cost trap: {paper['cost_trap']}", style="bold red")
    for line in paper["evidence"][:2]:
        text.append(f'\n    "{_clip(line, 240)}"', style="italic")
    if paper["next_step"]:
        text.append(f"\n    Next: {paper['next_step']}", style="green")
    return text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
