# ruff: noqa: E501, W291  (response templates keep the services' long lines and trailing spaces)
"""Write the recorded live-source responses under tests/data/fetch/ (run once; output is committed).

No network here, so these are not byte-for-byte captures: they are the services' documented
formats (arXiv export API Atom, arXiv RSS 2.0, Hugging Face ``/api/daily_papers`` JSON,
generic Atom) filled with real public arXiv metadata of papers announced on 25-26 May 2026,
taken from the bundled snapshot. Upvote counts and timestamps are illustrative.

Usage: python scripts/make_fetch_fixtures.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).parents[1]
SNAPSHOT = ROOT / "src" / "quarterdeck" / "data" / "arxiv-snapshot.jsonl.gz"
OUT = ROOT / "tests" / "data" / "fetch"
DAY = "2026-05-25"
PAGE = 3
WANTED = ("cs.CL", "cs.LG", "cs.AI")
OS = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV_NS = "http://arxiv.org/schemas/atom"


def _papers(day: str, count: int) -> list[dict[str, Any]]:
    found = []
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["published"] == day and record["primary_category"] in WANTED:
                found.append(record)
    found.sort(key=lambda r: r["id"])
    return found[:count]


def _entry(paper: dict[str, Any], stamp: str) -> str:
    pid = f"{paper['id']}v1"
    authors = "".join(
        f"\n    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in paper["authors"]
    )
    comment = (
        f'\n    <arxiv:comment xmlns:arxiv="{ARXIV_NS}">{escape(paper["comment"])}</arxiv:comment>'
        if paper.get("comment")
        else ""
    )
    categories = "".join(
        f'\n    <category term="{c}" scheme="{ARXIV_NS}"/>'
        for c in [
            paper["primary_category"],
            *(c for c in paper["categories"] if c != paper["primary_category"]),
        ]
    )
    return f"""  <entry>
    <id>http://arxiv.org/abs/{pid}</id>
    <updated>{stamp}</updated>
    <published>{stamp}</published>
    <title>{escape(paper["title"])}</title>
    <summary>  {escape(paper["abstract"])}
</summary>{authors}{comment}
    <link href="http://arxiv.org/abs/{pid}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{pid}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="{ARXIV_NS}" term="{paper["primary_category"]}" scheme="{ARXIV_NS}"/>{categories}
  </entry>
"""


def _feed(query: str, start: int, per_page: int, total: int, entries: str) -> str:
    q = escape(query)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{q}&amp;start={start}&amp;max_results={per_page}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {q}&amp;start={start}&amp;max_results={per_page}</title>
  <id>http://arxiv.org/api/hkZ5mFq0x3pYc3nqVZbQ7a2pKkQ</id>
  <updated>2026-05-30T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="{OS}">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="{OS}">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="{OS}">{per_page}</opensearch:itemsPerPage>
{entries}</feed>
"""


def _rss_item(paper: dict[str, Any], kind: str, version: int) -> str:
    pid = paper["id"]
    categories = "".join(f"\n      <category>{c}</category>" for c in paper["categories"])
    return f"""    <item>
      <title>{escape(paper["title"])}</title>
      <link>https://arxiv.org/abs/{pid}</link>
      <description>arXiv:{pid}v{version} Announce Type: {kind} 
Abstract: {escape(paper["abstract"])}</description>
      <guid isPermaLink="false">oai:arXiv.org:{pid}v{version}</guid>{categories}
      <pubDate>Tue, 26 May 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>{kind}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>{escape(", ".join(paper["authors"]))}</dc:creator>
    </item>
"""


def _rss(items: str) -> str:
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>cs.CL, cs.LG, cs.AI updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CL+cs.LG+cs.AI</link>
    <description>cs.CL, cs.LG, cs.AI updates on the arXiv.org e-print archive.</description>
    <atom:link href="https://rss.arxiv.org/rss/cs.CL+cs.LG+cs.AI" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>Tue, 26 May 2026 00:30:12 +0000</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>Tue, 26 May 2026 00:00:00 -0400</pubDate>
    <skipDays>
      <day>Sunday</day>
      <day>Saturday</day>
    </skipDays>
{items}  </channel>
</rss>
"""


def _hf_entry(paper: dict[str, Any], upvotes: int, featured: str) -> dict[str, Any]:
    inner = {
        "id": paper["id"],
        "authors": [
            {"_id": f"6650{i:04d}c0ffee{i:08d}", "name": name, "hidden": False}
            for i, name in enumerate(paper["authors"])
        ],
        "publishedAt": f"{paper['published']}T17:59:41.000Z",
        "submittedOnDailyAt": f"{featured}T02:14:07.000Z",
        "title": paper["title"],
        "summary": paper["abstract"],
        "upvotes": upvotes,
        "discussionId": f"6653a1b2c3d4e5f6a7b8c9{upvotes:02d}",
        "ai_summary": "",
        "ai_keywords": [],
    }
    return {
        "paper": inner,
        "publishedAt": inner["publishedAt"],
        "title": paper["title"],
        "summary": paper["abstract"],
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper['id']}.png",
        "numComments": 1,
        "submittedBy": {
            "_id": "60f1abf8c0ffee0000000001",
            "name": "akhaliq",
            "fullname": "AK",
            "type": "user",
        },
        "isAuthorParticipating": False,
    }


def main() -> None:
    papers = _papers(DAY, 7)
    query = (
        "search_query=(cat:cs.CL OR cat:cs.LG OR cat:cs.AI) AND submittedDate:[202605250000 TO 202605252359]"
        "&sortBy=submittedDate&sortOrder=ascending&id_list="
    )
    (OUT / "arxiv-api").mkdir(parents=True, exist_ok=True)
    for page, start in enumerate(range(0, len(papers), PAGE), start=1):
        chunk = papers[start : start + PAGE]
        entries = "".join(_entry(p, f"{DAY}T{10 + i:02d}:12:31Z") for i, p in enumerate(chunk, start=start))
        text = _feed(query, start, PAGE, len(papers), entries)
        (OUT / "arxiv-api" / f"day-{DAY}-p{page}.xml").write_text(text, encoding="utf-8")
    empty_query = query.replace("20260525", "20260531")
    (OUT / "arxiv-api" / "empty.xml").write_text(_feed(empty_query, 0, PAGE, 0, ""), encoding="utf-8")
    next_day = _papers("2026-05-26", 4)
    rss_items = (
        _rss_item(next_day[0], "new", 1)
        + _rss_item(next_day[1], "new", 1)
        + _rss_item(next_day[2], "cross", 1)
        + _rss_item(papers[1], "replace", 2)
    )
    (OUT / "arxiv-rss").mkdir(exist_ok=True)
    (OUT / "arxiv-rss" / "announce.xml").write_text(_rss(rss_items), encoding="utf-8")
    (OUT / "arxiv-rss" / "weekend.xml").write_text(_rss(""), encoding="utf-8")
    (OUT / "huggingface").mkdir(exist_ok=True)
    hf = [_hf_entry(papers[0], 37, "2026-05-26"), _hf_entry(next_day[3], 12, "2026-05-26")]
    (OUT / "huggingface" / "2026-05-26.json").write_text(json.dumps(hf, indent=1) + "\n", encoding="utf-8")
    (OUT / "feeds").mkdir(exist_ok=True)
    blog = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Lab News</title>
  <link href="https://lab.example.org/"/>
  <link rel="self" href="https://lab.example.org/feed.xml"/>
  <updated>2026-05-27T09:00:00Z</updated>
  <id>https://lab.example.org/</id>
  <entry>
    <title>Paper of the week: {escape(papers[0]["title"])}</title>
    <link href="https://arxiv.org/abs/{papers[0]["id"]}"/>
    <id>https://lab.example.org/posts/paper-of-the-week-22</id>
    <updated>2026-05-27T09:00:00Z</updated>
    <author><name>Lab News Team</name></author>
    <summary type="html">&lt;p&gt;We read &lt;a href="https://arxiv.org/abs/{papers[0]["id"]}"&gt;this paper&lt;/a&gt; this week.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>How we cut our evaluation bill in half</title>
    <link href="https://lab.example.org/posts/eval-bill"/>
    <id>https://lab.example.org/posts/eval-bill</id>
    <updated>2026-05-26T15:30:00Z</updated>
    <author><name>Dana Example</name></author>
    <summary type="html">&lt;p&gt;We replaced half of our &lt;b&gt;LLM-as-a-judge&lt;/b&gt; calls with cached
      rubric checks and kept agreement with human raters above 90%.&lt;/p&gt;</summary>
  </entry>
</feed>
"""
    (OUT / "feeds" / "lab-news.xml").write_text(blog, encoding="utf-8")
    empty = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Quiet Blog</title><link>https://quiet.example.org/</link>
<description>Nothing yet.</description></channel></rss>
"""
    (OUT / "feeds" / "empty.xml").write_text(empty, encoding="utf-8")


if __name__ == "__main__":
    main()
