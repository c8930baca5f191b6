"""CI rules judge workflows with hundreds of env variables, step ids and outputs in full.

OPA's Wasm library caches compiled regexes per evaluation and breaks past 100 distinct
patterns (a use-after-free: an out-of-bounds trap or an endless loop, so the check fails
closed; tests/engine/test_embedded.py pins the bug). The CI injection rules used to build a
pattern per env variable, step id, job output and variable name, so a workflow with many of
them failed the check. They now extract names with constant patterns and compare; this
repository, generated with 150 of each, must be judged, with exactly the planted findings.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from aipolicy.core import check
from tests.conftest import NOW

COUNT = 150
WORKFLOW = ".github/workflows/agents.yml"


def _github_workflow() -> tuple[str, dict[str, int]]:
    """A workflow on `issues` whose agent job has COUNT env variables carrying issue text,
    COUNT agent steps with ids and outputs exported as job outputs, and a later job reading
    each output through env. Planted: the prompt of step s7 references $V7 (AIP210) and
    the later job evals the output of s3 (AIP213). Returns the text and the lines of s3, s7.
    """
    lines = [
        "name: Agents",
        "on:",
        "  issues:",
        "permissions:",
        "  contents: read",
        "jobs:",
        "  agent:",
        "    runs-on: ubuntu-latest",
        "    if: github.event.issue.author_association == 'OWNER'",
        "    outputs:",
    ]
    lines += [f"      o{i}: ${{{{ steps.s{i}.outputs.r }}}}" for i in range(COUNT)]
    lines += ["    env:"]
    lines += [f"      V{i}: ${{{{ github.event.issue.body }}}}" for i in range(COUNT)]
    lines += ["    steps:"]
    agent_lines: dict[str, int] = {}
    for i in range(COUNT):
        prompt = "Fix $V7" if i == 7 else f"Task {i} ${{V{i}X}} $V{i}_ env.V{i}x %V{i}"
        lines += [f"      - id: s{i}", "        run: |"]
        agent_lines[f"s{i}"] = len(lines) + 1
        lines += [
            f'          claude -p "{prompt}" > out{i}.txt',
            f'          echo "r=$(cat out{i}.txt)" >> "$GITHUB_OUTPUT"',
        ]
    lines += [
        "  apply:",
        "    needs: agent",
        "    runs-on: ubuntu-latest",
        "    env:",
    ]
    lines += [f"      N{i}: ${{{{ needs.agent.outputs.o{i} }}}}" for i in range(COUNT)]
    lines += ["    steps:", "      - run: |", '          eval "$N3"']
    lines += [f'          echo "$N{i}" "$N{i}X" >> notes.txt' for i in range(COUNT)]
    return "\n".join(lines) + "\n", {"s3": agent_lines["s3"], "s7": agent_lines["s7"]}


def _gitlab_pipeline() -> str:
    """A merge request pipeline whose agent job has COUNT variables and puts the merge
    request title on the agent's command line (AIP214, critical)."""
    lines = [
        "workflow:",
        "  rules:",
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        "",
        "ai-review:",
        "  image: node:22",
        "  variables:",
    ]
    lines += [f'    VAR{i}: "value {i}"' for i in range(COUNT)]
    lines += [
        "  script:",
        "    - npm install -g @anthropic-ai/claude-code@2.1.0",
        *[f'    - echo "$VAR{i}" "${{VAR{i}}}"' for i in range(COUNT)],
        "    - 'claude -p \"Review $CI_MERGE_REQUEST_TITLE with $VAR1\" --output-format text'",
    ]
    return "\n".join(lines) + "\n"


def test_many_env_variables_step_ids_and_outputs_are_judged(
    tmp_path: Path, current_policy: Any
) -> None:
    repo = tmp_path / "many"
    (repo / ".github" / "workflows").mkdir(parents=True)
    workflow, agent_lines = _github_workflow()
    (repo / WORKFLOW).write_text(workflow)
    pipeline = _gitlab_pipeline()
    (repo / ".gitlab-ci.yml").write_text(pipeline)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)

    decision = check(repo, current_policy, now=NOW).decision  # no EngineError
    found = {
        (f.rule, f.severity, f.location.path, f.location.line)
        for f in decision.findings
        if 210 <= int(f.rule[3:]) <= 239  # the CI injection rules
    }
    [gitlab_agent_line] = [
        n for n, line in enumerate(pipeline.splitlines(), 1) if "claude -p" in line
    ]
    assert found == {
        # $V7 (issue body, job env) in the prompt of step s7; the job checks the author
        ("AIP211", "high", WORKFLOW, agent_lines["s7"]),
        # needs.agent.outputs.o3 (step s3's output) evaluated by the later job
        ("AIP213", "high", WORKFLOW, agent_lines["s3"]),
        # $CI_MERGE_REQUEST_TITLE on the agent's command line in a merge request pipeline
        ("AIP214", "critical", ".gitlab-ci.yml", gitlab_agent_line),
    }
    [injection] = [f.message for f in decision.findings if f.rule == "AIP211"]
    assert injection.endswith(": github.event.issue.body through job env V7 in run")
    [sink] = [f.message for f in decision.findings if f.rule == "AIP213"]
    assert sink.endswith(
        "its output reaches a shell: job 'apply' step 0 runs env N3 (the agent's output) as code"
    )
