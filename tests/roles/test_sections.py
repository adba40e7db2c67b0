"""Sections: headings set the context, line cues fill in where headings are missing."""

from __future__ import annotations

from quarterdeck.roles.sections import assign_sections, heading_context, is_heading


def _sections(text: str, title: str = "") -> dict[str, str]:
    return {line.text: line.section for line in assign_sections(text.splitlines(), title)}


def test_headings_and_their_context() -> None:
    assert is_heading("Responsibilities:") and heading_context("Responsibilities:") == "duty"
    assert is_heading("## What you'll do") and heading_context("## What you'll do") == "duty"
    assert heading_context("Preferred Qualifications") == "requirement"
    assert heading_context("You may be a good fit if you:") == "requirement"
    assert heading_context("Benefits & Perks:") == "boilerplate"
    assert heading_context("About the role") == "role"
    assert heading_context("About Us:") == "about"
    assert not is_heading("Experience with Kubernetes and Terraform.")
    assert not is_heading("Python")


def test_a_phd_under_preferred_is_a_requirement() -> None:
    sections = _sections(
        "Research Scientist\nResponsibilities:\nRun experiments on reasoning\n"
        "Preferred qualifications:\nPhD in machine learning\nPublications at NeurIPS",
        "Research Scientist",
    )
    assert sections["Research Scientist"] == "title"
    assert sections["Run experiments on reasoning"] == "duty"
    assert sections["PhD in machine learning"] == "requirement"
    assert sections["Publications at NeurIPS"] == "requirement"


EEO = "We are an equal opportunity employer and do not discriminate on the basis of race or religion."


def test_line_cues_without_headings() -> None:
    sections = _sections(
        "We are a fintech company in Berlin.\n"
        "In this role you will build our payment services.\n"
        "5+ years of experience with Go.\n" + EEO
    )
    assert sections["We are a fintech company in Berlin."] == "about"
    assert sections["In this role you will build our payment services."] == "duty"
    assert sections["5+ years of experience with Go."] == "requirement"
    assert sections[EEO] == "boilerplate"


def test_requirement_cue_under_a_duty_heading_and_unknown_subheadings() -> None:
    lines = assign_sections(
        ["Responsibilities", "Data Integration & Architecture", "Build integrations", "3+ years of SQL"], ""
    )
    assert [line.section for line in lines] == ["heading", "heading", "duty", "requirement"]
    assert lines[2].heading == "Data Integration & Architecture"
