"""Model names and sizes, compute (GPU counts and hours) and data scale (tokens)."""

from __future__ import annotations

import re

from quarterdeck.facts.records import Fact
from quarterdeck.facts.text import Rule, Text

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
_MODEL_RULE = Rule(
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
PARAMS_RULE = Rule(
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
COMPUTE_RULE = Rule(
    ("gpu", "a100", "h100", "h200", "h800", "h20", "a800", "v100", "b200", "tpu", "rtx", "npu", "l40",
     "a6000", "mi250", "mi300", "ascend"),
    re.compile(
        rf"\b{_COUNT}\s?(?:x\s?|×\s?)?{_GPU_TYPES}(?:[- ](?:80|40|24|32|16)\s?GB)?(?: GPUs?| cards?)?s?\b"
        r"|\b\d[\d,.]*\s?[KkM]?\+?\s(?:A100|H100|H800|GPU|TPU|NPU)[- ]?(?:hours?|days?)\b",
        re.IGNORECASE,
    ),
)  # fmt: skip
TOKENS_RULE = Rule(
    ("tokens",),
    re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:[BT]|billion|trillion)\+?\s(?:(?:high-quality|training|pre-?training|text|"
        r"unique|multilingual|web|code|synthetic|curated) )*tokens\b",
        re.IGNORECASE,
    ),
)


def models(text: Text) -> tuple[Fact, ...]:
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
