"""What CI jobs do with an agent's output, its sandbox flags, and GitLab id_tokens / job outputs."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from aipolicy.collect.ci_agents import Agent
from aipolicy.collect.ci_controls import CiCollector
from aipolicy.collect.ci_output import ExecutedOutput
from aipolicy.collect.repo import Repo
from aipolicy.collect.workflows import collect_workflows

Deadline = Callable[[float], AbstractContextManager[None]]


def github_agents(tmp_path: Path, *scripts: str) -> tuple[Agent, ...]:
    """Agents of one GitHub job whose steps run ``scripts`` (a ``run: |`` block each)."""
    steps = ""
    for script in scripts:
        body = "\n".join("          " + line for line in script.splitlines())
        steps += f"      - run: |\n{body}\n"
    (tmp_path / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
    (tmp_path / ".github" / "workflows" / "a.yml").write_text(
        f"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
    )
    return CiCollector().collect(Repo(tmp_path)).agents


def executed(agent: Agent) -> list[tuple[int, str, str]]:
    return [(e.line, e.how, e.output) for e in agent.output_executed]


@pytest.mark.parametrize(
    ("script", "later", "expected"),
    [
        ('claude -p "fix" > out.txt\neval "$(cat out.txt)"', "", [(8, "eval", "out.txt")]),
        ("claude -p fix >> out.sh", 'bash -c "$(< ./out.sh)"', [(9, "sh -c", "out.sh")]),
        ("claude -p fix | tee -a plan.sh", "cat plan.sh | sudo bash", [(9, "| sh", "plan.sh")]),
        ("codex exec -o last.txt fix", "source ./last.txt", [(9, "source", "last.txt")]),
        ("codex exec --output-last-message=f.sh x", ". f.sh", [(9, "source", "f.sh")]),
        ("claude -p x &> fix.sh", "chmod +x fix.sh && ./fix.sh", [(9, "./FILE", "fix.sh")]),
        ("claude -p x > fix.sh", "sh -e fix.sh", [(9, "sh FILE", "fix.sh")]),
        ("claude -p x > in.txt", "zsh < in.txt", [(9, "sh <", "in.txt")]),
        ("claude -p x > cmd.txt", "$(cat cmd.txt)", [(9, "$(...)", "cmd.txt")]),
        ('PLAN=$(codex exec "plan")\necho "$PLAN" | bash', "", [(8, "| sh", "$PLAN")]),
        ('export CMD="$(claude -p x)"\neval $CMD', "", [(8, "eval", "$CMD")]),
        ("OUT=`claude -p x`\n${OUT}", "", [(8, "$VAR", "$OUT")]),
        ('eval "$(gemini -p cmd)"', "", [(7, "eval", "stdout")]),
        ("claude -p x 2>&1 | tee log.txt | sh", "", [(7, "| sh", "stdout")]),
        ("claude -p x > a.sh && bash a.sh", "", [(7, "sh FILE", "a.sh")]),
    ],
)
def test_agent_output_run_later_in_the_job_is_recorded(
    tmp_path: Path, script: str, later: str, expected: list[tuple[int, str, str]]
) -> None:
    [agent] = github_agents(tmp_path, script, *([later] if later else []))
    assert executed(agent) == expected


@pytest.mark.parametrize(
    ("script", "later"),
    [
        ("claude -p x > review.md", "cat review.md\ngh pr comment 1 --body-file review.md"),
        ("claude -p x 2> err.txt", "bash err.txt"),
        ("claude -p x > /dev/null", "bash /dev/null"),
        ('claude -p x >> "$GITHUB_OUTPUT"', 'eval "$(cat $GITHUB_OUTPUT)"'),
        ('claude -p "write > fix.sh then | sh it"', "bash fix.sh.bak"),
        ("PLAN=$(codex exec plan)", 'eval "$PLAN"'),  # another step: another shell
        ('PLAN=$(codex exec plan)\necho "$PLAN" > plan.md\n# eval "$PLAN"', ""),
        ("claude -p x > fix.sh", "python render.py fix.sh\nshellcheck fix.sh"),
    ],
)
def test_output_kept_but_only_read_is_not_recorded(tmp_path: Path, script: str, later: str) -> None:
    [agent] = github_agents(tmp_path, script, *([later] if later else []))
    assert agent.output_executed == ()


def test_gitlab_sections_share_files_and_before_script_variables(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text(
        "fix:\n"
        "  before_script:\n"
        '    - PLAN=$(claude -p "plan")\n'
        "  script:\n"
        '    - eval "$PLAN"\n'
        "    - codex exec -s danger-full-access -o last.sh fix > out.txt\n"
        "  after_script:\n"
        '    - eval "$PLAN"\n'
        "    - bash last.sh\n"
        "    - sh out.txt\n"
    )
    claude, codex = CiCollector().collect(Repo(tmp_path)).agents
    assert claude.output_executed == (ExecutedOutput(5, "eval", "$PLAN"),)
    assert codex.sandbox == "danger-full-access"
    assert executed(codex) == [(9, "sh FILE", "last.sh"), (10, "sh FILE", "out.txt")]
    assert codex.to_json()["output_executed"][0] == {
        "line": 9,
        "how": "sh FILE",
        "output": "last.sh",
    }


@pytest.mark.parametrize(
    ("command", "sandbox"),
    [
        ('codex exec --sandbox danger-full-access "x"', "danger-full-access"),
        ('codex exec -s danger-full-access "x"', "danger-full-access"),
        ('codex exec --sandbox=workspace-write "x"', "workspace-write"),
        ('codex exec -c sandbox_mode="danger-full-access" x', "danger-full-access"),
        ("codex exec --config 'sandbox_mode=read-only' x", "read-only"),
        ('gemini -s -p "analyse"', None),
        ('codex exec --full-auto "x"', None),
        ('codex exec "x" && other --sandbox danger-full-access', None),
    ],
)
def test_the_sandbox_mode_of_an_agent_command_is_recorded(
    tmp_path: Path, command: str, sandbox: str | None
) -> None:
    [agent] = github_agents(tmp_path, command)
    assert agent.sandbox == sandbox


def test_gitlab_id_tokens_own_or_from_default_unless_not_inherited(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text(
        "default:\n"
        "  id_tokens:\n"
        "    AWS_ID_TOKEN: {aud: https://gitlab.example.com}\n"
        ".vault:\n"
        "  id_tokens:\n"
        "    VAULT_ID_TOKEN: {aud: https://vault.example.com}\n"
        "own:\n"
        "  extends: .vault\n"
        "  secrets:\n"
        "    DB: {vault: prod/db@ops}\n"
        "  script: [claude -p x]\n"
        "inherited:\n"
        "  script: [claude -p x]\n"
        "opted-out:\n"
        "  inherit: {default: false}\n"
        "  script: [claude -p x]\n"
        "listed:\n"
        "  inherit: {default: [image]}\n"
        "  script: [claude -p x]\n"
    )
    [workflow] = collect_workflows(Repo(tmp_path))[0]
    tokens = {job.id: (job.id_tokens, job.secrets) for job in workflow.jobs}
    assert tokens == {
        "default": (("AWS_ID_TOKEN",), ()),
        ".vault": (("VAULT_ID_TOKEN",), ()),
        "own": (("VAULT_ID_TOKEN",), ("DB",)),
        "inherited": (("AWS_ID_TOKEN",), ()),
        "opted-out": ((), ()),
        "listed": ((), ()),
    }


def test_github_job_outputs_are_recorded_as_written(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "a.yml").write_text(
        "on: push\n"
        "jobs:\n"
        "  review:\n"
        "    outputs:\n"
        "      plan: ${{ steps.claude.outputs.result }}\n"
        "      count: 3\n"
        "    steps:\n"
        "      - run: echo\n"
    )
    [workflow] = collect_workflows(Repo(tmp_path))[0]
    assert workflow.jobs[0].outputs == {"plan": "${{ steps.claude.outputs.result }}", "count": "3"}
    assert workflow.jobs[0].to_json()["outputs"] == workflow.jobs[0].outputs


def test_a_hostile_script_of_kept_outputs_is_scanned_in_bounded_time(
    tmp_path: Path, deadline: Deadline
) -> None:
    line = 'claude -p x > f; eval "$(cat f)"; eval eval eval $(cat g) ' + "eval " * 300
    with deadline(10):
        agents = github_agents(tmp_path, "\n".join([line] * 300), "\n".join([line] * 300))
    assert len(agents) == 40  # 20 a step; the output of the first 20 of the job is followed
    assert [0 < len(agent.output_executed) <= 10 for agent in agents] == [True] * 20 + [False] * 20


def test_a_hostile_job_of_many_agent_steps_is_scanned_in_bounded_time(
    tmp_path: Path, deadline: Deadline
) -> None:
    steps = ['claude -p x > f\neval "$(cat f)"'] * 2_000
    with deadline(10):
        agents = github_agents(tmp_path, *steps)
    assert len(agents) == 2_000
    assert sum(1 for agent in agents if agent.output_executed) == 20  # MAX_FOLLOWED a job
