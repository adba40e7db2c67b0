"""What a trained classifier reads of a paper, prepared the same way at training and at use.

The guide says a paper is the kind of output it *leads with*: the title, then
the first sentences of the abstract. So the title is given twice and the text
is cut at a fixed length (deterministic truncation, reported as a note), and
LaTeX markup is reduced to plain words so ``\\textbf{LoRA}`` reads as ``LoRA``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quarterdeck.normalise import strip_latex
from quarterdeck.records import Paper

MAX_ABSTRACT_CHARS = 4000
"""Abstracts are rarely longer than 2,000 characters; anything past this is pasted full text."""

_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class ModelText:
    """The text a model reads for one paper, and what was done to make it."""

    text: str
    notes: tuple[str, ...]


def model_text(paper: Paper) -> ModelText:
    """The model's input for a paper: title twice, then the (possibly truncated) abstract."""
    notes: list[str] = []
    title = strip_latex(paper.title)
    abstract = strip_latex(paper.abstract)
    if not abstract:
        notes.append("no abstract: classified from the title alone")
    elif len(abstract) > MAX_ABSTRACT_CHARS:
        abstract = abstract[:MAX_ABSTRACT_CHARS]
        notes.append(f"abstract truncated to its first {MAX_ABSTRACT_CHARS} characters")
    text = title + abstract
    # Most abstracts are pure ASCII; only the rest need counting.
    if not text.isascii() and len(_NON_ASCII_LETTER.findall(text)) > len(_LATIN.findall(text)):
        notes.append("text is mostly not in English: expect a weaker guess")
    return ModelText(f"{title}. {title}. {abstract}", tuple(notes))
