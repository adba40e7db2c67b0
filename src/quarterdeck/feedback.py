"""Readers' feedback as labeled papers: what ``quarterdeck feedback export`` and the web app's export write.

A reader says a paper "changed my quarter" or is "not for me"; exported, that
is a line of the labeled JSONL schema (:mod:`quarterdeck.classify.labeled`)
with the paper's type as ``label`` and ``act`` or ``skip`` as ``verdict``, so
``quarterdeck train --relevance`` learns the team's keep/skip decisions from
it (and ``quarterdeck train`` reads it too).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from quarterdeck.records import FEEDBACK, LABELS
from quarterdeck.store import Store


def feedback_lines(store: Store) -> Iterator[str]:
    """Every paper with feedback as labeled JSONL, the shape ``quarterdeck train`` reads.

    ``label`` is the paper's type when the reader spoke (papers never
    classified are left out: a line without a type cannot be trained on);
    ``verdict`` is ``act`` for "changed my quarter" and ``skip`` for "not for me".
    """
    for stored, item in store.feedback_papers():
        if item.label not in LABELS:
            continue
        paper = stored.paper
        record = {
            "id": paper.arxiv_id or paper.doi or stored.key,
            "title": paper.title,
            "abstract": paper.abstract,
            "authors": list(paper.authors),
            "categories": list(paper.categories),
            "primary_category": paper.categories[0] if paper.categories else None,
            "published": paper.published.isoformat() if paper.published else None,
            "comment": paper.comment or None,
            "doi": paper.doi,
            "url": paper.url,
            "label": item.label,
            "verdict": FEEDBACK[item.value],
            "feedback": item.value,
            "feedback_at": item.created_at.isoformat(),
            "sample": "feedback",
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
