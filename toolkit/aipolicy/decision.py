"""The decision, as typed data: decoded from the policy's JSON in exactly one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aipolicy.engine.interface import EngineError


@dataclass(frozen=True)
class Location:
    """Where a finding points."""

    path: str
    """Path relative to the repository root ('.' for the repository itself)."""
    line: int | None
    """1-based line, if known."""


@dataclass(frozen=True)
class Finding:
    """One violation of one rule."""

    rule: str
    """Rule id (e.g. AIP011)."""
    title: str
    """Rule title."""
    severity: str
    """info, low, medium, high or critical."""
    message: str
    """This finding in one sentence."""
    remediation: str
    """What to do about it."""
    description: str
    """What the rule checks."""
    risk: str
    """The risk the rule addresses."""
    location: Location
    """Where it is."""
    context: str = "project"
    """project, or example (docs, templates, fixtures: judged with a lower severity)."""
    original_severity: str | None = None
    """For example findings, the rule's own severity before it was lowered."""
    cwe: tuple[str, ...] = ()
    """CWE ids of the weakness the rule addresses."""
    owasp: tuple[str, ...] = ()
    """OWASP LLM (2025) / Agentic (2026) Top 10 ids the rule maps to."""
    evidence: tuple[str, ...] = ()
    """Vendor documentation or advisories the rule rests on, with the date verified."""


@dataclass(frozen=True)
class Waiver:
    """The org-data exception covering a finding."""

    reason: str
    approver: str
    expires: str
    """Last day it applies (YYYY-MM-DD)."""
    path: str
    """Glob of the paths it covers."""


@dataclass(frozen=True)
class WaivedFinding:
    """A finding a current waiver covers: reported, not judged."""

    finding: Finding
    waiver: Waiver


@dataclass(frozen=True)
class Eligibility:
    """May the project use AI assistants, and which."""

    status: str
    """allowed, restricted or prohibited."""
    classification: str
    """Effective classification."""
    classification_source: str
    """manifest, inventory or default."""
    allowed_tools: tuple[str, ...]
    """Tool ids the project may use."""
    assistants_in_use: tuple[str, ...]
    """Tool ids configured in the repository."""


@dataclass(frozen=True)
class Decision:
    """What the policy decided."""

    verdict: str
    """pass or fail."""
    fail_on: str
    """The severity threshold used."""
    eligibility: Eligibility
    findings: tuple[Finding, ...]
    waived: tuple[WaivedFinding, ...]
    summary: dict[str, Any]
    """Counts: total, failing, by_severity."""
    raw: dict[str, Any]
    """The decision document exactly as the policy returned it."""

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Decision:
        """Decode a decision document that is valid against schema/decision."""
        try:
            elig = doc["eligibility"]
            findings = tuple(_finding(f) for f in doc["findings"])
            waived = tuple(WaivedFinding(_finding(f), Waiver(**f["waiver"])) for f in doc["waived"])
            return cls(
                verdict=doc["verdict"],
                fail_on=doc["fail_on"],
                eligibility=Eligibility(
                    status=elig["status"],
                    classification=elig["classification"],
                    classification_source=elig["classification_source"],
                    allowed_tools=tuple(elig["allowed_tools"]),
                    assistants_in_use=tuple(elig["assistants_in_use"]),
                ),
                findings=findings,
                waived=waived,
                summary=doc["summary"],
                raw=doc,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise EngineError(f"the policy returned a malformed decision ({exc!r}).") from None


def _finding(f: dict[str, Any]) -> Finding:
    return Finding(
        rule=f["rule"],
        title=f["title"],
        severity=f["severity"],
        message=f["message"],
        remediation=f["remediation"],
        description=f["description"],
        risk=f["risk"],
        location=Location(f["location"]["path"], f["location"].get("line")),
        context=f.get("context", "project"),
        original_severity=f.get("original_severity"),
        cwe=tuple(f.get("cwe", ())),
        owasp=tuple(f.get("owasp", ())),
        evidence=tuple(f.get("evidence", ())),
    )
