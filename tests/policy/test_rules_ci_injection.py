"""CI injection rules (AIP210-AIP239) end to end: real workflows, collected and judged.

Until the ``agentic_workflows`` section is wired into the facts, the tests add it
themselves and evaluate with the embedded engine directly (``core.evaluate`` would
validate the facts against a schema that does not know the section yet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aipolicy.collect import collect_facts
from aipolicy.collect.gh_aw import AgenticWorkflowsCollector
from aipolicy.collect.repo import Repo
from aipolicy.core import check
from aipolicy.engine import create_engine
from tests.conftest import FIXTURES, NOW

REPOS = FIXTURES / "repos"


def _decision(repo: str, policy: Any) -> dict[str, Any]:
    path = REPOS / repo
    facts = collect_facts(path, now=NOW).to_input()
    facts.setdefault("agentic_workflows", AgenticWorkflowsCollector().collect(Repo(path)).to_json())
    return create_engine("embedded", policy).evaluate(facts)


def _findings(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {
        (f["rule"], f["location"]["path"], f["location"].get("line"))
        for f in _decision(repo, policy)["findings"]
        if 210 <= int(f["rule"][3:]) <= 239
    }


def _messages(repo: str, policy: Any, rule: str) -> list[str]:
    return sorted(f["message"] for f in _decision(repo, policy)["findings"] if f["rule"] == rule)


def test_an_issue_title_piped_into_claude_on_issues(current_policy: Any) -> None:
    triage = ".github/workflows/issue-triage.yml"
    summary = ".github/workflows/pr-summary.yml"
    assert _findings("ciinj-issue-title", current_policy) == {
        # issue title (directly) and body (through job env) in the prompt, on `issues`
        ("AIP210", triage, 22),
        # `gh issue view ... > issue.json` in the step before the agent
        ("AIP212", triage, 22),
        # ${{ steps.claude.outputs.label }} pasted into a later script
        ("AIP213", triage, 22),
        # github.head_ref through env into `codex exec`, on pull_request
        ("AIP211", summary, 17),
        # the agent's output evaluated by the next step
        ("AIP213", summary, 17),
    }


def test_messages_say_what_reaches_the_prompt(current_policy: Any) -> None:
    [message] = _messages("ciinj-issue-title", current_policy, "AIP210")
    assert message == (
        "claude-code in job 'triage' of .github/workflows/issue-triage.yml puts "
        "attacker-controlled text into its prompt on issues: github.event.issue.body "
        "through job env ISSUE_BODY in input prompt; github.event.issue.title in input prompt"
    )


def test_gh_aw_lock_problems(current_policy: Any) -> None:
    base = ".github/workflows/"
    assert _findings("ciinj-gh-aw", current_policy) == {
        ("AIP220", base + "missing-lock.md", 2),
        ("AIP221", base + "stale-lock.md", 2),
        ("AIP222", base + "loose.md", 6),
        ("AIP223", base + "loose.md", 8),
    }


def test_hardened_read_only_agent_has_no_findings(current_policy: Any) -> None:
    assert _findings("ciinj-hardened", current_policy) == set()


def test_fixture_locks_match_their_sources() -> None:
    facts = AgenticWorkflowsCollector().collect(Repo(Path(REPOS / "ciinj-hardened")))
    [workflow] = facts.workflows
    assert workflow.lock.frontmatter_hash == workflow.frontmatter_hash is not None


def test_gitlab_merge_request_title_in_an_agent_prompt(current_policy: Any) -> None:
    decision = check(REPOS / "ciinj-gitlab", current_policy, now=NOW).decision
    found = {
        (f.rule, f.severity, f.location.path, f.location.line)
        for f in decision.findings
        if f.rule == "AIP214"
    }
    assert found == {("AIP214", "critical", ".gitlab-ci.yml", 9)}
