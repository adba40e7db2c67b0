"""Which part of a posting each line belongs to: title, about, duty, requirement, boilerplate, heading.

Headings set the context ("Responsibilities:" starts duties, "Preferred
qualifications" starts requirements, "Benefits" starts boilerplate); cues in
a line refine it where headings are missing or vague ("you will ..." is a
duty, "5+ years of ..." a requirement, equal-opportunity text boilerplate).
Only duty lines are scored: a PhD under "preferred qualifications" is a
requirement, not research work.
"""

from __future__ import annotations

import re

from quarterdeck.roles.records import Line

# Context a heading opens. "role" is an introduction to the role: duties when a
# line reads like one, otherwise about text.
_HEADING_CONTEXT: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (context, re.compile(pattern, re.IGNORECASE))
    for context, pattern in (
        (
            "boilerplate",
            r"salary|compensation|\bpay\b|logistics|benefit|perks|come work with us"
            r"|equal (?:employment )?opportunit"
            r"|\beeo\b|affirmative|accommodation|notice to|\blocation\b|schedule|hours|covid|clearance"
            r"|why (?:join|you.ll love|work)|what we offer|we offer|what you.ll get|how to apply|application"
            r"|deadline|visa|additional information|more reasons|policy|privacy|legal|disclaimer",
        ),
        (
            "duty",
            r"responsib|responsabilit|what you.?ll (?:do|work on|be doing)|what you will (?:do"
            r"|work on|be doing)"
            r"|you will|you.ll\b|what will i be doing|day[- ]to[- ]day|make an impact|projects"
            r"|work on|in this role"
            r"|focus on|duties|tasks|your (?:role|mission|impact|job)|what the job involves|the job",
        ),
        (
            "requirement",
            r"qualifications?|requirements?|good fit|candidates?|you have|you are|who you are|looking for"
            r"|you.?ll need|what you need|skills|experience|expertise|education|profile|profil\b"
            r"|nice[- ]to[- ]have"
            r"|plus(?:es|ses)?\b|preferred|bonus|desired|competenc|\bbasic\b|must|sweep us|ideal|demonstrated"
            r"|about you|your background|what we.re looking|we.d love|we are looking",
        ),
        (
            "role",
            r"about (?:the|this) (?:role|position|job|opportunity)|the role|key role"
            r"|job description|description"
            r"|position summary|summary|overview|the opportunity|the position|role\b",
        ),
        (
            "about",
            r"about|who we are|how we.re different|values|the team|team like|company|mission|recent work"
            r"|who are we|our story|why (?:us|\w+\?)|excited",
        ),
    )
)

_MARKUP = re.compile(r"^#{1,6}\s+|\*\*|__|^\*|\*$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S|^\*\*[^*]+\*\*:?$|^__[^_]+__:?$")
_ENDS_LIKE_HEADING = re.compile(r"(?::|\.\.\.|…|\?)\s*$")
_SENTENCE_END = re.compile(r"[.!;,]\s*$")

_BOILERPLATE_STRONG = re.compile(
    r"equal (?:employment )?opportunit|without regard to|regardless of (?:race|age|gender|sex)|race, colou?r"
    r"|sexual orientation|gender identity|veteran status|protected (?:veteran|characteristic|class)"
    r"|reasonable accommodation|e-verify|affirmative action|sponsor(?:ship)? (?:of )?visas?|visa sponsor"
    r"|[$€£]\s?\d|\d\s?(?:k|000) ?(?:usd|eur|gbp)|401\(?k\)?|paid (?:time off|parental|vacation|holidays)"
    r"|parental leave|health (?:insurance|care|benefits)|dental|recruit(?:er|ment|ing) agenc"
    r"|applications? (?:will be|are) (?:reviewed|accepted)|deadline (?:to|for) appl|apply (?:now"
    r"|today|here|online)"
    r"|click apply|how to apply|(?:send|submit) (?:your|an?) (?:application|cv|resume)|hybrid policy"
    r"|(?:in|from) (?:one of )?our offices|relocation (?:package|support|assistance)|salary"
    r"|stock options|equity",
    re.IGNORECASE,
)
_REQUIREMENT_CUE = re.compile(
    r"^(?:\d+\+?|one|two|three|four|five|six|seven|eight|ten)\s*(?:\+\s*)?(?:years?|yrs)\b"
    r"|\b\d+\+? years? of\b"
    r"|\b(?:bachelor.?s?|master.?s?|ph\.?d\.?|doctorate|doctoral|m\.?sc|b\.?sc|bs/ms|ms/phd)\b(?: degree)?"
    r"(?: or equivalent)?\b.{0,40}\b(?:in|required|preferred|degree)\b|\bdegree in\b"
    r"|^(?:experience|proficiency|familiarity|knowledge|expertise|fluency|background|understanding|exposure)"
    r"\b.{0,20}\b(?:with|in|of)\b|^(?:strong|excellent|solid|deep|proven|demonstrated|good|great|hands-on)\b"
    r"|^(?:you have|you are|you're|have|are|can|comfortable|familiar|fluent|experienced|able)\b|^ability to"
    r"|^(?:bs|ms|ba|ma|phd)\b|\b(?:is|are) (?:a )?(?:plus|bonus|preferred|required|nice to have)\b",
    re.IGNORECASE,
)
_DUTY_CUE = re.compile(
    r"\byou(?:'|’)?ll\b|\byou will\b|\byour (?:role|responsibilities|day|work) (?:will|is|includes)"
    r"|\bin this role\b|^as (?:a|an|the|our) .{0,80}\byou\b|\bthe (?:role|position) (?:involves|includes|is)"
    r"|\byou(?:'|’)?(?:ll| will) (?:be )?(?:work|lead|build|own|design|develop|join|contribute)",
    re.IGNORECASE,
)
_IMPERATIVE = re.compile(
    r"^(?:lead|build|design|develop|own|drive|create|implement|maintain|run|conduct|write|publish|collaborate"
    r"|partner|work|deploy|ship|research|analy[sz]e|define|manage|mentor|contribute|improve|optimi[sz]e"
    r"|establish|evaluate|investigate|architect|scale|identify|support|help|deliver|serve|translate|monitor"
    r"|ensure|prototype|train|present|participate|engage|communicate|coordinate|perform|prepare|review|test"
    r"|automate|integrate|explore|apply|produce|provide|advise|plan|operate|debug|troubleshoot|partner|set"
    r"|shape|teach|supervise|assist|take|act|execute|collect|curate|benchmark|measure|model|tune|fine-tune)"
    r"(?:e?s|ing)?\b",
    re.IGNORECASE,
)
_METADATA = re.compile(
    r"^(?:date posted|posted|likes|location|locations|job type|experience level|role|industry|company size"
    r"|company type|technologies|employment type|remote|department|team|req(?:uisition)? id|job id|level"
    r"|seniority|reports to)\b\s*:?",
    re.IGNORECASE,
)


def heading_context(text: str) -> str | None:
    """The context a heading opens (duty, requirement, about, boilerplate, role), or None if unknown."""
    bare = _MARKUP.sub("", text).strip()
    for context, pattern in _HEADING_CONTEXT:
        if pattern.search(bare):
            return context
    return None


def is_heading(text: str) -> bool:
    """A section heading: Markdown or bold heading, or a short line ending like one."""
    if _MARKDOWN_HEADING.match(text):
        return True
    bare = _MARKUP.sub("", text).strip()
    words = bare.split()
    if not words or len(words) > 12 or len(bare) > 90:
        return False
    if _ENDS_LIKE_HEADING.search(bare):
        return True
    if _SENTENCE_END.search(bare) or len(words) > 7:
        return False
    # Short lines without a full stop: a heading when they name a known section...
    if heading_context(bare) is not None and len(words) <= 5 and not _REQUIREMENT_CUE.search(bare):
        return True
    # ...or are written in Title Case ("Data Integration & Architecture").
    significant = [w for w in words if len(w) > 3]
    return len(significant) >= 3 and all(w[0].isupper() for w in significant)


def assign_sections(texts: list[str], title: str) -> tuple[Line, ...]:
    """Give each line its section, carrying the context of the last recognised heading."""
    lines: list[Line] = []
    context = "start"
    heading = ""
    for number, text in enumerate(texts):
        section, opened = _section(text, number, title, context)
        if opened is not None:
            context, heading = opened, text
        lines.append(Line(number, text, section, heading if section != "heading" else ""))
    return tuple(lines)


def _section(text: str, number: int, title: str, context: str) -> tuple[str, str | None]:
    """(section of this line, context it opens if it is a heading)."""
    if number == 0 and _same(text, title):
        return "title", None
    if context == "start" and (_METADATA.match(text) or _same(text, title)):
        return "title", None
    if is_heading(text):
        opened = heading_context(text)
        # A heading that names nothing known ("Data Integration & Architecture") is a
        # sub-heading: the context above it goes on.
        return "heading", opened if opened is not None else (context if context != "start" else None)
    if _BOILERPLATE_STRONG.search(text) and context not in ("duty",):
        return "boilerplate", None
    if context == "boilerplate":
        return "boilerplate", None
    if context == "requirement":
        return "requirement", None
    if context == "duty":
        return ("requirement" if _REQUIREMENT_CUE.match(text) else "duty"), None
    # Introductions, company text, or no heading yet: the line's own cues decide.
    if _DUTY_CUE.search(text) or (context in ("role", "start") and _IMPERATIVE.match(text)):
        return "duty", None
    if _REQUIREMENT_CUE.search(text) and context != "about":
        return "requirement", None
    if context == "start" and _METADATA.match(text):
        return "title", None
    return "about", None


def _same(line: str, title: str) -> bool:
    """The line is the title (perhaps followed by the company, as some boards print it)."""
    bare = _MARKUP.sub("", line).strip().lower()
    return bool(title) and bare.startswith(title.strip().lower().rstrip(".…"))
