"""Facts a verdict rests on, each with the sentence it came from.

A pure function over a paper's text (title, abstract, comment and full text
when present): no I/O, no model. It finds released artifacts, model names and
sizes, compute, data scale, claimed gains, inference-cost multipliers, and
the cost trap (a claimed gain bought with a multiplier).

Speed matters more than recall of rare phrasings: the pipeline runs this on
every paper. Each fact kind first looks for cheap keywords over the whole text
(``str.find``), and its regular expression runs only on the sentences holding
one; a paper that mentions none is done in a few microseconds per kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from quarterdeck.records import Paper

# A sentence ends at . ! ? followed by space and a capital; the abbreviations below do not end one.
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z(\[])")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "Fig.", "Eq.")


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern, and the cheap lowercase keywords a sentence needs before the pattern is tried."""

    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    case: bool = False
    """Match the keywords case-sensitively (short model names hide inside ordinary words)."""


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

# --- models, sizes, compute, data scale -------------------------------------------------------
_FAMILY = (
    r"(?:Llama|LLaMA|LLaMa|CodeLlama|TinyLlama|Qwen|QwQ|Mistral|Mixtral|Gemma|Phi|GPT|Claude|Gemini"
    r"|DeepSeek|Falcon|OLMo|Pythia|Vicuna|InternVL|InternLM|LLaVA|Baichuan|ChatGLM|GLM|Kimi|MiniMax"
    r"|Grok|StarCoder|Granite|SmolLM|Nemotron|BLOOM|Yi|OPT|T5|Flan-T5)"
)
_SUFFIX = (
    r"(?:\d[\w.]*|[A-Za-z]*\d[\w.]*|(?i:instruct|chat|base|coder|math|vl|r1|mini|turbo|pro|flash|sonnet"
    r"|opus|haiku|omni|preview|distill|reasoning|large|small|medium|nano|it|thinking|max|plus))"
)
# A family name is a model name only with a version or size next to it, except the unambiguous ones.
_MODEL_RULE = _Rule(
    (
        "Llama", "LLaMA", "LLaMa", "Qwen", "QwQ", "Mistral", "Mixtral", "Gemma", "Phi", "GPT", "Claude",
        "Gemini", "DeepSeek", "Falcon", "OLMo", "Pythia", "Vicuna", "Intern", "LLaVA", "Baichuan", "GLM",
        "Kimi", "MiniMax", "Grok", "StarCoder", "Granite", "SmolLM", "Nemotron", "BLOOM", "Yi", "OPT",
        "T5", "o1", "o3", "o4", "CodeLlama", "TinyLlama", "ChatGLM", "Flan-T5",
    ),
    re.compile(
        rf"(?:{_FAMILY}(?:-?\d[\w.]*|[- ]\d[\w.]*|-[A-Z]+\d[\w.]*)(?:[-_/]{_SUFFIX}|\s\d[\w.]*[BbMm]\b"
        r"|\s(?:Instruct|Chat|Sonnet|Opus|Haiku|Pro|Flash|Coder|Turbo))*"
        rf"|(?:Llama|LLaMA|Qwen|Mistral|Mixtral|Gemma|Claude|Gemini|DeepSeek|Vicuna|LLaVA|OLMo)(?:-{_SUFFIX})*"
        r"|o[134](?:-mini|-pro|-preview)?)(?![\w-])"
    ),
    case=True,
)  # fmt: skip
_PARAMS_RULE = _Rule(
    ("b ", "b-", "b)", "b,", "b.", "billion", "million", "m param", "m-param"),
    re.compile(
        r"(?<![\w.$-])\d+(?:\.\d+)?\s?(?:B|M|billion|million)[- ](?:(?:total |active |activated )?"
        r"param(?:eter)?s?|(?:\w+[- ])?models?|LLMs?|(?:\w+ )?language models?)\b"
        r"|(?<![\w.$])\d+(?:\.\d+)?B(?![\w-])"
    ),
)
_GPU_TYPES = (
    r"(?:NVIDIA |Nvidia )?(?:A100|H100|H200|H800|H20|A800|V100|B200|GB200|L40S?|A6000|A40|A10G?"
    r"|RTX ?\d{4}(?: Ti)?|MI\d{3}X?|TPU ?v\d\w*|TPUs?|GPUs?|NPUs?|Ascend ?910\w*)"
)
_COUNT = r"(?:\d[\d,]*|a single|single|one|two|four|eight|sixteen)"
_COMPUTE_RULE = _Rule(
    ("gpu", "a100", "h100", "h200", "h800", "h20", "a800", "v100", "b200", "tpu", "rtx", "npu", "l40",
     "a6000", "mi250", "mi300", "ascend"),
    re.compile(
        rf"\b{_COUNT}\s?(?:x\s?|×\s?)?{_GPU_TYPES}(?:[- ](?:80|40|24|32|16)\s?GB)?(?: GPUs?| cards?)?s?\b"
        r"|\b\d[\d,.]*\s?[KkM]?\+?\s(?:A100|H100|H800|GPU|TPU|NPU)[- ]?(?:hours?|days?)\b",
        re.IGNORECASE,
    ),
)  # fmt: skip
_TOKENS_RULE = _Rule(
    ("tokens",),
    re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:[BT]|billion|trillion)\+?\s(?:(?:high-quality|training|pre-?training|text|"
        r"unique|multilingual|web|code|synthetic|curated) )*tokens\b",
        re.IGNORECASE,
    ),
)

# --- claimed gains ----------------------------------------------------------------------------
_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:\s?%|\s?(?:percentage )?points?|\s?pp\b|\s?pts\b|\s?(?:x|×)(?!\w)|-fold|\s?times)"
_GAIN_KEYWORDS = ("%", "point", "pp", "pts", "x", "×", "fold", "times")
_NUM_UNIT = re.compile(rf"(?<![\w.]){_NUM}{_UNIT}")
_GAIN_AFTER = re.compile(
    r"\s(?:relative |absolute |average |higher |more |lower )?"
    r"(?:speed-?ups?|faster|improvements?|gains?|increases?|boosts?|higher|better|reductions?|fewer|less)\b",
    re.IGNORECASE,
)
_GAIN_BEFORE = re.compile(
    r"\b(?:improv\w*|boost\w*|increas\w*|gain\w*|outperform\w*|surpass\w*|rais\w*|enhanc\w*"
    r"|exceed\w*|reduc\w*|lower\w*|cut\w*|accelerat\w*|speed\w* up|beat\w*)\b[^.;:]{0,80}?"
    r"\bby (?:up to |an average of |on average |over |about |approximately |nearly |roughly "
    r"|as much as |a (?:relative |absolute )?(?:margin|average) of |more than )?"
    rf"(?:{_NUM}\s?(?:-|–|to)\s?)?$"
    rf"|\bfrom {_NUM}\s?%? to $",
    re.IGNORECASE,
)
# A qualitative claim is enough for the cost trap, which readers flag on "improves" without a number.
_GAIN_WORDS = (
    "improv", "outperform", "boost", "surpass", "state-of-the-art", "state of the art", "sota", "gain",
    "better", "higher accuracy", "higher performance", "enhanc", "superior", "exceed",
)  # fmt: skip

# --- inference-cost multipliers ---------------------------------------------------------------
_WORD_NUMBERS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8"}
_MULTIPLIERS: tuple[tuple[_Rule, str | None], ...] = (
    # (rule, how to name the multiplier; None names it by the matched phrase)
    (_Rule(("best-of", "best of"), re.compile(r"\bbest[- ]of[- ](\d+|N|K)\b", re.IGNORECASE)), "best-of-{0}"),
    (
        _Rule(
            ("sample", "generations", "rollouts", "candidate", "paths", "chains", "traces", "parallel"),
            re.compile(
                r"\b(\d+) (?:samples|sampled (?:responses|solutions|candidates)|generations|rollouts"
                r"|candidate (?:responses|solutions|answers)|reasoning (?:paths|chains|traces)"
                r"|parallel (?:paths|samples|chains|threads|trajectories))"
                r"(?: per (?:query|question|problem|prompt|input))?\b",
                re.IGNORECASE,
            ),
        ),
        "{0} samples",
    ),
    (
        _Rule(
            ("rounds", "iterations"),
            re.compile(
                r"\b(\d+|two|three|four|five|multiple) (?:rounds|iterations) of (?:\w+ )?"
                r"(?:refinement|debate|reflection|revision|feedback|self-correction|critique)",
                re.IGNORECASE,
            ),
        ),
        "{0} rounds",
    ),
    (
        _Rule(
            ("agents", "experts", "judges", "verifiers"),
            re.compile(
                r"\b(\d+|two|three|four|five|six|seven|eight) (?:[\w-]+ ){0,2}(?:LLM )?"
                r"(?:agents|experts|judges|verifiers)\b",
                re.IGNORECASE,
            ),
        ),
        "{0} agents",
    ),
    (
        _Rule(("consisten",), re.compile(r"\bself[- ]consisten(?:cy|t)\b", re.IGNORECASE)),
        "self-consistency",
    ),
    (_Rule(("vot",), re.compile(r"\bmajority[- ]vot(?:e|ing)\b|\bvoting\b", re.IGNORECASE)), "majority vote"),
    (
        _Rule(
            ("search", "mcts", "tree-of", "tree of"),
            re.compile(
                r"\b(?:tree|beam|monte[- ]carlo tree|lookahead|guided|step-level) search\b"
                r"|\bMCTS\b|\btree[- ]of[- ]thoughts?\b",
                re.IGNORECASE,
            ),
        ),
        "search",
    ),
    (
        _Rule(
            ("multi-agent", "multi agent", "multiagent"),
            re.compile(r"\bmulti[- ]?agent (?:debate|discussion|collaboration)\b", re.IGNORECASE),
        ),
        None,
    ),
    (_Rule(("ensembl",), re.compile(r"\bensembl\w*\b", re.IGNORECASE)), "ensemble"),
    (
        _Rule(
            (
                "test-time",
                "test time",
                "inference-time",
                "inference time",
                "parallel",
                "repeated",
                "longer",
                "extended",
                "lengthy",
            ),
            re.compile(
                r"\b(?:test|inference)[- ]time (?:scaling|compute|search|computation)\b"
                r"|\b(?:parallel|repeated) (?:sampling|reasoning|thinking|scaling)\b"
                r"|\b(?:longer|extended|lengthy) (?:reasoning|thinking|chains?[- ]of[- ]thought)",
                re.IGNORECASE,
            ),
        ),
        None,
    ),
    (
        _Rule(
            ("refine", "refinement", "reflect", "critique", "correction", "revision"),
            re.compile(
                r"\biterative(?:ly)? (?:self-)?(?:refine\w*|refinement|reflection|revision|critique)"
                r"|\bself[- ](?:refine\w*|reflection|critique|correction)\b",
                re.IGNORECASE,
            ),
        ),
        "refinement rounds",
    ),
)
# Papers that cut inference cost, survey it or study it are not selling a gain bought with cost.
_NOT_A_TRAP = re.compile(
    r"\b(?:survey|review of|we (?:benchmark|evaluate|study|investigate|analy[sz]e)|benchmark for"
    r"|multi[- ]agent reinforcement learning|MARL|reduc\w* (?:the )?(?:inference |computational )?"
    r"(?:cost|latency|overhead|tokens)|fewer tokens|token (?:usage|consumption|savings)|efficient(?:ly)?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact with the sentence that states it."""

    kind: str
    value: str
    sentence: str


@dataclass(frozen=True, slots=True)
class CostTrap:
    """A claimed gain bought with more inference compute.

    ``multiplier`` is the phrase that says how much more ("64 samples"),
    or None when the text does not say ("multiplier not stated").
    """

    multiplier: str | None
    evidence: str
    gain: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything found in one paper."""

    released: tuple[Fact, ...] = ()
    models: tuple[Fact, ...] = ()
    params: tuple[Fact, ...] = ()
    compute: tuple[Fact, ...] = ()
    tokens: tuple[Fact, ...] = ()
    gains: tuple[Fact, ...] = ()
    cost_multipliers: tuple[Fact, ...] = ()
    cost_trap: CostTrap | None = None

    @property
    def released_kinds(self) -> frozenset[str]:
        """Which artifact kinds are released: a subset of code, weights, data, api."""
        return frozenset(f.value for f in self.released)

    def as_dict(self) -> dict[str, Any]:
        """The machine-interface shape (JSON-ready): values only, evidence for the cost trap.

        ``tokens`` (data scale) is an addition to the issue's shape.
        """
        trap = self.cost_trap
        return {
            "released": sorted(self.released_kinds),
            "models": [f.value for f in self.models],
            "params": [f.value for f in self.params],
            "compute": [f.value for f in self.compute],
            "tokens": [f.value for f in self.tokens],
            "gains": [f.value for f in self.gains],
            "cost_trap": None if trap is None else {"multiplier": trap.multiplier, "evidence": trap.evidence},
        }


def sentences(text: str) -> list[str]:
    """Split prose into sentences; good enough for abstracts, not for every edge case."""
    starts = _sentence_starts(text)
    bounds = zip(starts, [*starts[1:], len(text)], strict=True)
    return [piece for piece in (text[a:b].strip() for a, b in bounds) if piece]


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text) if _ends_sentence(text, m.start()))]


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the . ! ? at ``stop`` ends a sentence rather than an abbreviation."""
    head = text[max(stop - 6, 0) : stop + 1]
    for abbreviation in _ABBREVIATIONS:
        if head.endswith(abbreviation):
            before = stop - len(abbreviation)
            # "Seq." is not "Eq.": only a whole word is the abbreviation.
            return before >= 0 and text[before].isalnum()
    return True


class _Text:
    """A paper's parts joined, with a lowercase copy; sentence starts are computed on first use.

    Each part starts a sentence of its own, so a title never runs into the abstract.
    """

    __slots__ = ("_part_starts", "_starts", "lower", "text")

    def __init__(self, parts: list[str]) -> None:
        self.text = "\n\n".join(parts)
        self.lower = self.text.lower()
        self._part_starts = list(accumulate((len(p) + 2 for p in parts[:-1]), initial=0))
        self._starts: list[int] | None = None

    def _sentence_starts(self) -> list[int]:
        if self._starts is None:
            inner = (
                m.end() for m in _SENTENCE_END.finditer(self.text) if _ends_sentence(self.text, m.start())
            )
            self._starts = sorted({*self._part_starts, *inner})
        return self._starts

    def sentence_at(self, pos: int) -> str:
        """The sentence holding character ``pos``."""
        starts = self._sentence_starts()
        i = bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return self.text[starts[i] : end].strip()

    def candidates(self, keywords: tuple[str, ...], *, case: bool = False) -> list[str]:
        """The sentences holding any of the keywords (lowercase unless ``case``), in text order.

        ``str.find`` runs at C speed where a regex scanning every position does
        not: this is what keeps extraction well under a millisecond a paper.
        """
        haystack = self.text if case else self.lower
        positions = []
        for word in keywords:
            at = haystack.find(word)
            while at >= 0:
                positions.append(at)
                at = haystack.find(word, at + 1)
        if not positions:
            return []
        starts = self._sentence_starts()
        indices = sorted({bisect_right(starts, at) - 1 for at in positions})
        ends = [*starts[1:], len(self.text)]
        return [self.text[starts[i] : ends[i]].strip() for i in indices]

    def hits(self, rule: _Rule) -> Iterator[tuple[re.Match[str], str]]:
        """Every match of the rule's pattern in the sentences its keywords point at."""
        for sentence in self.candidates(rule.keywords, case=rule.case):
            for match in rule.pattern.finditer(sentence):
                yield match, sentence


def _collect(text: _Text, rule: _Rule, kind: str) -> tuple[Fact, ...]:
    found: dict[str, Fact] = {}
    for match, sentence in text.hits(rule):
        value = " ".join(match.group(0).split()).rstrip(".,;")
        found.setdefault(value.lower(), Fact(kind, value, sentence))
    return tuple(found.values())


def _models(text: _Text) -> tuple[Fact, ...]:
    # Every model name starts with its family's name: match only where one occurs, never scan.
    found: dict[str, Fact] = {}
    for word in _MODEL_RULE.keywords:
        at = text.text.find(word)
        while at >= 0:
            if at == 0 or not text.text[at - 1].isalnum():
                match = _MODEL_RULE.pattern.match(text.text, at)
                if match:
                    value = match.group(0).rstrip(".")
                    found.setdefault(value.lower(), Fact("model", value, text.sentence_at(at)))
            at = text.text.find(word, at + 1)
    return tuple(sorted(found.values(), key=lambda f: text.text.find(f.value)))


def _gains(text: _Text) -> tuple[Fact, ...]:
    # Anchored on the number, which a fast scan finds; the words around it are checked only there.
    if not any(word in text.lower for word in _GAIN_KEYWORDS):
        return ()
    found: dict[str, Fact] = {}
    for match in _NUM_UNIT.finditer(text.text):
        start = match.start()
        if text.text[max(start - 2, 0) : start].lstrip().endswith("+"):
            value = "+" + match.group(0)
        elif after := _GAIN_AFTER.match(text.text, match.end()):
            value = match.group(0) + after.group(0)
        else:
            window = text.text[max(start - 100, 0) : start]
            lowered = window.lower()
            if "by " not in lowered and "from " not in lowered:
                continue
            before = _GAIN_BEFORE.search(window)
            if before is None:
                continue
            value = window[before.start() :] + match.group(0)
        value = " ".join(value.split())
        found.setdefault(value.lower(), Fact("gain", value, text.sentence_at(start)))
    return tuple(found.values())


def extract_facts(paper: Paper) -> Facts:
    """Find the facts a verdict rests on in a paper's title, abstract, comment and full text."""
    text = _Text([t for t in (paper.title, paper.abstract, paper.comment, paper.full_text) if t])
    multipliers = _multipliers(text)
    gains = _gains(text)
    return Facts(
        released=_released(text, paper.title),
        models=_models(text),
        params=_collect(text, _PARAMS_RULE, "params"),
        compute=_collect(text, _COMPUTE_RULE, "compute"),
        tokens=_collect(text, _TOKENS_RULE, "tokens"),
        gains=gains,
        cost_multipliers=multipliers,
        cost_trap=_cost_trap(paper, text, multipliers, gains),
    )


def _released(text: _Text, title: str) -> tuple[Fact, ...]:
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


def _multipliers(text: _Text) -> tuple[Fact, ...]:
    found: dict[str, Fact] = {}
    for rule, template in _MULTIPLIERS:
        for match, sentence in text.hits(rule):
            if template is None:
                value = " ".join(match.group(0).lower().split())
            else:
                groups = [_WORD_NUMBERS.get(g.lower(), g) for g in match.groups()]
                value = template.format(*groups)
            found.setdefault(value, Fact("cost_multiplier", value, sentence))
    return tuple(found.values())


def _cost_trap(
    paper: Paper, text: _Text, multipliers: tuple[Fact, ...], gains: tuple[Fact, ...]
) -> CostTrap | None:
    """A gain claim and a multiplier: the essay's "2x accuracy may be 10x cost"."""
    if not multipliers:
        return None
    head = f"{paper.title} {paper.abstract[:400]}"
    if _NOT_A_TRAP.search(head):
        return None
    gain = gains[0].value if gains else None
    if gain is None and not any(word in text.lower for word in _GAIN_WORDS):
        return None
    # Only a number says how much the cost grows; "self-consistency" alone says only that it does.
    stated = [f for f in multipliers if any(c.isdigit() for c in f.value)]
    evidence = (stated or list(multipliers))[0]
    return CostTrap(multiplier=evidence.value if stated else None, evidence=evidence.sentence, gain=gain)
