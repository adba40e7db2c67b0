"""Fetch the live sources into the store: plan the windows, fetch them politely, report.

Each source splits the asked dates into windows (:mod:`quarterdeck.sources.live`). The
store remembers each window's progress, so a run skips windows that are complete and
settled, resumes a window at the first page it had not stored, and refetches a recent
window whose content may still grow. Every page is stored with its cursor in one
transaction, through the same ingest (and dedupe) as files.

A source that fails stops at its first failure (its later windows would only fail the same
way against the same host); a feed failing does not stop the other feeds. The report says,
per source, what was new, updated, unchanged, rejected and what failed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from quarterdeck.endpoints import Endpoints, resolve_endpoints
from quarterdeck.errors import FetchError, InputError
from quarterdeck.http import ARXIV_INTERVAL, HttpClient
from quarterdeck.profile import SOURCES, Profile
from quarterdeck.records import IngestReport, Rejected
from quarterdeck.sources.arxiv_api import ArxivApiSource, lookup_ids
from quarterdeck.sources.arxiv_rss import ArxivRssSource
from quarterdeck.sources.feeds import ArxivLookup, FeedsSource
from quarterdeck.sources.huggingface import HuggingFaceSource
from quarterdeck.sources.live import Context, LiveSource, Window
from quarterdeck.sources.web import fetch_target
from quarterdeck.store import Store
from quarterdeck.targets import Target

DEFAULT_CATEGORIES = ("cs.CL", "cs.LG", "cs.AI")
DEFAULT_SOURCES = ("arxiv",)
"""Used when the profile names no sources (plus ``feeds`` when it lists feeds)."""
DEFAULT_DAYS = 7
Action = Literal["fetch", "resume", "refresh", "skip"]
Progress = Callable[[str, int, int, int], None]
"""Called with (source, windows done, windows planned, papers stored so far)."""


def open_client() -> HttpClient:
    """The HTTP client a run uses (tests replace this with one on a mock transport)."""
    return HttpClient()


def _arxiv_lookup(ctx: Context) -> ArxivLookup:
    return partial(lookup_ids, ctx.client, ctx.endpoints.arxiv_api)


def live_sources() -> dict[str, LiveSource]:
    """Every live source by the name profiles and ``--source`` use."""
    return {
        "arxiv": ArxivApiSource(),
        "arxiv-rss": ArxivRssSource(),
        "huggingface": HuggingFaceSource(),
        "feeds": FeedsSource(lookup=_arxiv_lookup),
    }


def choose_sources(names: Sequence[str], profile: Profile) -> tuple[str, ...]:
    """The sources to fetch: those named, else the profile's, else arXiv (and feeds if listed)."""
    for name in names:
        if name not in SOURCES:
            raise InputError(f"unknown source '{name}'; known sources: {', '.join(SOURCES)}")
    if names:
        return tuple(dict.fromkeys(names))
    if profile.sources:
        return profile.sources
    return DEFAULT_SOURCES + (("feeds",) if profile.feeds else ())


_SINCE = re.compile(r"^(\d+)\s*([dw])$")


def date_range(
    since: str | None, start: str | None, end: str | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The inclusive UTC date range asked for: ``--since 7d``/``2w``/a date, or ``--from``/``--to``."""
    if since and (start or end):
        raise InputError("give --since or --from/--to, not both")
    if since:
        match = _SINCE.match(since.strip().lower())
        if match:
            count = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
            if count < 1:
                raise InputError(f"--since {since}: give at least 1 day")
            return today - dt.timedelta(days=count - 1), today
        return _date(since, "--since"), today
    first = _date(start, "--from") if start else today - dt.timedelta(days=DEFAULT_DAYS - 1)
    last = _date(end, "--to") if end else today
    if last > today:
        last = today
    if first > last:
        raise InputError(f"--from {first.isoformat()} is after --to {last.isoformat()}")
    return first, last


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value}: expected a date YYYY-MM-DD or a span like 7d or 2w") from None


@dataclass(frozen=True, slots=True)
class PlannedWindow:
    """A window and what the run will do with it."""

    window: Window
    action: Action
    cursor: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourcePlan:
    """What one source will fetch, or why it cannot."""

    source: str
    windows: tuple[PlannedWindow, ...]
    problem: str | None = None

    @property
    def to_fetch(self) -> tuple[PlannedWindow, ...]:
        """The windows that need requests."""
        return tuple(w for w in self.windows if w.action != "skip")


def make_context(
    client: HttpClient, profile: Profile, endpoints: Endpoints | None = None, now: dt.datetime | None = None
) -> Context:
    """The context for a run from the profile: categories, feeds, base URLs."""
    return Context(
        client=client,
        endpoints=endpoints or resolve_endpoints(profile.endpoints),
        categories=profile.categories or DEFAULT_CATEGORIES,
        feeds=profile.feeds,
        now=now or dt.datetime.now(dt.UTC),
    )


def plan_fetch(
    store: Store, ctx: Context, names: Iterable[str], start: dt.date, end: dt.date
) -> list[SourcePlan]:
    """Decide, per source and window, whether to fetch, resume, refresh or skip. Sends nothing."""
    sources = live_sources()
    plans = []
    for name in names:
        source = sources[name]
        problem = None
        if name == "feeds" and not ctx.feeds:
            problem = 'no feeds to fetch: add feeds = ["https://..."] to your profile'
        windows = () if problem else tuple(_decide(store, ctx, w) for w in source.windows(ctx, start, end))
        plans.append(SourcePlan(name, windows, problem))
    return plans


def _decide(store: Store, ctx: Context, window: Window) -> PlannedWindow:
    state = store.fetch_state(window.source, window.key)
    if state is None:
        return PlannedWindow(window, "fetch", "", "not fetched before")
    if not state.completed:
        where = f"offset {state.cursor}" if state.cursor.isdigit() else "where it stopped"
        return PlannedWindow(window, "resume", state.cursor, f"interrupted; resume at {where}")
    if window.settles_at is None:
        # Feeds: ask again with the validators of the last answer (a 304 costs little).
        return PlannedWindow(window, "refresh", state.cursor, "asked again if changed")
    if state.completed_at is not None and state.completed_at >= window.settles_at:
        return PlannedWindow(window, "skip", state.cursor, f"complete ({state.items} papers)")
    return PlannedWindow(window, "refresh", "", "fetched before it settled; fetched again")


@dataclass(slots=True)
class SourceResult:
    """What fetching one source did."""

    source: str
    report: IngestReport = field(default_factory=IngestReport)
    windows_fetched: int = 0
    windows_skipped: int = 0
    windows_failed: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the source failed and fetched nothing at all."""
        return bool(self.errors) and self.windows_fetched == 0

    @property
    def attempted(self) -> bool:
        """True when the source had something to do (a window to fetch, or a problem)."""
        return self.windows_fetched + self.windows_failed > 0 or bool(self.errors)


@dataclass(slots=True)
class FetchReport:
    """A whole run: one result per source, and the requests it took."""

    results: list[SourceResult]
    requests: int = 0

    @property
    def nothing_fetched(self) -> bool:
        """True when every source that had work failed outright: the run should exit non-zero."""
        attempted = [r for r in self.results if r.attempted]
        return bool(attempted) and all(r.failed for r in attempted)

    @property
    def failures(self) -> list[tuple[str, str]]:
        """(source, message) for every failure."""
        return [(r.source, e) for r in self.results for e in r.errors]


def run_fetch(
    store: Store, ctx: Context, plans: Sequence[SourcePlan], progress: Progress | None = None
) -> FetchReport:
    """Fetch every planned window, storing each page with its cursor as it arrives."""
    sources = live_sources()
    before = ctx.client.requests
    results = []
    for plan in plans:
        result = SourceResult(plan.source)
        results.append(result)
        if plan.problem:
            result.errors.append(plan.problem)
            continue
        result.windows_skipped = len(plan.windows) - len(plan.to_fetch)
        total = len(plan.to_fetch)
        if progress:
            progress(plan.source, 0, total, 0)
        independent = plan.source == "feeds"  # each feed is its own host
        for done, planned in enumerate(plan.to_fetch, start=1):
            try:
                _fetch_window(store, ctx, sources[plan.source], planned, result)
                result.windows_fetched += 1
            except FetchError as exc:
                result.windows_failed += 1
                result.errors.append(str(exc))
                if not independent:
                    break
            finally:
                if progress:
                    progress(plan.source, done, total, result.report.stored)
    return FetchReport(results, ctx.client.requests - before)


def _fetch_window(
    store: Store, ctx: Context, source: LiveSource, planned: PlannedWindow, result: SourceResult
) -> None:
    window = planned.window
    first = True
    for page in source.pages(ctx, window, planned.cursor):
        report = store.save_page(
            window.source,
            window.key,
            page.items,
            cursor=page.cursor,
            completed=page.done,
            total=page.total,
            restart=first and planned.action != "resume",
            fetched_at=ctx.now,
        )
        first = False
        result.report.add(report)
        result.notes.extend(page.notes)


def estimate_seconds(plans: Sequence[SourcePlan]) -> float:
    """At least how long the planned arXiv requests take at arXiv's pace (3 s apart)."""
    arxiv = sum(w.window.min_requests for p in plans if p.source.startswith("arxiv") for w in p.to_fetch)
    return max(0, arxiv - 1) * ARXIV_INTERVAL


# -- URLs and DOIs given to `ingest` ---------------------------------------------


def ingest_targets(
    store: Store, targets: Sequence[Target], profile: Profile, client: HttpClient | None = None
) -> IngestReport:
    """Fetch each target and store it (one transaction each); a failure is one rejected line."""
    report = IngestReport()
    own = client is None
    http = client or open_client()
    try:
        endpoints = resolve_endpoints(profile.endpoints)
        for target in targets:
            report.files += 1
            try:
                item = fetch_target(http, endpoints, target)
            except FetchError as exc:
                report.rejected.append(Rejected(target.given, str(exc)))
                continue
            report.add(store.ingest([item]))
    finally:
        if own:
            http.close()
    return report
