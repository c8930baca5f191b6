"""SARIF 2.1.0 report, for code-scanning tools (GitHub code scanning, IDE viewers).

One run; one rule (``reportingDescriptor``) per rule that has a result, carrying its
METADATA: remediation as help, risk, evidence, CWE and OWASP ids as properties, and the
CWE / OWASP ids again as relationships to the run's taxonomies (SARIF §3.19.3: a
classification belongs in a taxonomy, not in a tag). GitHub code scanning reads CWE
only from ``external/cwe/cwe-N`` tags and severity from ``security-severity``, so both are
there too. Waived findings are results with an accepted external suppression.

Everything the repository controls (paths, messages) is plain text here: control and
invisible characters are escaped, ``[`` and ``]`` are escaped as SARIF requires for plain
text messages (§3.11.6: they would start an embedded link), and paths become
percent-encoded relative URIs (§3.10.2) under ``%SRCROOT%``. A finding about the
repository as a whole is anchored at ``.aipolicy.yaml`` (``repositoryLevel: true``).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aipolicy import __version__
from aipolicy.facts import SEVERITIES
from aipolicy.report.escape import for_terminal

if TYPE_CHECKING:
    from aipolicy.core import CheckResult
    from aipolicy.decision import Finding, Waiver

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
"""Finding severity -> SARIF result level (§3.27.10)."""

SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
"""Finding severity -> GitHub ``security-severity`` (a CVSS-like score; info has none)."""

TAXONOMIES: tuple[dict[str, Any], ...] = (
    {
        "name": "CWE",
        "organization": "MITRE",
        "version": "4.16",
        "informationUri": "https://cwe.mitre.org/",
        "shortDescription": {"text": "Common Weakness Enumeration"},
    },
    {
        "name": "OWASP-LLM-Top-10",
        "organization": "OWASP",
        "version": "2025",
        "informationUri": "https://genai.owasp.org/llm-top-10/",
        "shortDescription": {"text": "OWASP Top 10 for Large Language Model Applications"},
    },
    {
        "name": "OWASP-Agentic-Top-10",
        "organization": "OWASP",
        "version": "2026",
        "informationUri": "https://genai.owasp.org/",
        "shortDescription": {"text": "OWASP Top 10 for Agentic Applications"},
    },
)
_CWE, _LLM, _AGENTIC = 0, 1, 2

REPOSITORY_ANCHOR = ".aipolicy.yaml"
"""Where a finding about the repository as a whole (location ``.``) is anchored: GitHub
code scanning rejects a whole upload when one result has no physical location, and the
manifest is where a project's AI policy lives."""

_BRACKET = re.compile(r"([\[\]])")


def plain(text: str) -> str:
    """Repository-controlled text made safe for a SARIF plain-text message."""
    return _BRACKET.sub(r"\\\1", for_terminal(text, keep_newlines=True))


def artifact_uri(path: str) -> str:
    """A repository path as a relative URI reference (percent-encoded, never absolute)."""
    raw = path.lstrip("/").encode("utf-8", "surrogateescape")
    uri = quote(raw, safe="/-._~")
    return uri or "."


def _taxonomy_of(owasp_id: str) -> int:
    return _LLM if owasp_id.startswith("LLM") else _AGENTIC


class SarifReporter:
    name = "sarif"

    def render(self, result: CheckResult) -> str:
        decision = result.decision
        judged = [(finding, None) for finding in decision.findings]
        waived = [(entry.finding, entry.waiver) for entry in decision.waived]
        everything: list[tuple[Finding, Waiver | None]] = [*judged, *waived]
        first: dict[str, Finding] = {}  # each rule's first finding carries its METADATA
        for finding, _ in everything:
            first.setdefault(finding.rule, finding)
        rule_ids = sorted(first)
        index = {rule: i for i, rule in enumerate(rule_ids)}
        taxa = self._taxa(list(first.values()))
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "aipolicy",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [self._rule(first[rule], taxa) for rule in rule_ids],
                    "supportedTaxonomies": [
                        {"name": taxonomy["name"], "index": i}
                        for i, taxonomy in enumerate(TAXONOMIES)
                    ],
                }
            },
            "taxonomies": [
                {**taxonomy, "taxa": [{"id": t} for t in sorted(taxa[i], key=_taxon_order)]}
                for i, taxonomy in enumerate(TAXONOMIES)
            ],
            "invocations": [{"executionSuccessful": True}],
            "originalUriBaseIds": {
                "%SRCROOT%": {"description": {"text": "The root of the repository checked."}}
            },
            "results": [
                self._result(finding, waiver, index[finding.rule], decision.fail_on)
                for finding, waiver in everything
            ],
            "properties": {
                "verdict": decision.verdict,
                "failOn": decision.fail_on,
                "policyRevision": result.policy.revision,
                "eligibility": {
                    "status": decision.eligibility.status,
                    "classification": decision.eligibility.classification,
                    "classificationSource": decision.eligibility.classification_source,
                    "allowedTools": list(decision.eligibility.allowed_tools),
                    "assistantsInUse": list(decision.eligibility.assistants_in_use),
                },
            },
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, indent=2, ensure_ascii=True) + "\n"

    @staticmethod
    def _taxa(findings: list[Finding]) -> list[set[str]]:
        taxa: list[set[str]] = [set(), set(), set()]
        for finding in findings:
            taxa[_CWE].update(cwe.removeprefix("CWE-") for cwe in finding.cwe)
            for owasp in finding.owasp:
                taxa[_taxonomy_of(owasp)].add(owasp)
        return taxa

    @staticmethod
    def _rule(finding: Finding, taxa: list[set[str]]) -> dict[str, Any]:
        severity = finding.original_severity or finding.severity
        relationships = [
            {
                "target": {
                    "id": cwe.removeprefix("CWE-"),
                    "toolComponent": {"name": TAXONOMIES[_CWE]["name"], "index": _CWE},
                },
                "kinds": ["relevant"],
            }
            for cwe in finding.cwe
        ] + [
            {
                "target": {
                    "id": owasp,
                    "toolComponent": {
                        "name": TAXONOMIES[_taxonomy_of(owasp)]["name"],
                        "index": _taxonomy_of(owasp),
                    },
                },
                "kinds": ["relevant"],
            }
            for owasp in finding.owasp
        ]
        properties: dict[str, Any] = {
            "tags": [
                "security",
                *(f"external/cwe/{cwe.lower()}" for cwe in finding.cwe),
                *(f"external/owasp/{owasp.lower()}" for owasp in finding.owasp),
            ],
            "precision": "high",
            "problem.severity": LEVELS[severity].replace("note", "recommendation"),
            "severity": severity,
            "cwe": list(finding.cwe),
            "owasp": list(finding.owasp),
            "evidence": list(finding.evidence),
            "risk": finding.risk,
        }
        if severity in SECURITY_SEVERITY:
            properties["security-severity"] = SECURITY_SEVERITY[severity]
        rule: dict[str, Any] = {
            "id": finding.rule,
            "name": _pascal(finding.title),
            "shortDescription": {"text": finding.title},
            "fullDescription": {"text": finding.description or finding.title},
            "help": {
                "text": _help_text(finding),
                "markdown": _help_markdown(finding),
            },
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": properties,
        }
        if relationships:
            rule["relationships"] = relationships
        return rule

    @staticmethod
    def _result(
        finding: Finding, waiver: Waiver | None, rule_index: int, fail_on: str
    ) -> dict[str, Any]:
        location = finding.location
        repository_level = location.path in {".", ""}
        path = REPOSITORY_ANCHOR if repository_level else location.path
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": artifact_uri(path), "uriBaseId": "%SRCROOT%"}
        }
        if location.line is not None:
            physical["region"] = {"startLine": location.line}
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_index,
            "level": LEVELS[finding.severity],
            "message": {"text": plain(finding.message)},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"aipolicyFinding/v1": _fingerprint(finding)},
            "properties": {
                "severity": finding.severity,
                "context": finding.context,
                "failsGate": waiver is None and _at_least(finding.severity, fail_on),
                "repositoryLevel": repository_level,
            },
        }
        if finding.original_severity is not None:
            result["properties"]["originalSeverity"] = finding.original_severity
        if waiver is not None:
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": plain(
                        f"{waiver.reason} (approved by {waiver.approver}, expires {waiver.expires})"
                    ),
                }
            ]
        return result


def _at_least(severity: str, threshold: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)


def _taxon_order(taxon: str) -> tuple[int, str]:
    return (int(taxon), "") if taxon.isdigit() else (0, taxon)


def _pascal(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _fingerprint(finding: Finding) -> str:
    """Stable across line moves: rule, path and message, not the line number."""
    key = "\0".join((finding.rule, finding.location.path, finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _help_text(finding: Finding) -> str:
    parts = [finding.remediation or finding.title]
    if finding.risk:
        parts.append(f"Risk: {finding.risk}")
    if finding.evidence:
        parts.append("Evidence: " + "; ".join(finding.evidence))
    return "\n\n".join(part.strip() for part in parts)


def _help_markdown(finding: Finding) -> str:
    # Rule METADATA is the organisation's policy text, not repository content: it is
    # Markdown already (backticks, lists) and rendered as such.
    parts = [finding.remediation.strip() or finding.title]
    if finding.risk:
        parts.append(f"**Risk.** {finding.risk.strip()}")
    if finding.evidence:
        parts.append("**Evidence.**\n\n" + "\n".join(f"- {e}" for e in finding.evidence))
    return "\n\n".join(parts)
