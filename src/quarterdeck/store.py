"""The SQLite store: the only module that speaks SQL.

One file in the home directory, WAL mode, append-only migrations recorded in
the ``migrations`` table, FTS5 over title and abstract. One row per paper
across versions and sources; classifications and verdicts are kept with the
model and policy version that made them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from quarterdeck.errors import SchemaTooNewError, StoreError
from quarterdeck.normalise import normalise_doi, paper_key, parse_arxiv_id, title_key
from quarterdeck.records import (
    FEEDBACK,
    VERDICTS,
    Classification,
    Feedback,
    FetchState,
    IngestReport,
    Paper,
    PaperQuery,
    PaperSource,
    Rejected,
    StoredPaper,
    Verdict,
)
from quarterdeck.roles.records import RoleReport, StoredRole, report_from_dict

Migration = Callable[[sqlite3.Connection], None]


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the migration's transaction half way;
    # running statement by statement keeps each migration atomic.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")


def _m001_papers(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            arxiv_id TEXT UNIQUE,
            doi TEXT UNIQUE,
            title_key TEXT NOT NULL,
            title TEXT NOT NULL,
            abstract TEXT NOT NULL,
            authors TEXT NOT NULL,          -- JSON list
            categories TEXT NOT NULL,       -- JSON list
            published TEXT,                 -- ISO date
            comment TEXT NOT NULL,
            full_text TEXT NOT NULL,
            url TEXT,
            version INTEGER,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX papers_title_key ON papers(title_key);
        CREATE INDEX papers_published ON papers(published);
        CREATE TABLE paper_sources (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            source_ref TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (paper_id, source, source_ref)
        );
        """,
    )


def _m002_fts(db: sqlite3.Connection) -> None:
    # External-content FTS kept in step by triggers, so the text is stored once.
    _run_script(
        db,
        """
        CREATE VIRTUAL TABLE papers_fts USING fts5(
            title, abstract, content='papers', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER papers_ai AFTER INSERT ON papers BEGIN
            INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
        END;
        CREATE TRIGGER papers_ad AFTER DELETE ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
            VALUES ('delete', old.id, old.title, old.abstract);
        END;
        CREATE TRIGGER papers_au AFTER UPDATE OF title, abstract ON papers BEGIN
            INSERT INTO papers_fts(papers_fts, rowid, title, abstract)
            VALUES ('delete', old.id, old.title, old.abstract);
            INSERT INTO papers_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract);
        END;
        """,
    )


def _m003_classifications(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE classifications (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            model_version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            label TEXT NOT NULL,
            confidence REAL NOT NULL,
            secondary TEXT,
            evidence TEXT NOT NULL,         -- JSON list
            created_at TEXT NOT NULL,
            PRIMARY KEY (paper_id, model_version)
        );
        CREATE TABLE verdicts (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            policy_version TEXT NOT NULL,
            model_version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            evidence TEXT NOT NULL,         -- JSON list
            next_step TEXT NOT NULL,
            score REAL NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (paper_id, policy_version, model_version)
        );
        """,
    )


def _m004_classification_notes(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE classifications ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'")


def _m005_verdict_details(db: sqlite3.Connection) -> None:
    # What the triage JSON, the digest and the web page show next to a verdict.
    for column in (
        "relevance REAL",
        "followed TEXT NOT NULL DEFAULT '[]'",  # JSON list
        "cost_trap TEXT",
        "facts TEXT NOT NULL DEFAULT '{}'",  # JSON object
    ):
        db.execute(f"ALTER TABLE verdicts ADD COLUMN {column}")


def _m006_sources(db: sqlite3.Connection) -> None:
    # Per-source signals live on the source row, so one paper read from arXiv, Hugging Face
    # and a feed is one paper with three source rows, each with what that source says.
    _run_script(
        db,
        """
        ALTER TABLE paper_sources ADD COLUMN url TEXT;
        ALTER TABLE paper_sources ADD COLUMN upvotes INTEGER;
        ALTER TABLE paper_sources ADD COLUMN featured_on TEXT;    -- ISO date
        ALTER TABLE paper_sources ADD COLUMN last_seen TEXT;
        UPDATE paper_sources SET last_seen = seen_at;
        CREATE INDEX paper_sources_source ON paper_sources(source);
        CREATE TABLE fetch_state (
            source TEXT NOT NULL,
            window TEXT NOT NULL,
            cursor TEXT NOT NULL,           -- next page offset, or cache validators (JSON)
            completed INTEGER NOT NULL,
            items INTEGER NOT NULL,
            total INTEGER,
            updated_at TEXT NOT NULL,
            completed_at TEXT,
            PRIMARY KEY (source, window)
        );
        """,
    )


def _m007_roles(db: sqlite3.Connection) -> None:
    # One row per distinct posting text; analysing it again replaces the report.
    _run_script(
        db,
        """
        CREATE TABLE roles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            role_class TEXT NOT NULL,
            source TEXT NOT NULL,
            method TEXT NOT NULL,
            report TEXT NOT NULL,           -- JSON, RoleReport.as_dict()
            first_seen TEXT NOT NULL,
            analysed_at TEXT NOT NULL
        );
        CREATE INDEX roles_analysed_at ON roles(analysed_at);
        """,
    )


def _m008_feedback(db: sqlite3.Connection) -> None:
    # Every word a reader says is kept (the latest one counts), with the type the paper had then,
    # so an export is a labeled file that trains the classifier and the relevance model.
    _run_script(
        db,
        """
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            value TEXT NOT NULL,            -- changed_my_quarter | not_for_me
            label TEXT,                     -- the paper's type when it was said
            created_at TEXT NOT NULL
        );
        CREATE INDEX feedback_paper ON feedback(paper_id, id);
        """,
    )


def _m009_paper_day(db: sqlite3.Connection) -> None:
    # The day a paper counts for (publication, else first seen) orders the library, bounds a
    # week and groups the trend; indexed as that exact expression, a 70,000-paper store answers
    # "newest first" and "this week" without reading every row. updated_at tells the web app
    # when papers changed.
    _run_script(
        db,
        """
        CREATE INDEX papers_day ON papers(coalesce(published, substr(first_seen, 1, 10)), id);
        CREATE INDEX papers_updated_at ON papers(updated_at);
        """,
    )


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("001_papers", _m001_papers),
    ("002_fts", _m002_fts),
    ("003_classifications", _m003_classifications),
    ("004_classification_notes", _m004_classification_notes),
    ("005_verdict_details", _m005_verdict_details),
    ("006_sources", _m006_sources),
    ("007_roles", _m007_roles),
    ("008_feedback", _m008_feedback),
    ("009_paper_day", _m009_paper_day),
)
"""Append-only: never edit or reorder a released migration, add a new one."""

SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def content_hash(paper: Paper) -> str:
    """Hash of the fields that, when changed, make earlier classifications stale."""
    payload = json.dumps(
        [paper.title, paper.abstract, paper.comment, paper.full_text, list(paper.categories)],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def merge(stored: Paper, incoming: Paper) -> Paper:
    """Combine two records of one paper.

    A newer or equal arXiv version wins field by field where it has a value; an
    older version only fills gaps, so reading v1 after v3 never rolls the paper
    back. An unversioned record (Hugging Face, a feed, a file without versions)
    wins over another unversioned one, but only fills gaps in a record that
    carries an arXiv version: the arXiv record is the authority on its text.
    """
    if incoming.version is None:
        newer_or_same = stored.version is None
    else:
        newer_or_same = stored.version is None or incoming.version >= stored.version

    def pick(old: str, new: str) -> str:
        if newer_or_same:
            return new or old
        return old or new

    return replace(
        stored,
        title=pick(stored.title, incoming.title),
        abstract=pick(stored.abstract, incoming.abstract),
        authors=(incoming.authors or stored.authors)
        if newer_or_same
        else (stored.authors or incoming.authors),
        arxiv_id=stored.arxiv_id or incoming.arxiv_id,
        version=max(v for v in (stored.version, incoming.version, 0) if v is not None) or None,
        doi=stored.doi or incoming.doi,
        # The first announcement date is the paper's date; later versions keep it.
        published=min((d for d in (stored.published, incoming.published) if d), default=None),
        categories=(incoming.categories or stored.categories)
        if newer_or_same
        else (stored.categories or incoming.categories),
        comment=pick(stored.comment, incoming.comment),
        full_text=pick(stored.full_text, incoming.full_text),
        url=stored.url or incoming.url,
        source=stored.source,
        source_ref=stored.source_ref,
    )


class Store:
    """A Quarterdeck store on one SQLite file.

    Use as a context manager, or call :meth:`close`. Every write method runs in
    a transaction of its own unless called inside :meth:`transaction`.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db = self._open(self.path)
        self._in_transaction = False
        self._migrate()

    # -- opening and migrating -------------------------------------------

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        if str(path) != ":memory:":
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create home directory {path.parent}: {exc.strerror}") from exc
            if path.exists() and path.stat().st_size > 0:
                with path.open("rb") as fh:
                    if fh.read(16) != b"SQLite format 3\x00":
                        raise StoreError(f"{path} is not a Quarterdeck store (not an SQLite database)")
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA busy_timeout = 5000")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        if str(path) != ":memory:" and mode != "wal":
            raise StoreError(f"cannot open store {path} in WAL mode (got {mode!r})")
        db.row_factory = sqlite3.Row
        return db

    def _migrate(self) -> None:
        try:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write store {self.path}: {exc}") from exc
        applied = {row[0] for row in self._db.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        unknown = sorted(applied - known)
        if unknown:
            raise SchemaTooNewError(
                f"store {self.path} was written by a newer Quarterdeck (unknown migration {unknown[-1]}); "
                "upgrade Quarterdeck to use it"
            )
        for name, migration in MIGRATIONS:
            if name in applied:
                continue
            try:
                with self.transaction():
                    migration(self._db)
                    self._db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot migrate store {self.path} ({name}): {exc}") from exc

    def applied_migrations(self) -> list[str]:
        """Names of the migrations recorded in the store, in order."""
        return [row[0] for row in self._db.execute("SELECT name FROM migrations ORDER BY name")]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction: all of it is stored, or none of it."""
        if self._in_transaction:
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write store {self.path}: {exc}") from exc
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                self._db.execute("ROLLBACK")
                raise StoreError(f"cannot write store {self.path}: {exc}") from exc
        finally:
            self._in_transaction = False

    # -- papers ----------------------------------------------------------

    def ingest(self, items: Iterable[Paper | Rejected]) -> IngestReport:
        """Store papers in one transaction, merging with what is there.

        Idempotent: the same paper read twice is stored once and counted as
        unchanged. If reading ``items`` fails part way, nothing from this call
        is stored and the exception propagates.
        """
        report = IngestReport()
        with self.transaction():
            for item in items:
                if isinstance(item, Rejected):
                    report.rejected.append(item)
                    continue
                outcome = self._upsert(item)
                setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def _find(self, paper: Paper) -> sqlite3.Row | None:
        # Identity order: arXiv id, DOI, then title + first author.
        row: sqlite3.Row | None
        if paper.arxiv_id:
            row = self._db.execute("SELECT * FROM papers WHERE arxiv_id = ?", (paper.arxiv_id,)).fetchone()
            if row is not None:
                return row
        if paper.doi:
            row = self._db.execute("SELECT * FROM papers WHERE doi = ?", (paper.doi,)).fetchone()
            if row is not None:
                return row
        tkey = title_key(paper.title, paper.authors)
        row = self._db.execute("SELECT * FROM papers WHERE title_key = ?", (tkey,)).fetchone()
        if row is not None and (not paper.arxiv_id or not row["arxiv_id"]):
            return row
        return None

    def _upsert(self, paper: Paper) -> str:
        now = _now()
        row = self._find(paper)
        if row is None:
            merged = paper
            cursor = self._db.execute(
                """INSERT INTO papers (key, arxiv_id, doi, title_key, title, abstract, authors, categories,
                       published, comment, full_text, url, version, content_hash, first_seen, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (paper_key(merged), *self._columns(merged), now, now),
            )
            paper_id = cursor.lastrowid
            outcome = "new"
        else:
            paper_id = row["id"]
            stored = _row_to_paper(row)
            merged = merge(stored, paper)
            if merged == stored:
                outcome = "unchanged"
            else:
                self._db.execute(
                    """UPDATE papers SET key = ?, arxiv_id = ?, doi = ?, title_key = ?, title = ?,
                           abstract = ?, authors = ?, categories = ?, published = ?, comment = ?,
                           full_text = ?, url = ?, version = ?, content_hash = ?, updated_at = ?
                       WHERE id = ?""",
                    (paper_key(merged), *self._columns(merged), now, paper_id),
                )
                outcome = "updated"
        signals = paper.signals
        # A source seen again keeps its first-seen date and first featured day; its URL and
        # upvotes are the latest the source gave.
        self._db.execute(
            """INSERT INTO paper_sources
                   (paper_id, source, source_ref, seen_at, url, upvotes, featured_on, last_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (paper_id, source, source_ref) DO UPDATE SET
                   last_seen = excluded.last_seen,
                   url = coalesce(excluded.url, url),
                   upvotes = coalesce(excluded.upvotes, upvotes),
                   featured_on = coalesce(featured_on, excluded.featured_on)""",
            (
                paper_id,
                paper.source,
                paper.source_ref,
                now,
                paper.url,
                signals.upvotes if signals else None,
                signals.featured_on.isoformat() if signals and signals.featured_on else None,
                now,
            ),
        )
        return outcome

    @staticmethod
    def _columns(paper: Paper) -> tuple[object, ...]:
        return (
            paper.arxiv_id,
            paper.doi,
            title_key(paper.title, paper.authors),
            paper.title,
            paper.abstract,
            json.dumps(list(paper.authors), ensure_ascii=False),
            json.dumps(list(paper.categories)),
            paper.published.isoformat() if paper.published else None,
            paper.comment,
            paper.full_text,
            paper.url,
            paper.version,
            content_hash(paper),
        )

    def count_papers(self) -> int:
        """Number of papers stored."""
        return int(self._db.execute("SELECT count(*) FROM papers").fetchone()[0])

    def get(self, ref: str) -> StoredPaper | None:
        """Find one paper by store id, key (``arxiv:...``), arXiv id (any version) or DOI."""
        ref = ref.strip()
        row = None
        if ref.isdigit():
            row = self._db.execute("SELECT * FROM papers WHERE id = ?", (int(ref),)).fetchone()
        if row is None:
            row = self._db.execute("SELECT * FROM papers WHERE key = ?", (ref,)).fetchone()
        if row is None and (parsed := parse_arxiv_id(ref)):
            row = self._db.execute("SELECT * FROM papers WHERE arxiv_id = ?", (parsed[0],)).fetchone()
        if row is None and (doi := normalise_doi(ref)):
            row = self._db.execute("SELECT * FROM papers WHERE doi = ?", (doi,)).fetchone()
        return self._stored(row) if row is not None else None

    def search(self, query: str, limit: int = 20) -> list[StoredPaper]:
        """Full-text search over title and abstract, best match first.

        The query is taken as plain words (each must appear), so user text
        with quotes or operators never raises an FTS syntax error.
        """
        words = [w for w in query.replace('"', " ").split() if w]
        if not words:
            return []
        fts_query = " ".join(f'"{w}"' for w in words)
        rows = self._db.execute(
            """SELECT papers.* FROM papers_fts JOIN papers ON papers.id = papers_fts.rowid
               WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts, 3.0, 1.0) LIMIT ?""",
            (fts_query, limit),
        ).fetchall()
        return [self._stored(row) for row in rows]

    def papers_between(self, start: dt.date, end: dt.date) -> list[StoredPaper]:
        """Papers whose date (publication, else first seen) falls in [start, end]."""
        rows = self._db.execute(
            """SELECT * FROM papers
               WHERE coalesce(published, substr(first_seen, 1, 10)) BETWEEN ? AND ?
               ORDER BY coalesce(published, substr(first_seen, 1, 10)), id""",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
        return [self._stored(row) for row in rows]

    def latest_day(self) -> dt.date | None:
        """The most recent paper date in the store."""
        value = self._db.execute(
            "SELECT max(coalesce(published, substr(first_seen, 1, 10))) FROM papers"
        ).fetchone()[0]
        return dt.date.fromisoformat(value) if value else None

    # -- classifications and verdicts --------------------------------------

    def unclassified(self, model_version: str) -> list[StoredPaper]:
        """Papers with no classification by this model for their current content."""
        rows = self._db.execute(
            """SELECT papers.* FROM papers LEFT JOIN classifications c
                 ON c.paper_id = papers.id AND c.model_version = ? AND c.content_hash = papers.content_hash
               WHERE c.paper_id IS NULL ORDER BY papers.id""",
            (model_version,),
        ).fetchall()
        return [self._stored(row) for row in rows]

    def save_classifications(self, results: Iterable[tuple[int, Classification]]) -> int:
        """Store classifications for papers by store id, in one transaction."""
        now = _now()
        count = 0
        with self.transaction():
            for paper_id, cls in results:
                self._db.execute(
                    """INSERT OR REPLACE INTO classifications
                           (paper_id, model_version, content_hash, label, confidence, secondary, evidence,
                            created_at, notes)
                       SELECT id, ?, content_hash, ?, ?, ?, ?, ?, ? FROM papers WHERE id = ?""",
                    (
                        cls.model_version,
                        cls.label,
                        cls.confidence,
                        cls.secondary,
                        json.dumps(list(cls.evidence), ensure_ascii=False),
                        now,
                        json.dumps(list(cls.notes), ensure_ascii=False),
                        paper_id,
                    ),
                )
                count += 1
        return count

    def save_verdicts(self, model_version: str, verdicts: Iterable[tuple[int, Verdict]]) -> None:
        """Store verdicts made from this model's classifications, in one transaction."""
        now = _now()
        with self.transaction():
            for paper_id, verdict in verdicts:
                self._db.execute(
                    """INSERT OR REPLACE INTO verdicts
                       (paper_id, policy_version, model_version, content_hash, verdict, reason, evidence,
                        next_step, score, created_at, relevance, followed, cost_trap, facts)
                       SELECT id, ?, ?, content_hash, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                       FROM papers WHERE id = ?""",
                    (
                        verdict.policy_version,
                        model_version,
                        verdict.verdict,
                        verdict.reason,
                        json.dumps(list(verdict.evidence), ensure_ascii=False),
                        verdict.next_step,
                        verdict.score,
                        now,
                        verdict.relevance,
                        json.dumps(list(verdict.followed), ensure_ascii=False),
                        verdict.cost_trap,
                        json.dumps(verdict.facts, ensure_ascii=False),
                        paper_id,
                    ),
                )

    def with_results(
        self, papers: list[StoredPaper], model_version: str, policy_version: str
    ) -> list[StoredPaper]:
        """Attach the current classification and verdict (for these versions) to each paper."""
        return [self._attach(p, model_version, policy_version) for p in papers]

    def _attach(self, paper: StoredPaper, model_version: str, policy_version: str) -> StoredPaper:
        crow = self._db.execute(
            """SELECT c.* FROM classifications c JOIN papers p ON p.id = c.paper_id
               WHERE c.paper_id = ? AND c.model_version = ? AND c.content_hash = p.content_hash""",
            (paper.id, model_version),
        ).fetchone()
        vrow = self._db.execute(
            """SELECT v.* FROM verdicts v JOIN papers p ON p.id = v.paper_id
               WHERE v.paper_id = ? AND v.model_version = ? AND v.policy_version = ?
                 AND v.content_hash = p.content_hash""",
            (paper.id, model_version, policy_version),
        ).fetchone()
        classification = (
            Classification(
                label=crow["label"],
                confidence=crow["confidence"],
                secondary=crow["secondary"],
                evidence=tuple(json.loads(crow["evidence"])),
                model_version=crow["model_version"],
                notes=tuple(json.loads(crow["notes"])),
            )
            if crow
            else None
        )
        verdict = (
            Verdict(
                verdict=vrow["verdict"],
                reason=vrow["reason"],
                evidence=tuple(json.loads(vrow["evidence"])),
                next_step=vrow["next_step"],
                score=vrow["score"],
                policy_version=vrow["policy_version"],
                relevance=vrow["relevance"],
                followed=tuple(json.loads(vrow["followed"])),
                cost_trap=vrow["cost_trap"],
                facts=json.loads(vrow["facts"]),
            )
            if vrow
            else None
        )
        return replace(paper, classification=classification, verdict=verdict)

    # -- roles -----------------------------------------------------------

    def save_role(self, report: RoleReport) -> tuple[int, str]:
        """Store an analysed role; returns (role id, "new" | "updated" | "unchanged").

        Idempotent by the posting's content hash: the same posting analysed
        again is one row, replaced only when the report changed.
        """
        payload = json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True)
        now = _now()
        with self.transaction():
            row = self._db.execute(
                "SELECT id, report FROM roles WHERE content_hash = ?", (report.content_hash,)
            ).fetchone()
            if row is not None and row["report"] == payload:
                return int(row["id"]), "unchanged"
            if row is not None:
                self._db.execute(
                    """UPDATE roles SET title = ?, role_class = ?, source = ?, method = ?, report = ?,
                           analysed_at = ? WHERE id = ?""",
                    (report.title, report.role_class, report.source, report.method, payload, now, row["id"]),
                )
                return int(row["id"]), "updated"
            cursor = self._db.execute(
                """INSERT INTO roles (content_hash, title, role_class, source, method, report, first_seen,
                       analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    report.content_hash,
                    report.title,
                    report.role_class,
                    report.source,
                    report.method,
                    payload,
                    now,
                    now,
                ),
            )
            return int(cursor.lastrowid or 0), "new"

    def list_roles(self, limit: int | None = None) -> list[StoredRole]:
        """Analysed roles, most recently analysed first."""
        rows = self._db.execute(
            "SELECT * FROM roles ORDER BY analysed_at DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [_row_to_role(row) for row in rows]

    def get_role(self, ref: str | int) -> StoredRole | None:
        """One analysed role by store id or content hash (a prefix of at least 6 characters will do)."""
        text = str(ref).strip()
        row = None
        if text.isdigit():
            row = self._db.execute("SELECT * FROM roles WHERE id = ?", (int(text),)).fetchone()
        if row is None and len(text) >= 6:
            rows = self._db.execute(
                "SELECT * FROM roles WHERE content_hash LIKE ? LIMIT 2", (text.lower() + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return _row_to_role(row) if row is not None else None

    # -- feedback and the web library ---------------------------------------

    def add_feedback(self, paper_id: int, value: str, label: str | None) -> Feedback:
        """Record a reader's word on a paper now; the latest word per paper is the one that counts."""
        if value not in FEEDBACK:
            raise ValueError(f"unknown feedback {value!r}")
        now = _now()
        with self.transaction():
            cursor = self._db.execute(
                "INSERT INTO feedback (paper_id, value, label, created_at) VALUES (?, ?, ?, ?)",
                (paper_id, value, label, now),
            )
        return Feedback(int(cursor.lastrowid or 0), paper_id, value, label, dt.datetime.fromisoformat(now))

    def feedback_for(self, paper_id: int) -> list[Feedback]:
        """Everything said about one paper, latest first."""
        rows = self._db.execute(
            "SELECT * FROM feedback WHERE paper_id = ? ORDER BY id DESC", (paper_id,)
        ).fetchall()
        return [_row_to_feedback(row) for row in rows]

    def latest_feedback(self, paper_ids: Iterable[int]) -> dict[int, Feedback]:
        """The latest word on each of these papers that has one."""
        ids = list(dict.fromkeys(paper_ids))
        found: dict[int, Feedback] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                f"""SELECT f.* FROM feedback f
                    WHERE f.paper_id IN ({",".join("?" * len(chunk))})
                      AND f.id = (SELECT max(id) FROM feedback WHERE paper_id = f.paper_id)""",
                chunk,
            ).fetchall()
            found.update((int(row["paper_id"]), _row_to_feedback(row)) for row in rows)
        return found

    def feedback_papers(self) -> list[tuple[StoredPaper, Feedback]]:
        """Every paper with feedback and its latest word, in the order the words were said."""
        rows = self._db.execute(
            """SELECT f.id AS feedback_id, f.value, f.label AS feedback_label, f.created_at AS said_at, p.*
               FROM feedback f JOIN papers p ON p.id = f.paper_id
               WHERE f.id = (SELECT max(id) FROM feedback WHERE paper_id = f.paper_id)
               ORDER BY f.id"""
        ).fetchall()
        return [
            (
                self._stored(row),
                Feedback(
                    int(row["feedback_id"]),
                    int(row["id"]),
                    str(row["value"]),
                    row["feedback_label"],
                    dt.datetime.fromisoformat(row["said_at"]),
                ),
            )
            for row in rows
        ]

    def query_papers(
        self, query: PaperQuery, model_version: str, verdict_version: str
    ) -> tuple[list[StoredPaper], int]:
        """One page of papers matching the query, and how many match in all.

        Type and verdict are those of the given model and verdict versions on
        the papers' current text; a paper not yet judged has no verdict to match.
        """
        day = "coalesce(p.published, substr(p.first_seen, 1, 10))"
        where: list[str] = []
        params: dict[str, object] = {"model": model_version, "policy": verdict_version}
        words = [w for w in query.text.replace('"', " ").split() if w]
        if words:
            where.append("papers_fts MATCH :fts")
            params["fts"] = " ".join(f'"{w}"' for w in words)
        if query.label:
            where.append("c.label = :label")
            params["label"] = query.label
        if query.verdict:
            where.append("v.verdict = :verdict")
            params["verdict"] = query.verdict
        if query.start:
            where.append(f"{day} >= :start")
            params["start"] = query.start.isoformat()
        if query.end:
            where.append(f"{day} <= :end")
            params["end"] = query.end.isoformat()
        if query.source:
            where.append(
                "EXISTS (SELECT 1 FROM paper_sources s WHERE s.paper_id = p.id AND s.source = :source)"
            )
            params["source"] = query.source
        if query.followed:
            where.append("v.followed IS NOT NULL AND v.followed != '[]'")
        if query.with_feedback:
            where.append("EXISTS (SELECT 1 FROM feedback f WHERE f.paper_id = p.id)")
        verdict_rank = " ".join(f"WHEN '{name}' THEN {rank}" for rank, name in enumerate(VERDICTS))
        orders = {
            "relevance": "bm25(papers_fts, 3.0, 1.0), p.id" if words else f"{day} DESC, p.id DESC",
            "newest": f"{day} DESC, p.id DESC",
            "oldest": f"{day}, p.id",
            "title": "p.title COLLATE NOCASE, p.id",
            "verdict": f"CASE v.verdict {verdict_rank} ELSE 99 END, v.score DESC, p.id",
            "type": f"coalesce(c.label, '~'), {day} DESC, p.id",
            "upvotes": "(SELECT max(upvotes) FROM paper_sources s WHERE s.paper_id = p.id) DESC NULLS LAST, "
            "p.id",
        }
        if query.sort not in orders:
            raise ValueError(f"unknown sort {query.sort!r}")
        order = orders[query.sort]
        type_filter = query.label is not None
        verdict_filter = query.verdict is not None or query.followed

        def source(by_type: bool, by_verdict: bool) -> str:
            # Join only what the filters and the order read: on a large store every join costs.
            joins = ["JOIN papers_fts ON papers_fts.rowid = p.id"] if words else []
            if by_type:
                joins.append(
                    "LEFT JOIN classifications c ON c.paper_id = p.id AND c.model_version = :model"
                    " AND c.content_hash = p.content_hash"
                )
            if by_verdict:
                joins.append(
                    "LEFT JOIN verdicts v ON v.paper_id = p.id AND v.model_version = :model"
                    " AND v.policy_version = :policy AND v.content_hash = p.content_hash"
                )
            return " ".join(["FROM papers p", *joins, *(["WHERE", " AND ".join(where)] if where else [])])

        total = int(
            self._db.execute(f"SELECT count(*) {source(type_filter, verdict_filter)}", params).fetchone()[0]
        )
        params.update(limit=query.limit, offset=query.offset)
        page = source(type_filter or query.sort == "type", verdict_filter or query.sort == "verdict")
        # Order ids only, then read the page's rows: sorting whole rows (abstracts and all) is slow.
        ids = [
            int(row[0])
            for row in self._db.execute(
                f"SELECT p.id {page} ORDER BY {order} LIMIT :limit OFFSET :offset", params
            ).fetchall()
        ]
        rows = self._db.execute(
            f"SELECT * FROM papers WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        by_id = {int(row["id"]): row for row in rows}
        return [self._stored(by_id[i]) for i in ids], total

    def unjudged(
        self, model_version: str, verdict_version: str, limit: int | None = None
    ) -> list[StoredPaper]:
        """Papers classified by this model (on their current text) that have no verdict of this version."""
        rows = self._db.execute(
            """SELECT p.* FROM papers p
               JOIN classifications c ON c.paper_id = p.id AND c.model_version = :model
                 AND c.content_hash = p.content_hash
               LEFT JOIN verdicts v ON v.paper_id = p.id AND v.model_version = :model
                 AND v.policy_version = :policy AND v.content_hash = p.content_hash
               WHERE v.paper_id IS NULL ORDER BY p.id LIMIT :limit""",
            {"model": model_version, "policy": verdict_version, "limit": -1 if limit is None else limit},
        ).fetchall()
        return [self._stored(row) for row in rows]

    def count_unjudged(self, model_version: str, verdict_version: str) -> int:
        """How many papers :meth:`unjudged` would return."""
        return int(
            self._db.execute(
                """SELECT count(*) FROM papers p
                   JOIN classifications c ON c.paper_id = p.id AND c.model_version = :model
                     AND c.content_hash = p.content_hash
                   LEFT JOIN verdicts v ON v.paper_id = p.id AND v.model_version = :model
                     AND v.policy_version = :policy AND v.content_hash = p.content_hash
                   WHERE v.paper_id IS NULL""",
                {"model": model_version, "policy": verdict_version},
            ).fetchone()[0]
        )

    def type_counts_by_day(self, model_version: str) -> list[tuple[dt.date, str, int]]:
        """How many papers of each type (by this model) each day holds: what the trend chart draws."""
        rows = self._db.execute(
            """SELECT coalesce(p.published, substr(p.first_seen, 1, 10)) AS day, c.label, count(*) AS n
               FROM papers p JOIN classifications c ON c.paper_id = p.id AND c.model_version = ?
                 AND c.content_hash = p.content_hash
               GROUP BY day, c.label ORDER BY day""",
            (model_version,),
        ).fetchall()
        return [(dt.date.fromisoformat(row["day"]), str(row["label"]), int(row["n"])) for row in rows]

    def paper_counts_by_day(self) -> list[tuple[dt.date, int]]:
        """How many papers each day holds, classified or not."""
        rows = self._db.execute(
            """SELECT coalesce(published, substr(first_seen, 1, 10)) AS day, count(*) AS n
               FROM papers GROUP BY day ORDER BY day"""
        ).fetchall()
        return [(dt.date.fromisoformat(row["day"]), int(row["n"])) for row in rows]

    def source_names(self) -> list[str]:
        """The kinds of source the stored papers were read from."""
        return [
            row[0] for row in self._db.execute("SELECT DISTINCT source FROM paper_sources ORDER BY source")
        ]

    def papers_stamp(self) -> tuple[int, int, str]:
        """Changes whenever a paper is added or updated: (count, highest id, latest update)."""
        row = self._db.execute("SELECT count(*), coalesce(max(id), 0) FROM papers").fetchone()
        latest = self._db.execute("SELECT coalesce(max(updated_at), '') FROM papers").fetchone()[0]
        return int(row[0]), int(row[1]), str(latest)

    def _stored(self, row: sqlite3.Row) -> StoredPaper:
        details = tuple(
            PaperSource(
                source=r["source"],
                source_ref=r["source_ref"],
                first_seen=dt.datetime.fromisoformat(r["seen_at"]),
                last_seen=dt.datetime.fromisoformat(r["last_seen"] or r["seen_at"]),
                url=r["url"],
                upvotes=r["upvotes"],
                featured_on=dt.date.fromisoformat(r["featured_on"]) if r["featured_on"] else None,
            )
            for r in self._db.execute(
                "SELECT * FROM paper_sources WHERE paper_id = ? ORDER BY seen_at, rowid",
                (row["id"],),
            )
        )
        return StoredPaper(
            id=row["id"],
            key=row["key"],
            paper=_row_to_paper(row),
            first_seen=dt.datetime.fromisoformat(row["first_seen"]),
            sources=tuple(f"{d.source}:{d.source_ref}" for d in details),
            source_details=details,
        )

    # -- live sources: where each fetch got to ------------------------------

    def fetch_state(self, source: str, window: str) -> FetchState | None:
        """How far fetching ``window`` of ``source`` got, or None if it was never fetched."""
        row = self._db.execute(
            "SELECT * FROM fetch_state WHERE source = ? AND window = ?", (source, window)
        ).fetchone()
        if row is None:
            return None
        return FetchState(
            source=row["source"],
            window=row["window"],
            cursor=row["cursor"],
            completed=bool(row["completed"]),
            items=row["items"],
            total=row["total"],
            updated_at=dt.datetime.fromisoformat(row["updated_at"]),
            completed_at=dt.datetime.fromisoformat(row["completed_at"]) if row["completed_at"] else None,
        )

    def save_page(
        self,
        source: str,
        window: str,
        items: Iterable[Paper | Rejected],
        *,
        cursor: str,
        completed: bool,
        total: int | None = None,
        restart: bool = False,
        fetched_at: dt.datetime | None = None,
    ) -> IngestReport:
        """Store one fetched page and where to go on from it, in one transaction.

        Either the page's papers and the new cursor are both stored, or neither is: an
        interrupted fetch resumes at the first page it had not stored, and never stores a
        page twice. ``restart`` starts the window's item count afresh (a full refetch).
        ``fetched_at`` (default: now) is when the page was fetched.
        """
        with self.transaction():
            report = self.ingest(items)
            now = fetched_at.isoformat(timespec="seconds") if fetched_at else _now()
            self._db.execute(
                """INSERT INTO fetch_state
                       (source, window, cursor, completed, items, total, updated_at, completed_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (source, window) DO UPDATE SET
                       cursor = excluded.cursor,
                       completed = excluded.completed,
                       items = CASE WHEN ? THEN excluded.items ELSE items + excluded.items END,
                       total = coalesce(excluded.total, total),
                       updated_at = excluded.updated_at,
                       completed_at = excluded.completed_at""",
                (
                    source,
                    window,
                    cursor,
                    int(completed),
                    report.stored,
                    total,
                    now,
                    now if completed else None,
                    int(restart),
                ),
            )
        return report


def _row_to_paper(row: sqlite3.Row) -> Paper:
    return Paper(
        title=row["title"],
        abstract=row["abstract"],
        authors=tuple(json.loads(row["authors"])),
        arxiv_id=row["arxiv_id"],
        version=row["version"],
        doi=row["doi"],
        published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
        categories=tuple(json.loads(row["categories"])),
        comment=row["comment"],
        full_text=row["full_text"],
        url=row["url"],
    )


def _row_to_feedback(row: sqlite3.Row) -> Feedback:
    return Feedback(
        id=int(row["id"]),
        paper_id=int(row["paper_id"]),
        value=str(row["value"]),
        label=row["label"],
        created_at=dt.datetime.fromisoformat(row["created_at"]),
    )


def _row_to_role(row: sqlite3.Row) -> StoredRole:
    return StoredRole(
        id=int(row["id"]),
        content_hash=str(row["content_hash"]),
        title=str(row["title"]),
        role_class=str(row["role_class"]),
        source=str(row["source"]),
        analysed_at=str(row["analysed_at"]),
        report=report_from_dict(json.loads(row["report"])),
    )
