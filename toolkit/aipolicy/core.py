"""The check: collect facts, validate them, evaluate with an engine, decode the decision.

The CLI calls :func:`check`; so will ``scan``, the docs plugin and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aipolicy.collect import collect_facts
from aipolicy.decision import Decision
from aipolicy.engine import EngineError, create_engine
from aipolicy.facts import Facts
from aipolicy.policy import LoadedPolicy
from aipolicy.validation import schema_errors


@dataclass(frozen=True)
class CheckResult:
    """Everything one check produced."""

    path: Path
    """The repository checked, as given."""
    facts: Facts
    decision: Decision
    policy: LoadedPolicy


def evaluate(
    facts_input: dict[str, Any], policy: LoadedPolicy, engine: str = "embedded"
) -> Decision:
    """Evaluate a facts document; the decision must be complete and schema-valid."""
    problems = schema_errors(facts_input, "repo-facts")
    if problems:
        raise EngineError("the collected facts are not valid:\n  " + "\n  ".join(problems))
    document = create_engine(engine, policy).evaluate(facts_input)
    problems = schema_errors(document, "decision")
    if problems:
        raise EngineError(
            "the policy returned an incomplete decision:\n  " + "\n  ".join(problems),
            hint="A custom rule may emit findings without the shared helper "
            "(data.aipolicy.lib.findings.finding); the check fails closed.",
        )
    return Decision.from_json(document)


def check(
    path: Path,
    policy: LoadedPolicy,
    *,
    engine: str = "embedded",
    now: str | None = None,
    fail_on: str = "high",
    repository: str | None = None,
) -> CheckResult:
    """Check the repository at ``path`` against ``policy``."""
    facts = collect_facts(path, now=now, fail_on=fail_on, repository=repository)
    decision = evaluate(facts.to_input(), policy, engine)
    return CheckResult(path, facts, decision, policy)
