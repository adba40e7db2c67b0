"""The local web app: the routes, the store and judge behind them, and how each page answers.

Starlette with Jinja2 templates: server-rendered pages need routing, forms,
uploads and a test client, not a validation or OpenAPI layer, so FastAPI's
extra weight (pydantic) buys nothing here. Every page answers HTML, or JSON
when its URL ends in ``.json`` or the request asks for ``application/json``.

Handlers are plain functions run in Starlette's thread pool; each request
opens its own connection to the store (SQLite in WAL mode: readers never
wait on the background thread that makes the remaining verdicts).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from quarterdeck import __version__
from quarterdeck.errors import InputError, QuarterdeckError
from quarterdeck.feedback import feedback_lines
from quarterdeck.pipeline import Engine, Judge, ensure_ready, judge_pending, open_judge
from quarterdeck.records import FEEDBACK
from quarterdeck.roles.parse import MAX_BYTES
from quarterdeck.roles.records import RoleReport
from quarterdeck.store import Store
from quarterdeck.web import views
from quarterdeck.web.charts import TYPE_COLOURS, VERDICT_COLOURS
from quarterdeck.web.security import CSRF_FIELD, LOCAL_NAMES, BodyLimit, Csrf, HostGuard, SecurityHeaders

MAX_BODY = MAX_BYTES + 64 * 1024
"""The largest request body: a posting at the role reader's limit, plus the form around it."""

STATIC: dict[str, str] = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
"""The only files the app serves, read into memory at start: no request path reaches the file system."""

T = TypeVar("T")


class Site:
    """What every request shares: where the store is, the judge, the CSRF token, and caches per store state.

    The judge (classifier, profile, policy, relevance model) is loaded once.
    When the store's papers change (another command ingested some), the next
    request classifies what is new and the caches of whole-store views (the
    week list, the trend chart) are dropped.
    """

    def __init__(
        self,
        store_path: Path,
        profile_path: Path | None = None,
        *,
        judge_in_background: bool = True,
        judge: Judge | None = None,
    ) -> None:
        self.store_path = store_path
        self.profile_path = profile_path
        self.csrf = Csrf()
        self.judge_in_background = judge_in_background
        self._judge = judge
        self._lock = threading.RLock()
        self._stamp: tuple[int, int, str] | None = None
        self._cache: dict[str, Any] = {}
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._line_classifier: Any = None
        self.judging: dict[str, int | bool] = {"running": False, "done": 0, "total": 0}

    def judge(self) -> Judge:
        """The judge, loaded on first use."""
        with self._lock:
            if self._judge is None:
                self._judge = open_judge(self.profile_path)
            return self._judge

    @contextlib.contextmanager
    def engine(self) -> Iterator[Engine]:
        """A store connection for one request, with the judge, the store made ready first."""
        with Store(self.store_path) as store:
            engine = Engine(store, self.judge())
            self.refresh(engine)
            yield engine

    def refresh(self, engine: Engine) -> None:
        """When the papers changed since last seen: fill an empty store, classify what is new, drop caches."""
        stamp = engine.store.papers_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            stamp = engine.store.papers_stamp()
            if stamp == self._stamp:
                return
            ensure_ready(engine)
            self._stamp = engine.store.papers_stamp()
            self._cache.clear()
        self.start_judging(engine)

    def start_judging(self, engine: Engine) -> None:
        """Make the verdicts not yet made, in a background thread unless told to do it now."""
        if not self.judge_in_background:
            judge_pending(engine)
            return
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
            self._worker = threading.Thread(target=self._judge_all, name="quarterdeck-judge", daemon=True)
            self._worker.start()

    def _judge_all(self) -> None:
        def progress(done: int, total: int) -> None:
            self.judging.update(done=done, total=total)

        self.judging.update(running=True, done=0, total=0)
        try:
            with Store(self.store_path) as store:
                judge_pending(Engine(store, self.judge()), progress, should_stop=self._stop.is_set)
        finally:
            self.judging["running"] = False

    def stop(self) -> None:
        """Ask the background thread to stop after its batch, and wait a little for it."""
        self._stop.set()
        if self._worker is not None:
            self._worker.join(timeout=10)

    def cached(self, key: str, make: Callable[[], T]) -> T:
        """A whole-store view, computed once per state of the store's papers."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            value: T = self._cache[key]
            return value

    def analyse_role(self, data: bytes, where: str) -> RoleReport:
        """Analyse a posting with the line classifier, loaded once."""
        from quarterdeck.roles import analyse_bytes, default_line_classifier

        with self._lock:
            if self._line_classifier is None:
                self._line_classifier = default_line_classifier()
        return analyse_bytes(data, where, self._line_classifier)


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("quarterdeck.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        version=__version__,
        verdict_colours=VERDICT_COLOURS,
        type_colours=TYPE_COLOURS,
        feedback_names=views.FEEDBACK_NAMES,
        csrf_field=CSRF_FIELD,
    )
    return Jinja2Templates(env=env)


def wants_json(request: Request) -> bool:
    """A ``.json`` URL, or an Accept header asking for JSON rather than HTML."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def create_app(
    store_path: Path,
    *,
    profile_path: Path | None = None,
    allowed_hosts: tuple[str, ...] | None = LOCAL_NAMES,
    judge_in_background: bool = True,
    judge: Judge | None = None,
) -> Starlette:
    """The web app over the store at ``store_path``.

    ``allowed_hosts`` are the host names it answers to (None: any, for a server
    bound to all interfaces). On start-up it makes the store ready as the
    digest command does (an empty store gets the bundled snapshot; new papers
    are classified), then makes the verdicts not yet made, in the background
    unless ``judge_in_background`` is false.
    """
    site = Site(store_path, profile_path, judge_in_background=judge_in_background, judge=judge)
    templates = _templates()
    static = {
        name: (resources.files("quarterdeck.web").joinpath("static", name).read_bytes(), kind)
        for name, kind in STATIC.items()
    }

    def render(
        request: Request,
        template: str,
        data: dict[str, Any],
        status: int = 200,
        html_only: tuple[str, ...] = (),
    ) -> Response:
        if wants_json(request):
            body = {k: v for k, v in data.items() if k not in html_only}
            return JSONResponse(body, status_code=status, headers={"Vary": "Accept"})
        context = {"d": data, "csrf": site.csrf.token, "section": template.split(".")[0], "site": site}
        return templates.TemplateResponse(
            request, template, context, status_code=status, headers={"Vary": "Accept"}
        )

    def ref_of(request: Request) -> str:
        return str(request.path_params["ref"]).removesuffix(".json")

    def digest(request: Request) -> Response:
        with site.engine() as engine:
            store = engine.store
            weeks = site.cached("weeks", lambda: views.weeks_in_store(store))
            trend = site.cached("trend", lambda: views.trend_weeks(store, engine.classifier.version))
            data = views.digest_page(engine, request.query_params.get("week"), weeks, trend)
        return render(request, "digest.html", data, html_only=("charts",))

    def papers(request: Request) -> Response:
        with site.engine() as engine:
            sources = site.cached("sources", engine.store.source_names)
            filters = views.read_filters(request.query_params, sources)
            data = views.papers_page(engine, filters, sources)
        data["judging"] = dict(site.judging)
        return render(request, "papers.html", data)

    def paper(request: Request) -> Response:
        with site.engine() as engine:
            data = views.paper_page(engine, ref_of(request))
        if data is None:
            raise HTTPException(404, f"No stored paper with id {ref_of(request)!r}.")
        return render(request, "paper.html", data)

    async def feedback(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        token = form.get(CSRF_FIELD)
        site.csrf.check(request, token if isinstance(token, str) else None)
        value = form.get("value")
        if not isinstance(value, str) or value not in FEEDBACK:
            raise InputError(f"feedback must be one of {', '.join(FEEDBACK)}")
        ref = str(request.path_params["ref"])

        def give() -> tuple[str, dict[str, Any]] | None:
            with site.engine() as engine:
                result = views.give_feedback(engine, ref, value)
            if result is None:
                return None
            return views.paper_url(result[0]), views.feedback_view(result[1])

        given = await run_in_threadpool(give)
        if given is None:
            raise HTTPException(404, f"No stored paper with id {ref!r}.")
        url, said = given
        if wants_json(request):
            return JSONResponse({"paper": url, "feedback": said}, status_code=201)
        # Built from the stored paper, never from the request: no open redirect.
        return RedirectResponse(f"{url}#feedback", status_code=303)

    def export(request: Request) -> Response:
        with Store(store_path) as store:
            lines = list(feedback_lines(store))
        return StreamingResponse(
            iter(lines),
            media_type="application/x-ndjson; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="quarterdeck-feedback.jsonl"'},
        )

    def roles_data(error: str = "", text: str = "") -> dict[str, Any]:
        with Store(store_path) as store:
            stored = store.list_roles(200)
        return {
            "roles": [views.role_summary(r) for r in stored],
            "error": error,
            "text": text,
            "max_bytes": MAX_BYTES,
        }

    async def roles(request: Request) -> Response:
        if request.method == "GET":
            return render(request, "roles.html", await run_in_threadpool(roles_data))
        form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_BODY)
        token = form.get(CSRF_FIELD)
        site.csrf.check(request, token if isinstance(token, str) else None)
        text = form.get("text")
        text = text if isinstance(text, str) else ""
        upload = form.get("file")
        data: bytes
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(MAX_BYTES + 1)
            where = _upload_name(upload.filename)
        else:
            data, where = text.encode("utf-8"), "pasted text"

        def analyse() -> int:
            if not data.strip():
                raise InputError("paste a job description, or choose a file to upload")
            report = site.analyse_role(data, where)
            with Store(store_path) as store:
                role_id, _ = store.save_role(report)
            return role_id

        try:
            role_id = await run_in_threadpool(analyse)
        except InputError as exc:
            return render(
                request, "roles.html", await run_in_threadpool(roles_data, str(exc), text), status=400
            )
        if wants_json(request):
            return await run_in_threadpool(role_json, role_id)
        return RedirectResponse(f"/roles/{role_id}", status_code=303)

    def role_json(role_id: int) -> Response:
        with Store(store_path) as store:
            stored = store.get_role(role_id)
        assert stored is not None
        return JSONResponse(views.role_page(stored), status_code=201)

    def role(request: Request) -> Response:
        ref = ref_of(request)
        if not ref.isdigit():
            raise HTTPException(404, f"No analysed role with id {ref!r}.")
        with Store(store_path) as store:
            stored = store.get_role(int(ref))
        if stored is None:
            raise HTTPException(404, f"No analysed role with id {ref!r}.")
        return render(request, "role.html", views.role_page(stored), html_only=("bar",))

    def policy(request: Request) -> Response:
        return render(request, "policy.html", views.policy_page(site.judge().policy))

    def profile(request: Request) -> Response:
        return render(request, "profile.html", views.profile_page(site.judge().profile))

    def asset(request: Request) -> Response:
        found = static.get(str(request.path_params["name"]))
        if found is None:
            raise HTTPException(404, "No such file.")
        body, kind = found
        return Response(body, media_type=kind, headers={"Cache-Control": "no-cache"})

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return render(
            request, "error.html", {"status": exc.status_code, "error": exc.detail}, exc.status_code
        )

    async def bad_input(request: Request, exc: Exception) -> Response:
        status = 400 if isinstance(exc, InputError) else 500
        return render(request, "error.html", {"status": status, "error": str(exc)}, status)

    async def crashed(request: Request, exc: Exception) -> Response:
        # No traceback to the browser: it may hold paths and data.
        message = f"Internal error ({type(exc).__name__}); the server's log has the details."
        return render(request, "error.html", {"status": 500, "error": message}, 500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        def start() -> None:
            with site.engine():
                pass

        await run_in_threadpool(start)
        yield
        site.stop()

    routes = [
        Route("/", digest),
        Route("/.json", digest),
        Route("/index.json", digest),
        Route("/papers", papers),
        Route("/papers.json", papers),
        Route("/papers/{ref}", paper),
        Route("/papers/{ref}/feedback", feedback, methods=["POST"]),
        Route("/feedback.jsonl", export),
        Route("/roles", roles, methods=["GET", "POST"]),
        Route("/roles.json", roles),
        Route("/roles/{ref}", role),
        Route("/policy", policy),
        Route("/policy.json", policy),
        Route("/profile", profile),
        Route("/profile.json", profile),
        Route("/static/{name}", asset),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(HostGuard, allowed=allowed_hosts),
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, max_bytes=MAX_BODY),
        ],
        exception_handlers={
            HTTPException: http_error,
            QuarterdeckError: bad_input,
            Exception: crashed,
        },
        lifespan=lifespan,
    )
    app.state.site = site
    return app


def _upload_name(filename: str) -> str:
    """An upload's name for messages only (never a path): its last part, printable, at most 80 characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())[:80]
    return name or "upload"
