"""Workflows: GitHub Actions workflows and the GitLab pipeline as typed facts, with lines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from aipolicy.collect.workflows import Include, Job, Step, Workflow, collect_workflows

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
Deadline = Callable[[float], AbstractContextManager[None]]


def workflows(path: Path) -> tuple[Workflow, ...]:
    return collect_workflows(Repo(path))[0]


def by_path(path: Path) -> dict[str, Workflow]:
    return {workflow.path: workflow for workflow in workflows(path)}


def test_only_yml_and_yaml_files_directly_in_github_workflows_are_workflows() -> None:
    assert [w.path for w in workflows(REPOS / "ci-github")] == [
        ".github/workflows/claude.yml",
        ".github/workflows/manual-scan.yaml",
        ".github/workflows/nightly.yml",
        ".github/workflows/security.yml",
    ]


def test_a_workflow_records_its_triggers_permissions_jobs_and_steps_with_lines() -> None:
    assert by_path(REPOS / "ci-github")[".github/workflows/claude.yml"] == Workflow(
        path=".github/workflows/claude.yml",
        platform="github",
        name="Claude",
        triggers=("issue_comment", "pull_request_target"),
        triggers_line=2,
        permissions="write-all",
        permissions_line=6,
        jobs=(
            Job(
                id="claude",
                line=8,
                permissions={"contents": "write", "pull-requests": "write"},
                permissions_line=11,
                condition="contains(github.event.comment.body, '@claude')",
                runs_on=("ubuntu-latest",),
                steps=(
                    Step(index=0, line=15, uses="actions/checkout@v4"),
                    Step(
                        index=1,
                        line=16,
                        name="Run Claude",
                        uses="anthropics/claude-code-action@v1",
                        with_={
                            "anthropic_api_key": "${{ secrets.ANTHROPIC_API_KEY }}",
                            "github_token": None,
                            "prompt": "Review this pull request.",
                            "claude_args": '--allowedTools "Bash(*),Edit" '
                            "--dangerously-skip-permissions --max-turns 5",
                            "track_progress": "true",
                        },
                        secrets=("ANTHROPIC_API_KEY",),
                    ),
                ),
            ),
        ),
    )


def test_permission_maps_containers_and_step_env_are_recorded_as_given() -> None:
    assert by_path(REPOS / "ci-github")[".github/workflows/security.yml"] == Workflow(
        path=".github/workflows/security.yml",
        platform="github",
        name="Security",
        triggers=("pull_request", "push"),
        triggers_line=2,
        permissions={"contents": "read", "security-events": "write"},
        permissions_line=3,
        jobs=(
            Job(
                id="codeql",
                line=7,
                runs_on=("ubuntu-latest",),
                steps=(
                    Step(index=0, line=10, uses="actions/checkout@v4"),
                    Step(
                        index=1,
                        line=11,
                        uses="github/codeql-action/init@v3",
                        with_={"languages": "python"},
                    ),
                    Step(index=2, line=14, uses="github/codeql-action/analyze@v3"),
                ),
            ),
            Job(
                id="semgrep",
                line=15,
                container="semgrep/semgrep",
                runs_on=("ubuntu-latest",),
                steps=(
                    Step(index=0, line=20, uses="actions/checkout@v4"),
                    Step(
                        index=1,
                        line=21,
                        run="semgrep ci",
                        run_line=21,
                        env=("SEMGREP_APP_TOKEN",),
                        secrets=("SEMGREP_APP_TOKEN",),
                    ),
                ),
            ),
            Job(
                id="secrets",
                line=24,
                runs_on=("ubuntu-latest",),
                steps=(
                    Step(index=0, line=27, uses="actions/checkout@v4"),
                    Step(index=1, line=28, uses="gitleaks/gitleaks-action@v2"),
                    Step(index=2, line=29, uses="actions/dependency-review-action@v4"),
                ),
            ),
        ),
    )


def test_scripts_workflow_env_secrets_runner_labels_and_reusable_calls() -> None:
    found = by_path(REPOS / "ci-github")
    assert found[".github/workflows/manual-scan.yaml"] == Workflow(
        path=".github/workflows/manual-scan.yaml",
        platform="github",
        triggers=("workflow_dispatch",),
        triggers_line=1,
        jobs=(
            Job(
                id="dast",
                line=3,
                runs_on=("ubuntu-latest",),
                steps=(
                    Step(
                        index=0,
                        line=6,
                        uses="zaproxy/action-baseline@v0.12.0",
                        with_={"target": "https://staging.example.com"},
                    ),
                    Step(
                        index=1,
                        line=9,
                        name="Fix with Codex",
                        run="npm install -g @openai/codex\n"
                        'codex exec --yolo "fix the failing scan"\n',
                        run_line=11,
                        env=("OPENAI_API_KEY",),
                        secrets=("OPENAI_API_KEY",),
                        condition="failure()",
                    ),
                ),
            ),
        ),
    )
    assert found[".github/workflows/nightly.yml"] == Workflow(
        path=".github/workflows/nightly.yml",
        platform="github",
        name="Nightly triage",
        triggers=("schedule",),
        triggers_line=2,
        env=("ANTHROPIC_API_KEY",),
        secrets=("ANTHROPIC_API_KEY",),
        jobs=(
            Job(
                id="triage",
                line=8,
                runs_on=("self-hosted", "linux"),
                steps=(
                    Step(
                        index=0,
                        line=11,
                        run='echo "${{ toJSON(secrets) }}" > /dev/null',
                        run_line=11,
                        secrets=("*",),
                    ),
                    Step(
                        index=1,
                        line=13,
                        name="Agents",
                        run="set -e\n"
                        'npx -y @anthropic-ai/claude-code -p "triage open issues" \\\n'
                        "  --permission-mode bypassPermissions --max-turns 3\n"
                        'GEMINI_MODEL=pro gemini --approval-mode=yolo -p "summarise"\n'
                        "echo claude is not run here\n",
                        run_line=14,
                    ),
                ),
            ),
            Job(
                id="call",
                line=20,
                uses="./.github/workflows/reusable.yml",
                secrets=("inherit",),
            ),
        ),
    )


def test_a_workflow_serialises_to_the_facts_document_shape() -> None:
    assert by_path(REPOS / "ci-github")[".github/workflows/manual-scan.yaml"].to_json() == {
        "path": ".github/workflows/manual-scan.yaml",
        "platform": "github",
        "name": None,
        "triggers": ["workflow_dispatch"],
        "triggers_line": 1,
        "permissions": None,
        "permissions_line": None,
        "env": [],
        "secrets": [],
        "includes": [],
        "jobs": [
            {
                "id": "dast",
                "line": 3,
                "name": None,
                "permissions": None,
                "permissions_line": None,
                "if": None,
                "uses": None,
                "container": None,
                "runs_on": ["ubuntu-latest"],
                "env": [],
                "secrets": [],
                "triggers": None,
                "manual": False,
                "template": False,
                "outputs": {},
                "id_tokens": [],
                "steps": [
                    {
                        "index": 0,
                        "line": 6,
                        "name": None,
                        "uses": "zaproxy/action-baseline@v0.12.0",
                        "run": None,
                        "with": {"target": "https://staging.example.com"},
                        "env": [],
                        "secrets": [],
                        "if": None,
                    },
                    {
                        "index": 1,
                        "line": 9,
                        "name": "Fix with Codex",
                        "uses": None,
                        "run": "npm install -g @openai/codex\n"
                        'codex exec --yolo "fix the failing scan"\n',
                        "with": {},
                        "env": ["OPENAI_API_KEY"],
                        "secrets": ["OPENAI_API_KEY"],
                        "if": "failure()",
                    },
                ],
            }
        ],
    }


def test_a_literal_given_to_a_secret_looking_input_is_never_recorded() -> None:
    document = json.dumps([w.to_json() for w in workflows(REPOS / "ci-github")])
    assert "ghp_literalTokenValue" not in document
    assert '"github_token": null' in document


def test_malformed_and_non_utf8_workflow_files_become_parse_errors() -> None:
    assert collect_workflows(Repo(REPOS / "ci-github"))[1] == (
        ParseError(
            ".github/workflows/broken.yml", 7, "expected ',' or ']', but got '<stream end>'"
        ),
    )
    found, errors = collect_workflows(Repo(REPOS / "ci-broken"))
    assert [w.path for w in found] == [".github/workflows/ok.yml"]
    assert errors == (
        ParseError(".github/workflows/latin1.yml", 2, "not UTF-8 (byte 14)"),
        ParseError(
            ".gitlab-ci.yml",
            3,
            "found duplicate key \"test\" with value \"{'script': 'echo two'}\" "
            "(original value: \"{'script': 'echo one'}\")",
        ),
    )


def test_gitlab_pipeline_sources_includes_templates_and_extends() -> None:
    claude_script = (
        "npm install -g @anthropic-ai/claude-code\n"
        'claude -p "review the merge request" --allowedTools "Read,Grep"'
    )
    assert workflows(REPOS / "ci-gitlab") == (
        Workflow(
            path=".gitlab-ci.yml",
            platform="gitlab",
            name="Pipeline",
            triggers=("merge_request_event", "push"),
            triggers_line=10,
            env=("GIT_DEPTH",),
            includes=(
                Include("template", "Security/SAST.gitlab-ci.yml", 2),
                Include("template", "Jobs/Secret-Detection.gitlab-ci.yml", 3),
                Include("component", "$CI_SERVER_FQDN/components/dependency-scanning/main@0.5", 4),
                Include("local", "ci/extra.yml", 5),
                Include("remote", "https://example.com/shared.yml", 6),
            ),
            jobs=(
                Job(
                    id="default",
                    line=19,
                    template=True,
                    steps=(Step(0, 20, name="before_script", run="echo setup", run_line=20),),
                ),
                Job(
                    id=".claude",
                    line=25,
                    container="node:22",
                    env=("ANTHROPIC_API_KEY",),
                    template=True,
                    steps=(Step(0, 29, name="script", run=claude_script, run_line=29),),
                ),
                Job(
                    id="claude-review",
                    line=33,
                    container="node:22",
                    runs_on=("saas-linux-small-amd64",),
                    env=("ANTHROPIC_API_KEY",),
                    triggers=("merge_request_event",),
                    steps=(Step(0, 29, name="script", run=claude_script, run_line=29),),
                ),
                Job(
                    id="semgrep",
                    line=40,
                    container="semgrep/semgrep:latest",
                    triggers=("merge_request_event",),
                    steps=(Step(0, 43, name="script", run="semgrep ci", run_line=43),),
                ),
                Job(
                    id="zap",
                    line=45,
                    container="ghcr.io/zaproxy/zaproxy:stable",
                    manual=True,
                    steps=(
                        Step(
                            0,
                            49,
                            name="script",
                            run="zap-baseline.py -t https://staging.example.com\n"
                            "!reference [.claude, script]",
                            run_line=49,
                        ),
                    ),
                ),
                Job(
                    id="nightly-aider",
                    line=53,
                    secrets=("OPENAI_API_KEY",),
                    triggers=("schedule", "web"),
                    steps=(
                        Step(
                            0,
                            59,
                            name="script",
                            run='aider --yes-always --message "update dependencies"',
                            run_line=59,
                        ),
                    ),
                ),
            ),
        ),
    )


def test_long_scripts_and_inputs_are_cut_to_2000_characters_in_the_json(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    long = "x" * 2500
    (tmp_path / ".github" / "workflows" / "long.yml").write_text(
        f"on: push\njobs:\n  a:\n    steps:\n      - run: echo {long}\n"
        f"        with: {{prompt: {long}}}\n"
    )
    (workflow,) = workflows(tmp_path)
    step = workflow.jobs[0].steps[0]
    assert step.run == f"echo {long}"
    assert step.to_json()["run"] == f"echo {long}"[:2000]
    assert step.to_json()["with"] == {"prompt": long[:2000]}


def test_symlinks_out_of_the_repository_and_fifos_are_not_read(
    tmp_path: Path, deadline: Deadline
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("on: push\njobs: {a: {steps: [{run: claude -p hi}]}}\n")
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "out.yml").symlink_to(outside)
    os.mkfifo(repo / ".github" / "workflows" / "fifo.yml")
    os.mkfifo(repo / ".gitlab-ci.yml")
    with deadline(5):
        assert collect_workflows(Repo(repo)) == ((), ())
