"""The facts found in one paper, each with the sentence it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
