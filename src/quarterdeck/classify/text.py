"""What a trained classifier reads of a paper, prepared the same way at training and at use.

The guide says a paper is the kind of output it *leads with*: the title, then
the first sentences of the abstract. So the title is given twice and the text
is cut at a fixed length (deterministic truncation, reported as a note), and
LaTeX markup is reduced to plain words so ``\\textbf{LoRA}`` reads as ``LoRA``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quarterdeck.records import Paper

MAX_ABSTRACT_CHARS = 4000
"""Abstracts are rarely longer than 2,000 characters; anything past this is pasted full text."""

_MATH = re.compile(r"\$[^$]{0,200}\$")
_LATEX_COMMAND_WITH_ARG = re.compile(
    r"\\(?:textbf|textit|emph|texttt|mathrm|mathbf|text|url|footnote)\{([^{}]*)\}"
)
_HREF = re.compile(r"\\href\{[^{}]*\}\{([^{}]*)\}")
_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
_BRACES = re.compile(r"[{}]")
_SPACES = re.compile(r"\s+")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class ModelText:
    """The text a model reads for one paper, and what was done to make it."""

    text: str
    notes: tuple[str, ...]


def strip_latex(text: str) -> str:
    """Reduce LaTeX markup to its words: keep command arguments, drop commands, math and braces."""
    if "\\" not in text and "$" not in text and "{" not in text:
        return text
    text = _MATH.sub(" ", text)
    text = _HREF.sub(r"\1", text)
    text = _LATEX_COMMAND_WITH_ARG.sub(r"\1", text)
    text = _LATEX_COMMAND.sub(" ", text)
    text = _BRACES.sub("", text)
    return _SPACES.sub(" ", text).strip()


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
