"""No Rego rule builds a regular expression or glob pattern from repository input.

OPA's Wasm library keeps at most 100 compiled patterns per evaluation and breaks past that
(tests/engine/test_embedded.py pins the bug). Constant patterns are bounded; a pattern
computed from input is not, because a repository decides how many distinct ones there are.
Every call of a pattern builtin must therefore take a literal, a named constant, or one of
the org-data patterns listed here (bounded by MAX_ORG_GLOBS in policy/orgdata.py). Input
is matched with policies/lib/wildcard.rego or by extracting with a constant pattern.
"""

from __future__ import annotations

import re

from tests.conftest import ROOT

POLICIES = ROOT / "policies"
PATTERN_CALL = re.compile(
    r"\b(regex\.(?:match|find_all_string_submatch_n|split|is_valid|template_match|globs_match)"
    r"|glob\.match)\(\s*([^,]+),"
)

CONSTANTS = {
    ("lib/shell.rego", "every_command_pattern"),
    ("rules/agent_hardening/claude.rego", "_network_command_prefix"),
    ("rules/ai_in_ci/workflow_run.rego", "same_repository_test"),
    ("rules/ai_in_ci/workflow_run.rego", "triggering_head"),
    ("rules/ci_agent_settings/ci_agent_settings.rego", "pattern"),  # from the constant _whole_shell
    ("rules/ci_injection/ci_injection.rego", "gh_fetch"),
    ("rules/ci_injection/ci_injection.rego", "untrusted_pattern"),
    ("rules/ci_injection/references.rego", "code_trigger"),
    ("rules/ci_injection/references.rego", "identifier"),
    ("rules/parse_errors/parse_errors.rego", "managed_config_pattern"),
    ("rules/permissions/permissions.rego", 'concat(""'),  # constant pieces only
    ("rules/sandbox/sandbox.rego", "_agent_command"),
    ("rules/sandbox/sandbox.rego", "_agent_words"),
    ("rules/sandbox/sandbox.rego", "_engine_socket"),
    ("rules/sandbox/sandbox.rego", "_firewall_rules"),
    ("rules/sandbox/sandbox.rego", "_firewall_script"),
    ("rules/sandbox/sandbox.rego", "_privileged_feature"),
    ("rules/sandbox/sandbox.rego", "_socket_feature"),
    ("rules/sandbox/sandbox.rego", "_unconfined"),
}
"""Calls whose pattern is a named constant of the policy (reviewed)."""

ORG_DATA = {
    ("lib/context.rego", "pattern"),  # contexts.example.paths
    ("lib/waiver.rego", "w.path"),  # exceptions[].path
    ("rules/mcp/mcp.rego", "pattern"),  # mcp.allowed_servers[].url with a `*`
}
"""Calls whose pattern comes from org data, counted against MAX_ORG_GLOBS."""


def pattern_calls() -> list[tuple[str, int, str]]:
    calls: list[tuple[str, int, str]] = []
    for path in sorted(POLICIES.rglob("*.rego")):
        if path.name.endswith("_test.rego"):
            continue
        rel = path.relative_to(POLICIES).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            calls.extend((rel, number, m.group(2).strip()) for m in PATTERN_CALL.finditer(line))
    return calls


def test_the_scan_finds_the_pattern_calls() -> None:
    calls = pattern_calls()
    assert len(calls) > 40
    assert ("lib/context.rego", "pattern") in {(rel, arg) for rel, _, arg in calls}


def test_no_pattern_is_built_from_repository_input() -> None:
    computed = [
        f"{rel}:{number}: {arg}"
        for rel, number, arg in pattern_calls()
        if not arg.startswith(("`", '"')) and (rel, arg) not in CONSTANTS | ORG_DATA
    ]
    assert computed == [], (
        "a regex/glob pattern that is not a literal or a reviewed constant: match input with "
        "lib/wildcard.rego or extract with a constant pattern instead (see this module)"
    )


def test_the_reviewed_constants_are_still_constants() -> None:
    """Each named constant is defined once, at the top level, as a literal or a concat of
    literals and constants."""
    for rel, name in CONSTANTS:
        if not name.isidentifier() or name == "pattern":
            continue
        text = (POLICIES / rel).read_text()
        definition = re.search(rf"^{re.escape(name)} := (.+)$", text, re.MULTILINE)
        assert definition is not None, (rel, name)
        assert definition.group(1).lstrip().startswith(("`", '"', "concat(", "sprintf(")), (
            rel,
            name,
        )
