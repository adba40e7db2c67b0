"""Identity and clean-up rules shared by every source.

One paper is one row whatever its version or source: ``2406.01234v2`` and
``2406.01234`` are the same paper; without an arXiv id a DOI decides, and
without either a normalised title plus the first author's family name.
"""

from __future__ import annotations

import re
import unicodedata

from quarterdeck.records import Paper

# New-style ids (0704.0001 onwards, 4+4 or 4+5 digits) and old-style
# archive/YYMMNNN ids, each with an optional version suffix.
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z\-]+(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID_RE = re.compile(rf"(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v(?P<version>\d+))?", re.IGNORECASE)
_ARXIV_IN_TEXT_RE = re.compile(
    rf"(?:arxiv\s*:\s*|arxiv\.org/(?:abs|pdf)/)(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v(?P<version>\d+))?",
    re.IGNORECASE,
)
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_SPACE_RE = re.compile(r"\s+")


_MATH = re.compile(r"\$[^$]{0,200}\$")
_LATEX_COMMAND_WITH_ARG = re.compile(
    r"\\(?:textbf|textit|emph|texttt|mathrm|mathbf|text|url|footnote)\{([^{}]*)\}"
)
_HREF = re.compile(r"\\href\{[^{}]*\}\{([^{}]*)\}")
_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
_BRACES = re.compile(r"[{}]")


def strip_latex(text: str) -> str:
    """Reduce LaTeX markup to its words: keep command arguments, drop commands, math and braces."""
    if "\\" not in text and "$" not in text and "{" not in text:
        return text
    text = _MATH.sub(" ", text)
    text = _HREF.sub(r"\1", text)
    text = _LATEX_COMMAND_WITH_ARG.sub(r"\1", text)
    text = _LATEX_COMMAND.sub(" ", text)
    text = _BRACES.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


def clean_text(text: str | None) -> str:
    """Collapse runs of whitespace (line breaks from PDFs and feeds) to one space."""
    if not text:
        return ""
    return _SPACE_RE.sub(" ", text).strip()


def parse_arxiv_id(value: str | None) -> tuple[str, int | None] | None:
    """Split an arXiv id, ``arXiv:`` reference or arxiv.org URL into (id, version).

    Returns ``None`` when ``value`` holds no arXiv id.
    """
    if not value:
        return None
    value = value.strip()
    match = _ARXIV_IN_TEXT_RE.search(value) or ARXIV_ID_RE.fullmatch(value)
    if match is None:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def find_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """Find an arXiv id printed in running text (``arXiv:2501.10120v2``)."""
    match = _ARXIV_IN_TEXT_RE.search(text)
    if match is None:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def normalise_doi(value: str | None) -> str | None:
    """Return a DOI in lower case without resolver prefix, or ``None``."""
    if not value:
        return None
    match = _DOI_RE.search(value.strip())
    if match is None:
        return None
    return match.group(0).rstrip(".,;").lower()


def title_key(title: str, authors: tuple[str, ...]) -> str:
    """A key for papers with no id: folded title words plus first author's family name."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    first_author = ""
    if authors:
        name = authors[0]
        # "Family, Given" (BibTeX) or "Given Family" (everywhere else).
        family = name.split(",")[0] if "," in name else name.split()[-1] if name.split() else ""
        folded_family = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode().lower()
        first_author = "".join(re.findall(r"[a-z]+", folded_family))
    return " ".join(words) + "|" + first_author


def paper_key(paper: Paper) -> str:
    """The identity key of a paper: arXiv id, else DOI, else title and first author."""
    if paper.arxiv_id:
        return f"arxiv:{paper.arxiv_id}"
    if paper.doi:
        return f"doi:{paper.doi}"
    return f"title:{title_key(paper.title, paper.authors)}"
