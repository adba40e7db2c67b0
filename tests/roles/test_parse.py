"""Reading postings: files of every kind, stdin, URLs on a local server, and every bad input."""

from __future__ import annotations

import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from quarterdeck.errors import InputError
from quarterdeck.roles import parse
from quarterdeck.roles.parse import MAX_BYTES, posting_from_text, read_posting, split_lines

# The labelers' rule (labels/PROVENANCE.md), copied verbatim: the parser must give the same lines.
_LABEL_BULLET = re.compile(r"^\s*(?:[-*•·–—▪◦●]+|\(?\d{1,2}[.)])\s*")


def _labelers_lines(description: str) -> list[str]:
    out = []
    for raw in description.splitlines():
        text = _LABEL_BULLET.sub("", raw).strip()
        if text and not re.fullmatch(r"[-*•·–—▪◦●\s]*", text):
            out.append(text)
    return out


def test_split_lines_is_the_labelers_rule() -> None:
    text = (
        "Title\n\n- one\n  * two\n• three\n1. four\n(2) five\n12) six\n---\n - \n–– seven\n"
        "100. not a list number\n  plain  \n▪◦ eight\n"
    )
    assert split_lines(text) == _labelers_lines(text)
    assert split_lines(text)[:4] == ["Title", "one", "two", "three"]


def test_markdown_file(roles_data: Path) -> None:
    posting = read_posting(str(roles_data / "research-scientist.md"))
    assert posting.title == "Research Scientist, Reasoning"
    sections = {line.text: line.section for line in posting.lines}
    assert sections["## Responsibilities"] == "heading"
    assert sections["Mentor PhD students and interns"] == "duty"
    assert sections["PhD in machine learning or a related field"] == "requirement"
    assert sections["We are an equal opportunity employer. Salary $180,000 - $240,000."] == "boilerplate"
    assert len(posting.content_hash) == 32


def test_html_file_keeps_the_main_text(roles_data: Path) -> None:
    posting = read_posting(str(roles_data / "posting.html"))
    texts = [line.text for line in posting.lines]
    assert "Build and maintain data pipelines that ingest hospital records every night" in texts
    assert not any("Cookie settings" in t or "All jobs" in t for t in texts)
    assert "Data Engineer" in posting.title


def test_pdf_file(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in (
        "Machine Learning Engineer",
        "Responsibilities:",
        "- Build data pipelines for training data",
    ):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "posting.pdf"
    pdf.output(str(path))
    posting = read_posting(str(path))
    assert [line.text for line in posting.lines][-1] == "Build data pipelines for training data"
    assert posting.lines[-1].section == "duty"


def test_stdin() -> None:
    posting = read_posting("-", stdin=io.BytesIO(b"Data Engineer\nResponsibilities:\n- Build ETL jobs\n"))
    assert posting.source == "stdin"
    assert posting.lines[-1].section == "duty"


def test_same_text_same_hash() -> None:
    a = posting_from_text("Engineer\n- Build things", "a")
    b = posting_from_text("Engineer\n\n* Build things\n", "b")
    assert a.content_hash == b.content_hash
    assert a.content_hash != posting_from_text("Engineer\n- Build other things", "a").content_hash


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty text"),
        (b"  \n\n\t\n", "empty text"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "posting.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_posting(str(path))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_posting(str(tmp_path / "nope.md"))
    with pytest.raises(InputError, match="not a file"):
        read_posting(str(tmp_path))


def test_huge_html_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><body>" + b"<p>filler</p>" * (5_000_000 // 13) + b"</body></html>")
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(InputError, match="too large"):
        read_posting(str(path))


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "posting.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    with pytest.raises(InputError, match=r"posting\.pdf"):
        read_posting(str(path))


# -- URLs, served from 127.0.0.1 --------------------------------------------------

PAGES: dict[str, tuple[int, str, bytes]] = {}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, content_type, body = PAGES.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        PAGES["last-agent"] = (0, "", self.headers.get("User-Agent", "").encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page(server: str, roles_data: Path) -> None:
    PAGES["/jobs/1"] = (200, "text/html; charset=utf-8", (roles_data / "posting.html").read_bytes())
    posting = read_posting(f"{server}/jobs/1")
    assert posting.source == f"{server}/jobs/1"
    assert any(line.text.startswith("Build and maintain data pipelines") for line in posting.lines)
    assert PAGES["last-agent"][2].decode().startswith("quarterdeck/")


def test_url_plain_text(server: str) -> None:
    PAGES["/jobs/2.txt"] = (200, "text/plain", b"Engineer\nResponsibilities:\n- Build ETL jobs\n")
    assert read_posting(f"{server}/jobs/2.txt").lines[-1].text == "Build ETL jobs"


def test_url_errors(server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        read_posting(f"{server}/missing")
    PAGES["/big"] = (200, "text/html", b"<html>" + b"x" * (MAX_BYTES + 10) + b"</html>")
    with pytest.raises(InputError, match="larger than 3 MB"):
        read_posting(f"{server}/big")
    PAGES["/file.pdf"] = (200, "application/pdf", b"%PDF-1.7 ...")
    with pytest.raises(InputError, match="not a web page"):
        read_posting(f"{server}/file.pdf")


def test_url_that_cannot_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(InputError, match=r"cannot connect to 127.0.0.1: connection refused"):
        read_posting("http://127.0.0.1:9/job")


def test_url_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection but never answers
    monkeypatch.setattr(parse, "TIMEOUT_SECONDS", 0.3)
    try:
        with pytest.raises(InputError, match=r"127.0.0.1 did not answer within 0.3 s"):
            read_posting(f"http://127.0.0.1:{listener.getsockname()[1]}/slow")
    finally:
        listener.close()
