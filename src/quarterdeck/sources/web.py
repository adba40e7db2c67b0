"""A URL or DOI given to ``quarterdeck ingest``: read it as the paper it points at.

- ``arxiv:ID``, an arxiv.org ``abs``/``pdf`` link, or an arXiv DOI (10.48550/arXiv.ID):
  the arXiv record, through the export API.
- A DOI (``10.xxxx/...``, ``doi:10...``, a doi.org link): OpenAlex's metadata of the work,
  the abstract rebuilt from its inverted index; an arXiv copy listed by OpenAlex gives the
  arXiv id, so the work merges with its preprint.
- Any other http(s) page: trafilatura's main text and title (a PDF is read like a PDF file).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from quarterdeck.endpoints import Endpoints
from quarterdeck.errors import HttpStatusError, InputError, PayloadError
from quarterdeck.http import CONTACT_ENV, HttpClient
from quarterdeck.normalise import clean_text, normalise_doi, parse_arxiv_id
from quarterdeck.records import Paper, Rejected
from quarterdeck.sources import arxiv_api
from quarterdeck.targets import Target

ABSTRACT_CHARS = 1500
"""A web page has no abstract: its description, else its first paragraphs up to this length."""


def fetch_target(client: HttpClient, endpoints: Endpoints, target: Target) -> Paper | Rejected:
    """Fetch one target as a paper; a target the service does not know is :class:`Rejected`."""
    if target.kind == "arxiv":
        return _arxiv(client, endpoints, target)
    if target.kind == "doi":
        return _doi(client, endpoints, target)
    return _page(client, target)


def _arxiv(client: HttpClient, endpoints: Endpoints, target: Target) -> Paper | Rejected:
    parsed = parse_arxiv_id(target.value)
    arxiv_id = parsed[0] if parsed else target.value
    found = arxiv_api.lookup_ids(client, endpoints.arxiv_api, [arxiv_id])
    paper = found.get(arxiv_id)
    if paper is None:
        return Rejected(target.given, f"arXiv has no paper {arxiv_id}")
    return paper


def _doi(client: HttpClient, endpoints: Endpoints, target: Target) -> Paper | Rejected:
    url = f"{endpoints.openalex}/works/doi:{quote(target.value, safe='/:().;-_')}"
    contact = os.environ.get(CONTACT_ENV, "").strip()
    try:
        response = client.get(url, params={"mailto": contact} if contact else None)
    except HttpStatusError as exc:
        if exc.status == 404:
            return Rejected(target.given, f"OpenAlex knows no work with DOI {target.value}")
        raise
    try:
        work = response.json()
    except ValueError:
        raise PayloadError(f"{response.url} did not return JSON") from None
    if not isinstance(work, dict):
        raise PayloadError(f"{response.url} did not return an OpenAlex work")
    return work_to_paper(work, target.value)


def work_to_paper(work: Mapping[str, Any], doi: str) -> Paper | Rejected:
    """An OpenAlex work as a paper: title, abstract (from the inverted index), authors, date."""
    title = clean_text(str(work.get("title") or work.get("display_name") or ""))
    if not title:
        return Rejected(f"doi:{doi}", "OpenAlex work has no title")
    arxiv = _arxiv_location(work)
    published = None
    if isinstance(work.get("publication_date"), str):
        try:
            published = dt.date.fromisoformat(work["publication_date"][:10])
        except ValueError:
            published = None
    return Paper(
        title=title,
        abstract=inverted_index_text(work.get("abstract_inverted_index")),
        authors=tuple(
            name
            for name in (
                clean_text(str((a.get("author") or {}).get("display_name") or ""))
                for a in work.get("authorships") or []
                if isinstance(a, dict)
            )
            if name
        ),
        arxiv_id=arxiv,
        doi=normalise_doi(str(work.get("doi") or "")) or doi,
        published=published,
        url=f"https://doi.org/{doi}",
        source="openalex",
        source_ref=doi,
    )


def inverted_index_text(index: object) -> str:
    """Rebuild text from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not isinstance(index, dict):
        return ""
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if isinstance(positions, list):
            for position in positions:
                if isinstance(position, int):
                    placed[position] = str(word)
    return clean_text(" ".join(placed[i] for i in sorted(placed)))


def _arxiv_location(work: Mapping[str, Any]) -> str | None:
    for location in work.get("locations") or []:
        if isinstance(location, dict):
            for key in ("landing_page_url", "pdf_url"):
                link = str(location.get(key) or "")
                if "arxiv.org/" in link and (found := parse_arxiv_id(link)):
                    return found[0]
    return None


def _page(client: HttpClient, target: Target) -> Paper | Rejected:
    response = client.get(target.value)
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    url = str(response.url)
    if kind == "application/pdf" or response.content[:5] == b"%PDF-":
        return _pdf(response.content, url)
    if kind and "html" not in kind and "xml" not in kind and not kind.startswith("text/"):
        return Rejected(target.given, f"cannot read a page of type {kind}")
    return html_to_paper(response.content, url)


def html_to_paper(body: bytes, url: str) -> Paper | Rejected:
    """A web page's main text and title (trafilatura), as a paper with the page as its source."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        body, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if extracted is None:
        return Rejected(url, "no readable main text on the page")
    # trafilatura 2 returns a Document, 1.x a dict.
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    title = clean_text(str(doc.get("title") or ""))
    text = str(doc.get("text") or "").strip()
    if not title or not text:
        return Rejected(url, "no title" if not title else "no readable main text on the page")
    if text.startswith(title):
        text = text[len(title) :].strip()
    abstract = clean_text(str(doc.get("description") or "")) or _first_paragraphs(text)
    authors = tuple(a for a in (clean_text(x) for x in str(doc.get("author") or "").split(";")) if a)
    published = None
    if isinstance(doc.get("date"), str):
        try:
            published = dt.date.fromisoformat(doc["date"][:10])
        except ValueError:
            published = None
    return Paper(
        title=title,
        abstract=abstract,
        authors=authors,
        published=published,
        full_text=clean_text(text),
        url=url,
        source="web",
        source_ref=url,
    )


def _first_paragraphs(text: str) -> str:
    out = ""
    for paragraph in text.split("\n"):
        if len(out) + len(paragraph) > ABSTRACT_CHARS and out:
            break
        out = f"{out} {paragraph}".strip()
    return clean_text(out[:ABSTRACT_CHARS])


def _pdf(body: bytes, url: str) -> Paper | Rejected:
    # The PDF reader works on files: hand it a temporary one.
    from quarterdeck.sources.pdf import read_pdf

    with tempfile.TemporaryDirectory(prefix="quarterdeck-") as folder:
        path = Path(folder) / "page.pdf"
        path.write_bytes(body)
        try:
            items = list(read_pdf(path))
        except InputError as exc:
            return Rejected(url, str(exc).replace(str(path), "PDF").removeprefix("PDF: "))
    for item in items:
        if isinstance(item, Paper):
            return replace(item, url=url, source="web", source_ref=url)
    return Rejected(url, "no paper could be read from the PDF")
