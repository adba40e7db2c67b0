"""Released artifacts: code, weights, data, API.

"Released" needs a present-tense statement or a repository URL (taxonomy rule);
"will be released" with no URL does not count.
"""

from __future__ import annotations

import re

from quarterdeck.facts.records import Fact
from quarterdeck.facts.text import Text

# --- released artifacts -------------------------------------------------------------------------
# "Released" needs a present-tense statement or a repository URL (taxonomy rule);
# "will be released" with no URL does not count.
_RELEASE_KEYWORDS = (
    "http", "github", "gitlab", "huggingface", "hf.co", "releas", "availab", "open", "public",
    "accessib", "we provide", "we share", "code:", "page:", "can be found", "code at", "data at",
)  # fmt: skip
_URL = re.compile(
    r"https?://\S+|\b(?:github|gitlab|huggingface|hf)\.(?:com|co|io)\b\S*|\b[\w-]+\.github\.io\b",
    re.IGNORECASE,
)
_REPOSITORY = re.compile(r"\b(?:github|gitlab)\.com/\w", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|to) be (?:made )?(?:publicly |freely |fully |openly )?"
    r"(?:released|available|open[- ]?sourced|public)"
    r"|\bupon (?:acceptance|publication)|\bcoming soon\b|\bwe (?:will|plan to|intend to) (?:release|open)",
    re.IGNORECASE,
)
_RELEASE_VERB = re.compile(
    r"\b(?:we (?:also )?(?:have )?(?:publicly |openly |fully )?(?:release[sd]?|are releasing"
    r"|open[- ]?source[sd]?|make (?:\w+ ){0,4}(?:publicly |freely |openly )?(?:available|accessible|public))"
    r"|(?:is|are|has been|have been) (?:now |made )?(?:publicly |freely |openly |fully )?"
    r"(?:available|released|open[- ]?sourced|accessible)"
    r"|(?:code|codes|data|dataset|models?|weights)(?: and [a-z]+)? (?:can be found|at)\b"
    r"|we (?:introduce|present|propose|contribute) (?:[\w-]+ ){0,8}?open[- ](?:source|weight|access)"
    r"|(?:under|with) (?:an? )?(?:open|permissive|MIT|Apache|CC[- ]BY[\w-]*) licen[sc]es?"
    r"|openly (?:distributed|released|shared)"
    r"|(?:code|project page|repository|dataset|data|models?|weights|demo)s?\s?:)",
    re.IGNORECASE,
)
_NAMED_RELEASE = re.compile(
    r"\bwe (?:\w+ )?(?:release[sd]?|open[- ]?source[sd]?|are releasing)\b"
    r"|\b(?:is|are) (?:now )?(?:publicly )?(?:available|released|open[- ]?sourced)"
    r"|\bopen[- ]source (?:[\w-]+ ){0,4}(?:dataset|benchmark|corpus|model)",
    re.IGNORECASE,
)
_TITLE_KINDS: dict[str, re.Pattern[str]] = {
    "data": re.compile(r"\b(?:datasets?|benchmarks?|\w*bench|corpus|data)\b", re.IGNORECASE),
    "weights": re.compile(r"\b(?:models?|LLMs?|VLMs?|technical report|open-weight)\b", re.IGNORECASE),
}
_ARTIFACT_WORDS: dict[str, re.Pattern[str]] = {
    "code": re.compile(
        r"\b(?:code|codes|implementation|codebase|source code|repository|library|toolkit)\b",
        re.IGNORECASE,
    ),
    "weights": re.compile(
        r"\b(?:weights|checkpoints?|open[- ]weights?|models? (?:is|are|can)|models?(?:,| and)"
        r"|(?:and|,) (?:the )?(?:\w+[- ])?models?|pre-?trained models?"
        r"|(?:release|open-source) (?:the |our |both )?(?:\w+[- ]){0,2}models?)\b",
        re.IGNORECASE,
    ),
    "data": re.compile(r"\b(?:datasets?|data|benchmarks?|corpus|corpora|annotations)\b", re.IGNORECASE),
    "api": re.compile(r"\b(?:API|web (?:demo|service)|endpoint)\b"),
}


def released(text: Text, title: str) -> tuple[Fact, ...]:
    found: dict[str, Fact] = {}
    # What the paper leads with: its title, and whether it calls itself open-weight anywhere.
    lead = f"{title} open-weight" if "open-weight" in text.lower or "open weight" in text.lower else title
    for sentence in text.candidates(_RELEASE_KEYWORDS):
        for fact in _released_in(sentence, lead):
            found.setdefault(fact.value, fact)
    return tuple(found.values())


def _released_in(sentence: str, lead: str) -> list[Fact]:
    has_url = bool(_URL.search(sentence))
    if _FUTURE.search(sentence):
        # A promise is not a release, but a repository already named is code (the readers' rule).
        if has_url and (_REPOSITORY.search(sentence) or _ARTIFACT_WORDS["code"].search(sentence)):
            return [Fact("released", "code", sentence)]
        return []
    if not has_url and not _RELEASE_VERB.search(sentence):
        return []
    found = [
        Fact("released", kind, sentence) for kind, words in _ARTIFACT_WORDS.items() if words.search(sentence)
    ]
    if found:
        return found
    # "We release X": what X is, the title says (a dataset paper releases data, a model paper weights).
    if _NAMED_RELEASE.search(sentence):
        found = [
            Fact("released", kind, sentence) for kind, words in _TITLE_KINDS.items() if words.search(lead)
        ]
    if _REPOSITORY.search(sentence) and not any(f.value in ("code", "data") for f in found):
        # A repository link is released code (a dataset paper's is its data); a project page
        # or a model hub link is not.
        found.append(Fact("released", "code", sentence))
    return found
