"""gh-aw workflows, their lock files and source hashes; env expressions and step ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.gh_aw import (
    AgenticWorkflowsCollector,
    AgenticWorkflowsFacts,
    EnvExpression,
    LockFile,
    WorkflowScope,
    frontmatter_hash,
    split_frontmatter,
)
from aipolicy.collect.repo import Repo
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
# Until the lead merges it into the repo-facts schema, the section's schema is a fragment.

# A real gh-aw source (githubnext/agentics daily-repo-status, as vendored by Azure/git-ape
# at fc5db7fa) and the frontmatter_hash gh-aw v0.88.7 recorded for it in its lock file.
DAILY = """---
description: |
  This workflow creates daily repo status reports. It gathers recent repository
  activity (issues, PRs, discussions, releases, code changes) and generates
  engaging GitHub issues with productivity insights, community highlights,
  and project recommendations.

on:
  # 08:00 SGT (UTC+8) every day = 00:00 UTC
  schedule:
    - cron: "0 0 * * *"
  workflow_dispatch:

permissions:
  contents: read
  issues: read
  pull-requests: read
  copilot-requests: write

network: defaults

tools:
  bash: false
  cli-proxy: false
  github:
    # If in a public repo, setting `lockdown: false` allows
    # reading issues, pull requests and comments from 3rd-parties
    # If in a private repo this has no particular effect.
    lockdown: false
    min-integrity: none # This workflow is allowed to examine and comment on any issues

safe-outputs:
  mentions: false
  allowed-github-references: []
  create-issue:
    title-prefix: "[repo-status] "
    labels: [report, daily-status]
    close-older-issues: true
source: githubnext/agentics/workflows/daily-repo-status.md@fc4ab36dedc44e2a1cdc195cecce262f06c81230
---

# Daily Repo Status

Create an upbeat daily status report for the repo as a GitHub issue.
"""
DAILY_HASH = "d08a835feeac59cb40f951e059683d5017f96e0a7d66e5b02e111009da166b02"


def collect(path: Path) -> AgenticWorkflowsFacts:
    return AgenticWorkflowsCollector().collect(Repo(path))


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_hash_of_a_real_workflow_matches_the_hash_its_lock_recorded(tmp_path: Path) -> None:
    root = write(tmp_path, {".github/workflows/daily-repo-status.md": DAILY})
    rel = ".github/workflows/daily-repo-status.md"
    assert frontmatter_hash(Repo(root), rel, DAILY) == DAILY_HASH
    crlf = DAILY.replace("\n", "\r\n")
    assert frontmatter_hash(Repo(root), rel, crlf) == DAILY_HASH


def test_env_and_vars_expressions_of_the_body_change_the_hash(tmp_path: Path) -> None:
    root = write(tmp_path, {"x": ""})
    repo = Repo(root)
    base = "---\non: push\n---\n\nHello ${{ github.event.issue.number }}\n"
    with_var = "---\non: push\n---\n\nHello ${{ vars.MODEL }}\n"
    assert frontmatter_hash(repo, "a.md", base) == frontmatter_hash(
        repo, "a.md", "---\non: push\n---\nOther body\n"
    )
    assert frontmatter_hash(repo, "a.md", base) != frontmatter_hash(repo, "a.md", with_var)


def test_imports_are_hashed_and_runtime_imports_are_not_guessed(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            ".github/workflows/shared/tools.md": "---\ntools:\n  github:\n---\nplain body\n",
            ".github/workflows/shared/expr.md": "---\n---\nIssue ${{ github.event.issue.number }}",
        },
    )
    repo = Repo(root)
    one = "---\non: push\nimports:\n  - shared/tools.md\n---\nbody\n"
    alone = "---\non: push\nimports:\n  - shared/tools.md\n---\nbody\n".replace(
        "shared/tools.md", "shared/missing.md"
    )
    assert frontmatter_hash(repo, ".github/workflows/a.md", one) is not None
    assert frontmatter_hash(repo, ".github/workflows/a.md", one) != frontmatter_hash(
        repo, ".github/workflows/a.md", alone
    )
    expr = "---\non: push\nimports:\n  - shared/expr.md\n---\nbody\n"
    assert frontmatter_hash(repo, ".github/workflows/a.md", expr) is None
    runtime = "---\non: push\n---\n{{#runtime-import shared/tools.md}}\n"
    assert frontmatter_hash(repo, ".github/workflows/a.md", runtime) is None
    outside = "---\non: push\nimports:\n  - ../../../../etc/passwd\n---\nbody\n"
    assert frontmatter_hash(repo, ".github/workflows/a.md", outside) is not None


def test_split_frontmatter_like_the_compiler() -> None:
    assert split_frontmatter("---\na: 1\n---\nbody") == ("a: 1", "body")
    assert split_frontmatter("no frontmatter") == ("", "no frontmatter")
    assert split_frontmatter("---\na: 1\n") is None


def test_gh_aw_fixture(tmp_path: Path) -> None:
    facts = collect(REPOS / "ciinj-gh-aw")
    by_path = {w.path: w for w in facts.workflows}
    assert sorted(by_path) == [
        ".github/workflows/loose.md",
        ".github/workflows/missing-lock.md",
        ".github/workflows/stale-lock.md",
    ]
    missing = by_path[".github/workflows/missing-lock.md"]
    assert missing.lock == LockFile(".github/workflows/missing-lock.lock.yml", present=False)
    assert missing.safe_outputs == ("create-issue",)
    stale = by_path[".github/workflows/stale-lock.md"]
    assert stale.lock.frontmatter_hash == "0" * 64
    assert stale.frontmatter_hash is not None and stale.frontmatter_hash != "0" * 64
    assert (stale.engine, stale.triggers, stale.tools) == ("copilot", ("issues",), ("github",))
    loose = by_path[".github/workflows/loose.md"]
    assert (loose.strict, loose.strict_line) == (False, 6)
    assert (loose.network_allowed, loose.network_line) == (("defaults", "*"), 8)
    assert loose.lock.strict is False
    assert loose.lock.frontmatter_hash == loose.frontmatter_hash
    assert loose.lock.compiler_version == "v0.88.7"


def test_env_expressions_and_step_ids() -> None:
    scopes = collect(REPOS / "ciinj-issue-title").scopes
    assert scopes[0] == WorkflowScope(
        ".github/workflows/issue-triage.yml",
        "triage",
        None,
        None,
        11,
        (EnvExpression("ISSUE_BODY", 14, ("github.event.issue.body",)),),
    )
    assert [(s.job, s.step, s.id) for s in scopes if s.id] == [
        ("triage", 2, "claude"),
        ("summary", 0, "summary"),
    ]
    # literal values are never recorded
    assert all(e.expressions for s in scopes for e in s.env)


def test_not_gh_aw_files_are_ignored(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            ".github/workflows/README.md": "# Workflows\n",
            ".github/workflows/notes.md": "---\ntitle: notes\n---\ntext\n",
            ".github/workflows/shared/part.md": "---\non: push\n---\n",
            "docs/flow.md": "---\non: push\n---\n",
        },
    )
    assert collect(root) == AgenticWorkflowsFacts()


def test_broken_frontmatter_is_a_parse_error(tmp_path: Path) -> None:
    root = write(tmp_path, {".github/workflows/bad.md": "---\non: [push\nstrict: false\n---\n"})
    facts = collect(root)
    assert facts.workflows == ()
    [error] = facts.parse_errors
    assert error.path == ".github/workflows/bad.md"
    assert "parse_errors" not in facts.to_json()


def test_lock_header_variants(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            ".github/workflows/a.md": "---\non: push\n---\n",
            ".github/workflows/a.lock.yml": "# frontmatter-hash: abc123\nname: a\n",
            ".github/workflows/b.md": "---\non: push\n---\n",
            ".github/workflows/b.lock.yml": "# gh-aw-metadata: {not json\nname: b\n",
        },
    )
    locks = {w.path: w.lock for w in collect(root).workflows}
    assert locks[".github/workflows/a.md"].frontmatter_hash == "abc123"
    assert locks[".github/workflows/b.md"] == LockFile(".github/workflows/b.lock.yml", True)


@pytest.mark.parametrize("repo", ["ciinj-gh-aw", "ciinj-hardened", "ciinj-issue-title"])
def test_json_matches_the_schema_fragment(repo: str) -> None:
    schema = section_schema("agentic_workflows")
    Draft202012Validator(schema).validate(collect(REPOS / repo).to_json())
