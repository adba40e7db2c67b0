"""Role and fit reports for people (terminal, Markdown) and machines (JSON). Nothing here prints."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quarterdeck.roles.records import (
    DUTY_NAMES,
    DutyLine,
    FitLine,
    FitReport,
    RoleReport,
    is_engineering,
    is_research,
)

_KIND_STYLE = {"R": "magenta", "E": "cyan"}


def render_json(report: RoleReport) -> str:
    """The report as indented JSON (the issue's fields first)."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _shares(report: RoleReport) -> str:
    return (
        f"research {report.research_share:.0%} ({report.research_duties}) · "
        f"engineering {report.engineering_share:.0%} ({report.engineering_duties}) · "
        f"neither {report.counts.get('none', 0)} · {len(report.duties)} duty lines"
    )


def render_terminal(report: RoleReport, for_hiring: bool = False) -> RenderableType:
    """The report as a Rich renderable: verdict, duties with their evidence, requirements, questions."""
    parts: list[RenderableType] = [
        _heading(report.title, report.role_class),
        Text(_shares(report), style="dim"),
        Text(report.title_verdict + ".", style="green" if report.title_matches else "yellow"),
    ]
    if for_hiring:
        parts.append(_hiring_terminal(report))
    parts.append(Text("\nDuties", style="bold underline"))
    parts.append(_lines_table(report.duties, empty="No duty lines found."))
    shaped_requirements = [r for r in report.requirements if r.kind != "none"]
    parts.append(
        Text(
            f"\nRequirements ({len(report.requirements)}; {len(shaped_requirements)} shaped, not scored)",
            style="bold underline",
        )
    )
    parts.append(_lines_table(shaped_requirements, empty="None research- or engineering-shaped."))
    parts.append(Text("\nQuestions to ask", style="bold underline"))
    if not report.questions:
        parts.append(Text("  The posting settles the usual open questions.", style="dim"))
    for q in report.questions:
        parts.append(Text(f"  • {q.question}  ({q.dimension}: {q.status})"))
    for note in report.notes:
        parts.append(Text(f"Note: {note}", style="yellow"))
    parts.append(Text(f"\n{report.method} · {report.source}", style="dim"))
    return Group(*parts)


def _hiring_terminal(report: RoleReport) -> RenderableType:
    parts: list[RenderableType] = [Text("\nFor the person writing this posting", style="bold underline")]
    if report.suggested_title != report.title:
        parts.append(Text(f"  Suggested title: {report.suggested_title}", style="bold"))
    else:
        parts.append(Text("  The title fits the duties: keep it."))
    if not report.contradictions:
        parts.append(Text("  No contradictions found between the duties and requirements."))
    for item in report.contradictions:
        parts.append(Text(f"  ! {item}", style="yellow"))
    return Group(*parts)


def _lines_table(lines: Sequence[DutyLine], empty: str) -> RenderableType:
    if not lines:
        return Text(f"  {empty}", style="dim")
    table = Table("kind", "line", "evidence", box=None, show_edge=False, pad_edge=False)
    for line in lines:
        style = _KIND_STYLE.get(line.kind[:1], "dim") if line.kind != "none" else "dim"
        table.add_row(
            Text(line.kind, style=style), Text(_clip(line.text, 160)), Text(line.evidence, style="italic")
        )
    return table


def render_markdown(report: RoleReport, for_hiring: bool = False) -> str:
    """The report as Markdown."""
    out = [
        f"# {_md(report.title or 'Untitled')}",
        "",
        f"**Role class:** {report.role_class} · {_shares(report)}",
        "",
        f"**Verdict:** {_md(report.title_verdict)}.",
        "",
    ]
    if for_hiring:
        out += ["## For the person writing this posting", ""]
        if report.suggested_title != report.title:
            out.append(f"- Suggested title: **{_md(report.suggested_title)}**")
        else:
            out.append("- The title fits the duties: keep it.")
        out += [f"- {_md(c)}" for c in report.contradictions] or ["- No contradictions found."]
        out.append("")
    out += ["## Duties", "", "| kind | line | evidence |", "|---|---|---|"]
    out += [f"| {d.kind} | {_md(d.text)} | {_md(d.evidence)} |" for d in report.duties]
    shaped = [r for r in report.requirements if r.kind != "none"]
    out += ["", f"## Requirements ({len(report.requirements)}; {len(shaped)} shaped, not scored)", ""]
    out += [f"- `{r.kind}` {_md(r.text)} (*{_md(r.evidence)}*)" for r in shaped] or ["- None shaped."]
    out += ["", "## Questions to ask", ""]
    out += [f"- {_md(q.question)} ({q.dimension}: {q.status})" for q in report.questions] or [
        "- The posting settles the usual open questions."
    ]
    out += [f"\n*Note: {_md(n)}*" for n in report.notes]
    out += ["", f"<sub>{_md(report.method)} · {_md(report.source)}</sub>", ""]
    return "\n".join(out)


def render_fit_terminal(result: FitReport) -> RenderableType:
    """The fit report as a Rich renderable."""
    good = result.verdict.startswith("Good")
    parts: list[RenderableType] = [
        _heading(result.role_title, result.role_class),
        Text(result.verdict, style="green" if good else "yellow"),
        Text(result.uncertainty_note),
    ]
    for heading, items in (
        ("Where you agree (duties you want)", result.agreements),
        ("Where you disagree (duties you would avoid)", result.disagreements),
        ("Duties you said are fine", result.neutral),
    ):
        parts.append(Text(f"\n{heading}", style="bold underline"))
        parts.append(_fit_lines(items))
    if result.missing_wants:
        names = ", ".join(f"{d} ({DUTY_NAMES[d]})" for d in result.missing_wants)
        parts.append(Text(f"\nYou want work the role does not list: {names}.", style="dim"))
    return Group(*parts)


def _fit_lines(items: tuple[FitLine, ...]) -> RenderableType:
    if not items:
        return Text("  none", style="dim")
    text = Text()
    for item in items:
        shape = "research" if is_research(item.kind) else "engineering" if is_engineering(item.kind) else ""
        text.append(f"  {item.kind} × {item.count}", style=_KIND_STYLE.get(item.kind[:1], ""))
        text.append(f"  {DUTY_NAMES[item.kind]} ({shape})\n")
        for example in item.examples:
            text.append(f'      "{_clip(example, 140)}"\n', style="italic dim")
    text.rstrip()
    return text


def render_fit_markdown(result: FitReport) -> str:
    """The fit report as Markdown."""
    out = [f"# Fit: {_md(result.role_title)} ({result.role_class})", "", f"**{_md(result.verdict)}**", ""]
    out += [_md(result.uncertainty_note), ""]
    for heading, items in (
        ("Where you agree", result.agreements),
        ("Where you disagree", result.disagreements),
        ("Fine either way", result.neutral),
    ):
        out += [f"## {heading}", ""]
        out += [f"- `{i.kind}` × {i.count}: {DUTY_NAMES[i.kind]}" for i in items] or ["- none"]
        out.append("")
    if result.missing_wants:
        out.append("You want work the role does not list: " + ", ".join(result.missing_wants) + ".")
    return "\n".join(out) + "\n"


def _heading(title: str, role_class: str) -> Text:
    text = Text(title or "Untitled", style="bold")
    text.append(f"  [{role_class}]")
    return text


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
