"""Released artifacts: code, weights, data, API.

The guide's rule: a present-tense statement ("we release", "is available at")
or a repository URL counts; "will be released" with no URL does not. A
promise with a repository or model-hub link counts for each kind it names.
"""

from __future__ import annotations

import re

from quarterdeck.facts.records import Fact
from quarterdeck.facts.text import Text

_RELEASE_KEYWORDS = (
    "http", "github", "gitlab", "huggingface", "hugging face", "hf.co", "zenodo", "releas", "availab",
    "open", "public", "accessib", "we provide", "we share", "code:", "page:", "can be found", "code at",
    "data at",
)  # fmt: skip
_URL = re.compile(
    r"https?://\S+|\b(?:github|gitlab|huggingface|hf)\.(?:com|co|io)\b\S*|\b[\w-]+\.github\.io\b",
    re.IGNORECASE,
)
_REPOSITORY = re.compile(
    r"\b(?:github|gitlab)\.com/\w|\b(?:available|released) (?:on|at|via|through) GitHub\b", re.IGNORECASE
)
# A model hub link names what it holds: datasets/... is data, a bare org/name is a model.
_HUB = re.compile(r"\b(?:huggingface\.co|hf\.co)/(datasets/|spaces/|papers/)?[\w-]+", re.I)
_FUTURE = re.compile(
    r"\b(?:will|to) be (?:made )?(?:publicly |freely |fully |openly )?"
    r"(?:released|available|open[- ]?sourced|public)"
    r"|\bupon (?:acceptance|publication)|\bcoming soon\b|\bwe (?:will|plan to|intend to) (?:release|open)",
    re.IGNORECASE,
)
_PRIVATE = re.compile(r"\bcurrently private\b|\banonymous", re.IGNORECASE)
# "We build and release X" is "we release X"; "and open-source models" (a comparison) is not.
_AND_RELEASE = (
    r"we\b[^.;]{0,80}?\b(?:and|also) (?:publicly )?(?:release|open[- ]?source)[sd]?"
    r" (?:the|a|an|our|all|it|them)\b"
)
_RELEASE_VERB = re.compile(
    r"\b(?:we (?:also )?(?:have )?(?:publicly |openly |fully )?(?:release[sd]?|are releasing"
    r"|open[- ]?source[sd]?|make (?:\w+ ){0,4}(?:publicly |freely |openly )?(?:available|accessible|public))"
    rf"|{_AND_RELEASE}|releasing|open[- ]sourcing"
    r"|mak(?:e|es|ing) (?:[\w-]+ ){0,4}(?:publicly |freely |openly )(?:available|accessible)"
    r"|(?:is|are|has been|have been) (?:(?:now|made|also) ){0,2}(?:publicly |freely |openly |fully )"
    r"(?:available|accessible)"
    # A bare "is available" is often no release at all ("when labels are available"): it needs a place.
    r"|(?:is|are|has been|have been) (?:(?:now|made|also) ){0,2}(?:available|accessible)"
    r"(?= (?:at|on|in|via|from|through|here|under|for (?:download|research|public))\b)"
    r"|(?:is|are|has been|have been) (?:now |made |also )?(?:publicly |freely |openly |fully )?"
    r"(?:released|open[- ]?source[d]?|published)"
    r"|(?<!not )(?<!un)available (?:at|on|via|from|through) (?:https?|github|gitlab|hugging ?face|zenodo)"
    r"|(?:code|codes|data|dataset|models?|weights)(?: and [a-z]+)? (?:can be found|at)\b"
    r"|we (?:introduce|present|propose|contribute) (?:[\w,-]+ ){0,8}?open[- ](?:source|weight|access)"
    r"|(?:under|with) (?:an? )?(?:open|permissive|MIT|Apache|CC[- ]BY[\w-]*) licen[sc]es?"
    r"|openly (?:distributed|released|shared|published)"
    r")",
    re.IGNORECASE,
)
_WE_RELEASE = re.compile(
    rf"\bwe (?:\w+ )?(?:release[sd]?|open[- ]?source[sd]?|are releasing)\b|\b{_AND_RELEASE}"
    r"|\breleasing\b|\bopen[- ]sourcing\b",
    re.IGNORECASE,
)
_IS_AVAILABLE = re.compile(
    r"\b(?:is|are) (?:now )?(?:publicly )?(?:available|released|open[- ]?sourced)", re.I
)
# The paper presents its own artifact as open: "we present X, a compact open-weight reasoning model",
# "we introduce X, the largest publicly available dataset". Evaluating "open-weight models", or
# fine-tuning "an open-source LLM", is not this: the phrase must follow the verb that presents it.
_OWN_OPEN = re.compile(
    r"\b(?:we (?:\w+ )?(?:introduce|present|release|propose|contribute|develop|build|create|construct|curate)"
    r"|this (?:paper|work|report) (?:introduces|presents|details))\s(?:[\w$(){}\\-]+,?\s){0,3}?"
    r"(?:an?|the first|the largest)\s(?!(?:[\w-]+\s){0,3}?(?:study|analysis|evaluation|comparison|survey))"
    r"(?:[\w-]+\s){0,3}?"
    r"(?:open|fully open|open[- ]source|open[- ]weights?|open[- ]access|publicly available|public)"
    r"\s(?:[\w-]+\s){0,4}?(?P<noun>(?:language |foundation )?models?\b|[LVS]LM\b|(?:suite|family|series) of"
    r"|dataset\b|benchmark\b|corpus\b|data suite)",
    re.IGNORECASE,
)
# A title that claims openness for itself ("Open Weights and Data for ...", "An Open ... Dataset"),
# not one that studies open models ("Are Open-Weight LLMs Ready for ...").
_TITLE_OPEN: dict[str, re.Pattern[str]] = {
    "weights": re.compile(
        r"(?<!of )(?<!in )(?<!with )(?<!for )(?<!are )(?<!small )\bopen[- ]weights?\b"
        r"(?! (?:[\w-]+ ){0,2}(?:LLMs|VLMs|models)\b)",
        re.IGNORECASE,
    ),
    "data": re.compile(
        r"\bopen data\b|\bopen[- ]weights? and data\b"
        r"|\b(?:an? |the )?open(?:[- ]source)?,? (?!vocabulary|world|set|domain|ended)"
        r"(?:[\w-]+,? ){0,3}dataset\b",
        re.IGNORECASE,
    ),
}
_TITLE_KINDS: dict[str, re.Pattern[str]] = {
    "data": re.compile(r"\b(?:datasets?|benchmark\w*|\w*bench|corpus|data)\b", re.IGNORECASE),
    "weights": re.compile(r"\b(?:models?|LLMs?|VLMs?|technical report|open-weight)\b", re.IGNORECASE),
}
_ARTIFACT_WORDS: dict[str, re.Pattern[str]] = {
    "code": re.compile(
        r"\b(?:code|codes|implementations?|codebases?|source code|repository|library|toolkit|software"
        r"|framework|testbed|harness)\b",
        re.IGNORECASE,
    ),
    "weights": re.compile(
        r"\b(?:weights|checkpoints?|open[- ]weights?|(?:LoRA |model )adapters|model parameters"
        r"|(?:the|our) parameters?|models?(?= (?:is|are|can|and)\b|,)"
        r"|(?:and|,) (?:the )?(?:[\w-]+[- ]){0,3}models?\b|pre-?trained models?\b"
        r"|(?:release|open-source|open-sourced?|share) (?:the |our |both |all )?"
        r"(?:[\w-]+[- ]){0,3}models?\b)",
        re.IGNORECASE,
    ),
    "data": re.compile(
        r"\b(?:datasets?|data|benchmarks?|corpus|corpora|annotations|traces|trajectories|labels)\b",
        re.IGNORECASE,
    ),
    "api": re.compile(r"\b(?:API|web (?:demo|service)|endpoint)\b"),
}
# A benchmark or dataset by its name ("We open-source MLRBench"); never read inside a link.
_DATA_NAME = re.compile(r"\b[A-Z][\w-]*(?:Bench|QA|DB)(?:-[\w.]+)?\b")
# A model by its name and size ("We open-source Fun-Audio-Chat-8B").
_SIZED_NAME = re.compile(r"\b[A-Z][\w.-]*-\d+(?:\.\d+)?[BM]\b")


def is_promise(sentence: str) -> bool:
    """Whether a sentence promises a release ("will be released") rather than states one."""
    return bool(_FUTURE.search(sentence))


def released(text: Text, title: str) -> tuple[Fact, ...]:
    """Each artifact kind the paper releases, with the first sentence that says so."""
    found: dict[str, Fact] = {}
    # What the paper leads with: its title, and whether it calls itself open-weight anywhere.
    lead = f"{title} open-weight" if "open-weight" in text.lower or "open weight" in text.lower else title
    for kind, words in _TITLE_OPEN.items():
        if words.search(title):
            found.setdefault(kind, Fact("released", kind, title))
    for sentence in text.candidates(_RELEASE_KEYWORDS):
        for fact in _released_in(sentence, lead):
            found.setdefault(fact.value, fact)
    return tuple(found.values())


def _kinds_named(sentence: str) -> list[str]:
    """The artifact kinds a release sentence names, by word, by name or by model-hub link."""
    kinds = [kind for kind, words in _ARTIFACT_WORDS.items() if words.search(sentence)]
    unlinked = _URL.sub(" ", sentence)
    if "data" not in kinds and _DATA_NAME.search(unlinked):
        kinds.append("data")
    if "weights" not in kinds and _SIZED_NAME.search(unlinked):
        kinds.append("weights")
    for match in _HUB.finditer(sentence):
        folder = (match.group(1) or "").lower()
        kind = "data" if folder == "datasets/" else "weights" if not folder else None
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def _released_in(sentence: str, lead: str) -> list[Fact]:
    has_url = bool(_URL.search(sentence))
    if _FUTURE.search(sentence):
        # A promise is not a release, but a repository or hub link already given is (the guide).
        if not (_REPOSITORY.search(sentence) or _HUB.search(sentence)) or _PRIVATE.search(sentence):
            return []
        kinds = _kinds_named(sentence) or ["code"]
        return [Fact("released", kind, sentence) for kind in kinds]
    own = _OWN_OPEN.search(sentence)
    if own:
        noun = own.group("noun").lower()
        kind = "data" if noun.startswith(("data", "bench", "corpus")) else "weights"
        others = _kinds_named(sentence) if has_url else []
        return [Fact("released", k, sentence) for k in dict.fromkeys([kind, *others])]
    if not has_url and not _RELEASE_VERB.search(sentence):
        return []
    found = [Fact("released", kind, sentence) for kind in _kinds_named(sentence)]
    if found:
        if _REPOSITORY.search(sentence) and not any(f.value in ("code", "data") for f in found):
            found.append(Fact("released", "code", sentence))  # the repository holds code, as below
        return found
    # "We release X": what X is, the title says (a dataset paper releases data, a model paper weights).
    # "X is available" says less: it names data by the title, never weights.
    we_release = bool(_WE_RELEASE.search(sentence))
    if we_release or _IS_AVAILABLE.search(sentence):
        found = [
            Fact("released", kind, sentence)
            for kind, words in _TITLE_KINDS.items()
            if words.search(lead) and (we_release or kind == "data")
        ]
    if _REPOSITORY.search(sentence) and not any(f.value in ("code", "data") for f in found):
        # A repository link is released code (a dataset paper's is its data); a project page
        # or a model hub link is not.
        found.append(Fact("released", "code", sentence))
    return found
