"""CI facts: security controls and AI agents found in workflows, pre-commit and update bots."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.ci_agents import MAX_PER_STEP, Agent, RunsOn
from aipolicy.collect.ci_controls import CiCollector, CiFacts, Control
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
Deadline = Callable[[float], AbstractContextManager[None]]

PR_AND_PUSH = RunsOn(
    ("pull_request", "push"), on_pull_request=True, on_push=True, manual_only=False
)
MR_AND_PUSH = RunsOn(
    ("merge_request_event", "push"), on_pull_request=True, on_push=True, manual_only=False
)
DISPATCH = RunsOn(("workflow_dispatch",), on_pull_request=False, on_push=False, manual_only=True)
SCHEDULE = RunsOn(("schedule",), on_pull_request=False, on_push=False, manual_only=False)


def collect(path: Path) -> CiFacts:
    return CiCollector().collect(Repo(path))


def test_controls_in_github_workflows_pre_commit_dependabot_and_renovate() -> None:
    assert collect(REPOS / "ci-github").controls == (
        Control("dast", "zap", ".github/workflows/manual-scan.yaml", 6, "github-actions",
                DISPATCH, "dast"),
        Control("sast", "codeql", ".github/workflows/security.yml", 11, "github-actions",
                PR_AND_PUSH, "codeql"),
        Control("sast", "semgrep", ".github/workflows/security.yml", 15, "github-actions",
                PR_AND_PUSH, "semgrep"),
        Control("secret_scanning", "gitleaks", ".github/workflows/security.yml", 28,
                "github-actions", PR_AND_PUSH, "secrets"),
        Control("dependency_review", "dependency-review-action", ".github/workflows/security.yml",
                29, "github-actions", PR_AND_PUSH, "secrets"),
        Control("secret_scanning", "gitleaks", ".pre-commit-config.yaml", 9, "pre-commit"),
        Control("secret_scanning", "detect-secrets", ".pre-commit-config.yaml", 13, "pre-commit"),
        Control("sast", "bandit", ".pre-commit-config.yaml", 17, "pre-commit"),
        Control("secret_scanning", "trufflehog", ".pre-commit-config.yaml", 20, "pre-commit"),
        Control("dependency_updates", "dependabot", ".github/dependabot.yml", 2, "dependabot"),
        Control("dependency_updates", "renovate", "package.json", 3, "renovate"),
    )  # fmt: skip


def test_gitlab_templates_components_images_and_manual_jobs_are_controls() -> None:
    assert collect(REPOS / "ci-gitlab").controls == (
        Control("sast", "gitlab-sast-template", ".gitlab-ci.yml", 2, "gitlab-ci", MR_AND_PUSH),
        Control("secret_scanning", "gitlab-secret-detection-template", ".gitlab-ci.yml", 3,
                "gitlab-ci", MR_AND_PUSH),
        Control("dependency_review", "gitlab-dependency-scanning-component", ".gitlab-ci.yml", 4,
                "gitlab-ci", MR_AND_PUSH),
        Control("sast", "semgrep", ".gitlab-ci.yml", 40, "gitlab-ci",
                RunsOn(("merge_request_event",), on_pull_request=True, on_push=False,
                       manual_only=False), "semgrep"),
        Control("dast", "zap", ".gitlab-ci.yml", 45, "gitlab-ci",
                RunsOn(("merge_request_event", "push"), on_pull_request=False, on_push=False,
                       manual_only=True), "zap"),
        Control("dependency_updates", "renovate", "renovate.json5", 1, "renovate"),
    )  # fmt: skip


def test_agents_run_by_actions_and_by_commands_in_github_workflows() -> None:
    assert collect(REPOS / "ci-github").agents == (
        Agent(
            tool="claude-code",
            via="action",
            path=".github/workflows/claude.yml",
            line=16,
            job="claude",
            step=1,
            runs_on=RunsOn(
                ("issue_comment", "pull_request_target"),
                on_pull_request=True,
                on_push=False,
                manual_only=False,
            ),
            action="anthropics/claude-code-action@v1",
            workflow_permissions="write-all",
            job_permissions={"contents": "write", "pull-requests": "write"},
            dangerously_skip_permissions=True,
            allowed_tools="Bash(*),Edit",
            flags=("--allowedTools", "--dangerously-skip-permissions", "--max-turns"),
            secrets=("ANTHROPIC_API_KEY",),
        ),
        Agent(
            tool="codex",
            via="run",
            path=".github/workflows/manual-scan.yaml",
            line=13,
            job="dast",
            step=1,
            runs_on=DISPATCH,
            command='codex exec --yolo "fix the failing scan"',
            yolo=True,
            flags=("--yolo",),
            secrets=("OPENAI_API_KEY",),
        ),
        Agent(
            tool="claude-code",
            via="run",
            path=".github/workflows/nightly.yml",
            line=16,
            job="triage",
            step=1,
            runs_on=SCHEDULE,
            command='npx -y @anthropic-ai/claude-code -p "triage open issues" '
            "--permission-mode bypassPermissions --max-turns 3",
            dangerously_skip_permissions=True,
            flags=("--permission-mode", "--max-turns"),
            secrets=("ANTHROPIC_API_KEY",),
        ),
        Agent(
            tool="gemini",
            via="run",
            path=".github/workflows/nightly.yml",
            line=18,
            job="triage",
            step=1,
            runs_on=SCHEDULE,
            command='GEMINI_MODEL=pro gemini --approval-mode=yolo -p "summarise"',
            yolo=True,
            flags=("--approval-mode",),
            secrets=("ANTHROPIC_API_KEY",),
        ),
    )


def test_gitlab_agents_are_found_through_extends_with_the_jobs_own_sources() -> None:
    assert collect(REPOS / "ci-gitlab").agents == (
        Agent(
            tool="claude-code",
            via="run",
            path=".gitlab-ci.yml",
            line=31,
            job="claude-review",
            step=0,
            runs_on=RunsOn(
                ("merge_request_event",), on_pull_request=True, on_push=False, manual_only=False
            ),
            command='claude -p "review the merge request" --allowedTools "Read,Grep"',
            allowed_tools="Read,Grep",
            flags=("--allowedTools",),
        ),
        Agent(
            tool="aider",
            via="run",
            path=".gitlab-ci.yml",
            line=60,
            job="nightly-aider",
            step=0,
            runs_on=RunsOn(("schedule", "web"), on_pull_request=False, on_push=False,
                           manual_only=False),
            command='aider --yes-always --message "update dependencies"',
            yolo=True,
            flags=("--yes-always", "--message"),
            secrets=("OPENAI_API_KEY",),
        ),
    )  # fmt: skip


def test_agent_commands_count_only_where_a_shell_would_run_them(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    script = "\n".join(
        [
            "echo claude",
            "# claude -p commented out",
            "cd gemini && make",
            "npm install -g @anthropic-ai/claude-code @openai/codex",
            "sudo -E claude -p one",
            "result=$(codex exec two)",
            "make && opencode run three",
            "./node_modules/.bin/claude -p four",
            "uvx --from aider-chat aider --message five",
            "pnpm dlx @google/gemini-cli -p six",
        ]
    )
    indented = "\n".join("          " + line for line in script.splitlines())
    (tmp_path / ".github" / "workflows" / "agents.yml").write_text(
        f"on: push\njobs:\n  a:\n    steps:\n      - run: |\n{indented}\n"
    )
    agents = collect(tmp_path).agents
    assert [(agent.tool, agent.line, agent.command) for agent in agents] == [
        ("claude-code", 10, "sudo -E claude -p one"),
        ("codex", 11, "result=$(codex exec two)"),
        ("opencode", 12, "make && opencode run three"),
        ("claude-code", 13, "./node_modules/.bin/claude -p four"),
        ("aider", 14, "uvx --from aider-chat aider --message five"),
        ("gemini", 15, "pnpm dlx @google/gemini-cli -p six"),
    ]


def test_a_hostile_script_is_scanned_in_bounded_time_with_at_most_20_agents_a_step(
    tmp_path: Path, deadline: Deadline
) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    lines = "".join("          claude; semgrep; \\\n" for _ in range(30_000))
    (tmp_path / ".github" / "workflows" / "hostile.yml").write_text(
        f"on: push\njobs:\n  a:\n    steps:\n      - run: |\n{lines}          end\n"
    )
    with deadline(10):
        facts = collect(tmp_path)
    assert len(facts.agents) == MAX_PER_STEP == 20
    assert [(c.control, c.tool, c.line) for c in facts.controls] == [("sast", "semgrep", 6)]


def test_malformed_ci_pre_commit_dependabot_and_renovate_files_become_parse_errors() -> None:
    facts = collect(REPOS / "ci-broken")
    assert facts.controls == (
        Control("secret_scanning", "trufflehog", ".github/workflows/ok.yml", 7, "github-actions",
                RunsOn(("pull_request",), on_pull_request=True, on_push=False, manual_only=False),
                "scan"),
    )  # fmt: skip
    assert facts.parse_errors == (
        ParseError(".github/workflows/latin1.yml", 2, "not UTF-8 (byte 14)"),
        ParseError(
            ".gitlab-ci.yml",
            3,
            "found duplicate key \"test\" with value \"{'script': 'echo two'}\" "
            "(original value: \"{'script': 'echo one'}\")",
        ),
        ParseError(
            ".pre-commit-config.yaml", 4, "expected the node content, but found '<stream end>'"
        ),
        ParseError(
            ".github/dependabot.yml", 3, "found character '\\t' that cannot start any token"
        ),
        ParseError(".renovaterc.json", 3, "Expecting ',' delimiter"),
    )
    assert "parse_errors" not in facts.to_json()


def test_a_repository_without_ci_has_empty_ci_facts() -> None:
    assert collect(REPOS / "ci-none") == CiFacts()
    assert CiFacts().to_json() == {"workflows": [], "controls": [], "agents": []}


def test_controls_and_agents_serialise_to_the_facts_document_shape() -> None:
    facts = collect(REPOS / "ci-gitlab").to_json()
    assert facts["controls"][4] == {
        "control": "dast",
        "tool": "zap",
        "path": ".gitlab-ci.yml",
        "line": 45,
        "source": "gitlab-ci",
        "job": "zap",
        "triggers": ["merge_request_event", "push"],
        "on_pull_request": False,
        "on_push": False,
        "manual_only": True,
    }
    assert facts["agents"][1] == {
        "tool": "aider",
        "via": "run",
        "path": ".gitlab-ci.yml",
        "line": 60,
        "job": "nightly-aider",
        "step": 0,
        "triggers": ["schedule", "web"],
        "on_pull_request": False,
        "on_push": False,
        "manual_only": False,
        "action": None,
        "command": 'aider --yes-always --message "update dependencies"',
        "workflow_permissions": None,
        "job_permissions": None,
        "dangerously_skip_permissions": False,
        "yolo": True,
        "allowed_tools": None,
        "flags": ["--yes-always", "--message"],
        "secrets": ["OPENAI_API_KEY"],
        "sandbox": None,
        "output_executed": [],
    }


@pytest.mark.parametrize("name", ["ci-github", "ci-gitlab", "ci-broken", "ci-none"])
def test_ci_facts_are_valid_against_the_schema_fragment(name: str) -> None:
    schema = section_schema("ci")
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(collect(REPOS / name).to_json()))
    assert [error.message for error in errors] == []


def test_every_property_of_the_schema_fragment_has_a_title_and_a_description() -> None:
    assert untitled(section_schema("ci"), "ci") == []


def untitled(schema: Any, where: str) -> list[str]:
    """Paths of property and item schemas lacking a title or a description."""
    missing: list[str] = []
    if not isinstance(schema, dict):
        return missing
    if not {"title", "description"} <= schema.keys():
        missing.append(where)
    for name, sub in schema.get("properties", {}).items():
        missing += untitled(sub, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            missing += untitled(schema[key], f"{where}[{key}]")
    for index, sub in enumerate(schema.get("oneOf", [])):
        missing += untitled(sub, f"{where}|{index}")
    return missing
