"""Facts a verdict rests on, each with the sentence it came from.

A pure function over a paper's text (title, abstract, comment and full text
when present): no I/O. It finds released artifacts, model names and sizes,
compute, data scale, claimed gains, inference-cost multipliers, and the cost
trap (a claimed gain bought with a multiplier). One module per fact kind;
:mod:`quarterdeck.facts.text` holds the shared sentence search.
"""

from __future__ import annotations

from quarterdeck.facts.cost import multipliers, rule_trap
from quarterdeck.facts.gains import gains
from quarterdeck.facts.quantities import COMPUTE_RULE, PARAMS_RULE, TOKENS_RULE, models
from quarterdeck.facts.records import CostTrap, Fact, Facts
from quarterdeck.facts.released import released
from quarterdeck.facts.text import Text, collect, sentences
from quarterdeck.facts.trap_model import CostTrapModel, bundled_trap_model, learned_trap
from quarterdeck.records import Paper

__all__ = ["CostTrap", "CostTrapModel", "Fact", "Facts", "extract_facts", "sentences"]


def extract_facts(
    paper: Paper, *, trap_model: CostTrapModel | None = None, rules_only: bool = False
) -> Facts:
    """Find the facts a verdict rests on in a paper's title, abstract, comment and full text.

    The cost trap is the learned detector's call (``trap_model``, by default
    the bundled one) told with the rules' evidence; ``rules_only`` (or a
    package without a model file) uses the rules alone.
    """
    text = Text([t for t in (paper.title, paper.abstract, paper.comment, paper.full_text) if t])
    found_multipliers = multipliers(text)
    found_gains = gains(text)
    trap = rule_trap(paper, text, found_multipliers, found_gains)
    model = None if rules_only else trap_model or bundled_trap_model()
    if model is not None:
        trap = learned_trap(model, paper, text, found_multipliers, found_gains, trap)
    return Facts(
        released=released(text, paper.title),
        models=models(text),
        params=collect(text, PARAMS_RULE, "params"),
        compute=collect(text, COMPUTE_RULE, "compute"),
        tokens=collect(text, TOKENS_RULE, "tokens"),
        gains=found_gains,
        cost_multipliers=found_multipliers,
        cost_trap=trap,
    )
