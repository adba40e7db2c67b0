"""The web pages as plain data: what each HTML page shows is exactly what its JSON twin returns.

Nothing here knows about HTTP. Each function takes an engine (the store and
the judge) and returns JSON-ready dicts; the templates draw them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quarterdeck.digest import SECTIONS, Window, digest_data, paper_view, week_of, week_window
from quarterdeck.errors import InputError
from quarterdeck.normalise import strip_latex
from quarterdeck.pipeline import Engine, digest_for, papers_with_verdicts, with_verdicts
from quarterdeck.policy import Policy, policy_view
from quarterdeck.profile import Profile
from quarterdeck.records import FEEDBACK, LABELS, PAPER_SORTS, VERDICTS, Feedback, PaperQuery, StoredPaper
from quarterdeck.roles.records import DUTY_NAMES, StoredRole, is_engineering, is_research
from quarterdeck.store import Store
from quarterdeck.web.charts import share_bar, trend_chart, week_chart

PER_PAGE = 25
MAX_PER_PAGE = 100
FEEDBACK_NAMES: dict[str, str] = {"changed_my_quarter": "Changed my quarter", "not_for_me": "Not for me"}


# -- one paper ------------------------------------------------------------------


def slug(stored: StoredPaper) -> str:
    """The paper's part of its URL: the arXiv id, else the store id (DOIs and old arXiv ids hold '/')."""
    arxiv = stored.paper.arxiv_id
    return arxiv if arxiv and "/" not in arxiv else str(stored.id)


def paper_url(stored: StoredPaper) -> str:
    """The paper's page in the app."""
    return f"/papers/{slug(stored)}"


def feedback_view(item: Feedback) -> dict[str, Any]:
    """One word a reader said, as plain data."""
    return {
        "value": item.value,
        "name": FEEDBACK_NAMES[item.value],
        "verdict": FEEDBACK[item.value],
        "label": item.label,
        "at": item.created_at.isoformat(),
    }


def card(stored: StoredPaper, feedback: Feedback | None) -> dict[str, Any]:
    """A paper as the digest and the library show it: :func:`paper_view` plus what a page links and marks."""
    view = paper_view(stored)
    evidence = stored.verdict.evidence if stored.verdict else ()
    view.update(
        {
            "slug": slug(stored),
            "url": paper_url(stored),
            "authors": list(stored.paper.authors),
            "abstract_parts": highlight(stored.paper.abstract, evidence),
            # Evidence from the title (or cut by LaTeX) cannot be marked in the abstract: quote it.
            "evidence_elsewhere": [
                strip_latex(line)
                for line in evidence
                if not any(part["mark"] for part in highlight(stored.paper.abstract, (line,)))
            ],
            "released": list(view["facts"].get("released", [])),
            "scale": scale_line(view["facts"]),
            "upvotes": stored.upvotes,
            "feedback": feedback_view(feedback) if feedback else None,
        }
    )
    return view


def scale_line(facts: Mapping[str, Any]) -> str:
    """Parameters, compute and tokens a paper states, in one line ('' when it states none)."""
    parts = []
    for key, name in (("params", "parameters"), ("compute", "compute"), ("tokens", "tokens")):
        values = [str(v) for v in facts.get(key, [])]
        if values:
            parts.append(f"{name} {', '.join(values[:3])}")
    return "; ".join(parts)


_SPACE = re.compile(r"\s+")


def highlight(text: str, lines: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """Split ``text`` into parts, marking where the evidence lines occur (spacing may differ).

    The parts are plain text; the template escapes each one, so marking never
    lets paper text through as markup.
    """
    spans: list[tuple[int, int]] = []
    for line in lines:
        words = line.split()
        if len(words) < 2:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.sort()
    parts: list[dict[str, Any]] = []
    at = 0
    for start, end in spans:
        start = max(start, at)
        if end <= start:
            continue
        if start > at:
            parts.append({"text": text[at:start], "mark": False})
        parts.append({"text": text[start:end], "mark": True})
        at = end
    if at < len(text):
        parts.append({"text": text[at:], "mark": False})
    return parts


def paper_page(engine: Engine, ref: str) -> dict[str, Any] | None:
    """Everything stored about one paper (None when there is no such paper)."""
    stored = engine.store.get(ref)
    if stored is None:
        return None
    stored = with_verdicts(engine, [stored])[0]
    history = engine.store.feedback_for(stored.id)
    view = card(stored, history[0] if history else None)
    paper, cls = stored.paper, stored.classification
    view.update(
        {
            "store_id": stored.id,
            "key": stored.key,
            "arxiv_id": paper.arxiv_id,
            "version": paper.version,
            "doi": paper.doi,
            "categories": list(paper.categories),
            "abstract": paper.abstract,
            "comment": paper.comment,
            "full_text_chars": len(paper.full_text),
            "first_seen": stored.first_seen.isoformat(),
            "secondary_type": cls.secondary if cls else None,
            "type_evidence": list(cls.evidence) if cls else [],
            "type_notes": list(cls.notes) if cls else [],
            "model_version": cls.model_version if cls else None,
            "score": stored.verdict.score if stored.verdict else None,
            "verdict_version": stored.verdict.policy_version if stored.verdict else None,
            "sources": [
                {
                    "source": s.source,
                    "ref": s.source_ref,
                    "url": s.url if s.url and s.url.startswith(("https://", "http://")) else None,
                    "upvotes": s.upvotes,
                    "featured_on": s.featured_on.isoformat() if s.featured_on else None,
                    "first_seen": s.first_seen.isoformat(),
                    "last_seen": s.last_seen.isoformat(),
                }
                for s in stored.source_details
            ],
            "feedback_history": [feedback_view(f) for f in history],
        }
    )
    return view


def give_feedback(engine: Engine, ref: str, value: str) -> tuple[StoredPaper, Feedback] | None:
    """Store a reader's word on a paper with the type it has now (None when there is no such paper)."""
    if value not in FEEDBACK:
        raise InputError(f"unknown feedback {value!r}: expected one of {', '.join(FEEDBACK)}")
    stored = engine.store.get(ref)
    if stored is None:
        return None
    stored = with_verdicts(engine, [stored])[0]
    label = stored.classification.label if stored.classification else None
    return stored, engine.store.add_feedback(stored.id, value, label)


# -- the digest -------------------------------------------------------------------


def weeks_in_store(store: Store) -> list[dict[str, Any]]:
    """Every ISO week that holds papers, newest first, with its paper count."""
    counts: Counter[str] = Counter()
    for day, n in store.paper_counts_by_day():
        counts[week_of(day).label] += n
    return [{"week": w, "papers": counts[w]} for w in sorted(counts, reverse=True)]


def trend_weeks(store: Store, model_version: str) -> list[tuple[str, Counter[str]]]:
    """Papers per type in every week of the store, oldest week first."""
    weeks: dict[str, Counter[str]] = {}
    for day, label, n in store.type_counts_by_day(model_version):
        weeks.setdefault(week_of(day).label, Counter())[label] += n
    return sorted(weeks.items())


def digest_page(
    engine: Engine,
    week: str | None,
    weeks: list[dict[str, Any]],
    trend: list[tuple[str, Counter[str]]],
) -> dict[str, Any]:
    """The digest of one week (default: the latest in the store) with its charts and the week list."""
    window: Window
    if week:
        window = week_window(week)
    else:
        latest = engine.store.latest_day()
        window = week_of(latest) if latest else week_of(dt.date.today())
    papers = papers_with_verdicts(engine, window.start, window.end)
    digest = digest_for(engine, window, papers)
    data = digest_data(digest)
    shown = [p for name, _ in SECTIONS for p in digest.sections[name]]
    feedback = engine.store.latest_feedback(p.id for p in shown)
    for section in data["sections"]:
        section["papers"] = [card(p, feedback.get(p.id)) for p in digest.sections[section["verdict"]]]
    followed = [p for p in digest.followed_set_aside if p.verdict is not None]
    for item, stored in zip(data["followed_set_aside"], followed, strict=True):
        item["url"] = paper_url(stored)
    by_type: dict[str, Counter[str]] = {}
    for stored in papers:
        if stored.classification and stored.verdict:
            by_type.setdefault(stored.classification.label, Counter())[stored.verdict.verdict] += 1
    data.update(
        {
            "weeks": weeks,
            "previous": _neighbour(weeks, window.label, +1),
            "next": _neighbour(weeks, window.label, -1),
            "by_type": {label: dict(c) for label, c in by_type.items()},
            "trend": [{"week": w, "types": dict(c)} for w, c in trend],
            "charts": {"week": week_chart(by_type), "trend": trend_chart(trend, window.label)},
        }
    )
    return data


def _neighbour(weeks: list[dict[str, Any]], label: str, step: int) -> str | None:
    names = [w["week"] for w in weeks]
    if label not in names:
        return None
    index = names.index(label) + step
    return names[index] if 0 <= index < len(names) else None


# -- the library ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """The library's filters as read from a query string, each checked."""

    q: str = ""
    type: str = ""
    verdict: str = ""
    week: str = ""
    source: str = ""
    followed: bool = False
    feedback: bool = False
    sort: str = ""
    page: int = 1
    per_page: int = PER_PAGE

    def params(self, **changes: Any) -> dict[str, str]:
        """These filters as query parameters (defaults left out), with ``changes`` applied."""
        values = {
            "q": self.q,
            "type": self.type,
            "verdict": self.verdict,
            "week": self.week,
            "source": self.source,
            "followed": "1" if self.followed else "",
            "feedback": "1" if self.feedback else "",
            "sort": self.sort,
            "page": str(self.page) if self.page != 1 else "",
            "per_page": str(self.per_page) if self.per_page != PER_PAGE else "",
        }
        values.update({k: str(v) if v not in (None, False) else "" for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


def read_filters(params: Mapping[str, str], sources: list[str]) -> Filters:
    """Check the library's query parameters; InputError names the first bad one."""
    q = params.get("q", "").strip()[:500]
    kind = params.get("type", "")
    if kind and kind not in LABELS:
        raise InputError(f"unknown type {kind!r}; valid: {', '.join(LABELS)}")
    verdict = params.get("verdict", "")
    if verdict and verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r}; valid: {', '.join(VERDICTS)}")
    week = params.get("week", "").strip()
    if week:
        week = week_window(week).label
    source = params.get("source", "")
    if source and source not in sources:
        raise InputError(f"no paper in the store comes from source {source!r}")
    sort = params.get("sort", "")
    if sort and sort not in PAPER_SORTS:
        raise InputError(f"unknown sort {sort!r}; valid: {', '.join(PAPER_SORTS)}")
    return Filters(
        q=q,
        type=kind,
        verdict=verdict,
        week=week,
        source=source,
        followed=_flag(params, "followed"),
        feedback=_flag(params, "feedback"),
        sort=sort,
        page=_whole(params, "page", 1, 1_000_000),
        per_page=_whole(params, "per_page", PER_PAGE, MAX_PER_PAGE, low=1),
    )


def _flag(params: Mapping[str, str], name: str) -> bool:
    return params.get(name, "") in ("1", "on", "true", "yes")


def _whole(params: Mapping[str, str], name: str, default: int, high: int, low: int = 1) -> int:
    value = params.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise InputError(f"bad {name} {value!r}: expected a whole number from {low} to {high}")
    return int(value)


def papers_page(engine: Engine, filters: Filters, sources: list[str]) -> dict[str, Any]:
    """One page of the library: the matching papers, how many there are, and the links to move on."""
    window = week_window(filters.week) if filters.week else None
    sort = filters.sort or ("relevance" if filters.q else "newest")
    query = PaperQuery(
        text=filters.q,
        label=filters.type or None,
        verdict=filters.verdict or None,
        start=window.start if window else None,
        end=window.end if window else None,
        source=filters.source or None,
        followed=filters.followed,
        with_feedback=filters.feedback,
        sort=sort,
        offset=(filters.page - 1) * filters.per_page,
        limit=filters.per_page,
    )
    found, total = engine.store.query_papers(query, engine.classifier.version, engine.verdict_version)
    found = with_verdicts(engine, found)
    feedback = engine.store.latest_feedback(p.id for p in found)
    pages = max(1, -(-total // filters.per_page))
    return {
        "filters": filters.params(),
        "sort": sort,
        "total": total,
        "page": filters.page,
        "pages": pages,
        "per_page": filters.per_page,
        "papers": [card(p, feedback.get(p.id)) for p in found],
        "previous": filters.params(page=filters.page - 1) if filters.page > 1 else None,
        "next": filters.params(page=filters.page + 1) if filters.page < pages else None,
        "page_links": [
            {"page": n, "params": filters.params(page=n), "current": n == filters.page}
            for n in _page_numbers(filters.page, pages)
        ],
        "sort_links": {s: filters.params(sort=s, page=1) for s in PAPER_SORTS},
        "choices": {"types": list(LABELS), "verdicts": list(VERDICTS), "sources": sources},
    }


def _page_numbers(current: int, pages: int) -> list[int]:
    around = range(max(1, current - 2), min(pages, current + 2) + 1)
    return sorted({1, pages, *around})


# -- roles ------------------------------------------------------------------------


def role_summary(item: StoredRole) -> dict[str, Any]:
    """One analysed role as the list shows it."""
    report = item.report
    return {
        "id": item.id,
        "url": f"/roles/{item.id}",
        "title": item.title,
        "role_class": item.role_class,
        "research_share": round(report.research_share, 3),
        "engineering_share": round(report.engineering_share, 3),
        "title_matches": report.title_matches,
        "analysed_at": item.analysed_at,
        "source": item.source,
    }


def role_page(item: StoredRole) -> dict[str, Any]:
    """Everything the analysis says about one posting, with each line's side (research or engineering)."""
    report = item.report
    data = report.as_dict()

    def side(kind: str) -> str:
        return "research" if is_research(kind) else "engineering" if is_engineering(kind) else "none"

    for key in ("duties", "requirements"):
        for line in data[key]:
            line["side"] = side(line["kind"])
            line["kind_name"] = DUTY_NAMES.get(line["kind"], "neither research nor engineering")
    data.update(
        {
            "id": item.id,
            "url": f"/roles/{item.id}",
            "analysed_at": item.analysed_at,
            "bar": share_bar(report.research_share, report.engineering_share),
            "kinds": [
                {"kind": k, "name": DUTY_NAMES.get(k, "none"), "side": side(k), "lines": n}
                for k, n in sorted(report.counts.items(), key=lambda kv: -kv[1])
                if n
            ],
        }
    )
    return data


# -- policy and profile ----------------------------------------------------------------


def policy_page(effective: Policy) -> dict[str, Any]:
    """The effective table, as ``quarterdeck policy --format json`` prints it."""
    return policy_view(effective)


def profile_page(reader: Profile) -> dict[str, Any]:
    """The effective reader profile: every key, as the verdicts use it."""
    return {
        "label": reader.label,
        "name": reader.name,
        "source": reader.source or None,
        "fingerprint": reader.fingerprint,
        "max_papers_per_week": reader.max_papers_per_week,
        "relevance": reader.relevance,
        "gpus": reader.gpus,
        "gpu_type": reader.gpu_type,
        "max_serve_params_b": reader.max_serve_params_b,
        "max_finetune_params_b": reader.max_finetune_params_b,
        "focus": list(reader.focus_terms),
        "goals": list(reader.goals),
        "stack": list(reader.stack_terms),
        "exclude": list(reader.exclude_terms),
        "follow": list(reader.follow),
        "categories": list(reader.categories),
        "sources": list(reader.sources),
        "feeds": list(reader.feeds),
        "endpoints": dict(reader.endpoints),
    }
