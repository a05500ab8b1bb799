"""Weights for the rules, and the verdict they add up to.

The weights are a multinomial logistic regression over the rules that fire: each
outcome (invitation, interview_related, not_invitation) has a bias and one weight per
rule; a message's score for an outcome is its bias plus the weights of the rules that
fired, and the outcome with the highest score wins. They are fitted on labelled mail
by ``scripts/fit-weights`` (seeded, reproducible) and shipped in ``weights.json``
beside this module. Inference is a few additions: no numerical library at run time.

One constraint is structural, not fitted: a message in which no rule of the
``interview`` group fired, or no rule that asks the reader for something, is never an
invitation, whatever else it says.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mailer.core.model import Category
from mailer.core.recognise.reading import Hit
from mailer.core.recognise.rules import RULES, Rule, can_invite

__all__ = ["CLASSES", "Weights", "load_weights", "score"]

CLASSES: tuple[Category, ...] = (
    Category.INVITATION,
    Category.INTERVIEW_RELATED,
    Category.NOT_INVITATION,
)


@dataclass(frozen=True, slots=True)
class Weights:
    """Per outcome, a bias; per rule and outcome, a weight (missing = 0)."""

    bias: Mapping[str, float]
    rules: Mapping[str, Mapping[str, float]]
    #: The invitation probability a message needs to be called an invitation: above
    #: one half, so that a doubtful message gets no draft (a missed invitation costs
    #: the user one decline by hand; a false draft is a visible mistake).
    threshold: float = 0.5

    def of(self, rule: str, category: Category) -> float:
        return self.rules.get(rule, {}).get(category.value, 0.0)

    def to_json(self, meta: Mapping[str, object] | None = None) -> str:
        names = [r.name for r in RULES]
        data = {
            "about": "Fitted by scripts/fit-weights; do not edit by hand.",
            "meta": dict(meta or {}),
            "threshold": self.threshold,
            "bias": {c.value: round(self.bias.get(c.value, 0.0), 4) for c in CLASSES},
            "rules": {
                n: {c.value: round(self.rules.get(n, {}).get(c.value, 0.0), 4) for c in CLASSES}
                for n in names
            },
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Weights:
        data = json.loads(text)
        bias = {str(k): float(v) for k, v in data["bias"].items()}
        rules = {
            str(n): {str(k): float(v) for k, v in per.items()} for n, per in data["rules"].items()
        }
        return cls(bias=bias, rules=rules, threshold=float(data.get("threshold", 0.5)))


@cache
def load_weights() -> Weights:
    """The shipped weights (read once)."""
    text = resources.files("mailer.core.recognise").joinpath("weights.json").read_text("utf-8")
    return Weights.from_json(text)


@dataclass(frozen=True, slots=True)
class Scored:
    category: Category
    probabilities: Mapping[Category, float]
    reasons: tuple[str, ...]


def _softmax(scores: Mapping[Category, float]) -> dict[Category, float]:
    top = max(scores.values())
    exp = {c: math.exp(s - top) for c, s in scores.items()}
    total = sum(exp.values())
    return {c: e / total for c, e in exp.items()}


def score(fired: Sequence[tuple[Rule, Hit]], /, *, weights: Weights | None = None) -> Scored:
    """Add up the weights of the rules that fired and choose the outcome.

    The reasons are the fired rules ordered by how much each pushed the chosen outcome
    ahead of the others (its weight for that outcome minus its mean weight for the
    others), with that amount.
    """
    w = weights or load_weights()
    decided = next((rh for rh in fired if rh[0].decides is not None), None)
    if decided is not None:
        rule, hit = decided
        category = rule.decides
        assert category is not None
        rest = tuple(_line(r, h, 0.0) for r, h in fired if r is not rule)
        return Scored(category, {category: 1.0}, (_line(rule, hit, math.inf), *rest))
    allowed = (
        list(CLASSES) if can_invite(fired) else [c for c in CLASSES if c is not Category.INVITATION]
    )
    scores = {
        c: w.bias.get(c.value, 0.0) + sum(w.of(rule.name, c) for rule, _ in fired) for c in allowed
    }
    probabilities = _softmax(scores)
    if probabilities.get(Category.INVITATION, 0.0) >= w.threshold:
        chosen = Category.INVITATION
    else:
        chosen = max((c for c in allowed if c is not Category.INVITATION), key=lambda c: scores[c])
    others = [c for c in allowed if c is not chosen]

    def share(rule: Rule) -> float:
        mean = sum(w.of(rule.name, c) for c in others) / len(others) if others else 0.0
        return w.of(rule.name, chosen) - mean

    ranked = sorted(fired, key=lambda rh: share(rh[0]), reverse=True)
    if chosen is Category.INVITATION:
        # What made an invitation possible comes first: the interview named and what
        # the reader is asked (the structural condition above), then the rest.
        first = [
            next(rh for rh in ranked if rh[0].group == "interview"),
            next(rh for rh in ranked if rh[0].asks),
        ]
        ranked = list(dict.fromkeys(first)) + [rh for rh in ranked if rh not in first]
    reasons = tuple(
        _line(rule, hit, share(rule))
        for rule, hit in ranked
        if abs(share(rule)) >= 0.05 or rule.group == "interview" or rule.asks
    )
    return Scored(chosen, probabilities, reasons)


def _line(rule: Rule, hit: Hit, share: float) -> str:
    said = f": \u201c{hit.phrase}\u201d" if hit.phrase != rule.label else ""
    if share == math.inf:
        return f"{rule.label}{said} (decides)"
    return f"{rule.label}{said} ({share:+.1f})"
