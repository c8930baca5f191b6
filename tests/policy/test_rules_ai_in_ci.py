"""AI in CI rules (AIP200-AIP249) end to end: real workflows, collected and judged."""

from __future__ import annotations

from typing import Any

from aipolicy.core import check
from tests.conftest import FIXTURES, NOW, findings_of

REPOS = FIXTURES / "repos"


def _ai_in_ci(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {f for f in findings_of(REPOS / repo, policy) if 200 <= int(f[0][3:]) <= 249}


def test_github_agents_exposed_to_commenters_and_run_unattended(current_policy: Any) -> None:
    comment = ".github/workflows/claude-comment.yml"
    assert _ai_in_ci("rules-ai-in-ci-github", current_policy) == {
        # issue_comment, no author_association check, contents/pull-requests: write, NPM_TOKEN
        ("AIP200", comment, 16),
        ("AIP203", comment, 16),
        ("AIP204", comment, 16),
        # allowed_non_write_users: "*"
        ("AIP205", comment, 16),
        # `git push` after the agent's step
        ("AIP206", comment, 16),
        # codex exec --dangerously-bypass-approvals-and-sandbox
        ("AIP202", ".github/workflows/codex-nightly.yml", 15),
        # claude-guarded.yml (author_association check, read token, last step): nothing
    }


def test_gitlab_agent_with_auto_approval_and_a_later_section(current_policy: Any) -> None:
    assert _ai_in_ci("rules-ai-in-ci-gitlab", current_policy) == {
        ("AIP202", ".gitlab-ci.yml", 12),
        ("AIP206", ".gitlab-ci.yml", 12),
    }


def test_gitlab_agents_with_id_tokens_secrets_no_sandbox_and_executed_output(
    current_policy: Any,
) -> None:
    ci = ".gitlab-ci.yml"
    assert _ai_in_ci("rules-ai-in-ci-gitlab-parity", current_policy) == {
        # review: claude -p ... --allowedTools Bash > fixes.sh, then eval "$(cat fixes.sh)"
        # and, in after_script, bash -c "$(cat fixes.sh)"; the job's own id_tokens
        # (VAULT_ID_TOKEN, replacing default's) and secrets (DATABASE_PASSWORD)
        ("AIP240", ci, 31),
        ("AIP213", ci, 31),
        ("AIP203", ci, 31),
        ("AIP204", ci, 31),
        ("AIP206", ci, 31),
        # review: PLAN=$(codex exec --sandbox danger-full-access ...), echo "$PLAN" | bash
        ("AIP241", ci, 33),
        ("AIP213", ci, 33),
        ("AIP203", ci, 33),
        ("AIP204", ci, 33),
        ("AIP206", ci, 33),
        # nightly-fix: codex exec -s danger-full-access -o last.txt, `source last.txt` in
        # after_script, AWS_ID_TOKEN inherited from default:
        ("AIP241", ci, 44),
        ("AIP213", ci, 44),
        ("AIP203", ci, 44),
        ("AIP206", ci, 44),
    }


def test_gitlab_parity_messages_name_the_gitlab_keywords(current_policy: Any) -> None:
    messages = {
        (f.rule, f.location.line): f.message
        for f in check(
            REPOS / "rules-ai-in-ci-gitlab-parity", current_policy, now=NOW
        ).decision.findings
    }
    where = "in job 'review' of .gitlab-ci.yml"
    assert messages[("AIP203", 31)] == (
        f"claude-code {where} gets GitLab OIDC ID tokens (id_tokens: VAULT_ID_TOKEN), "
        "which cloud providers and Vault exchange for credentials"
    )
    assert messages[("AIP204", 31)] == (
        f"claude-code {where} gets the job's GitLab CI secrets (secrets: DATABASE_PASSWORD)"
    )
    assert messages[("AIP213", 31)] == (
        f"claude-code {where}: its output reaches a shell: "
        "line 32 runs fixes.sh with eval; line 36 runs fixes.sh with sh -c"
    )
    assert messages[("AIP241", 44)] == (
        "codex in job 'nightly-fix' runs with sandbox mode danger-full-access: no sandbox"
    )


def test_hardened_gitlab_agents_have_no_ai_in_ci_findings(current_policy: Any) -> None:
    # default: id_tokens not inherited (inherit: default: [image]), Vault secrets in a job
    # without an agent, sandboxed Codex, agent output only read or kept as an artifact
    assert _ai_in_ci("rules-ai-in-ci-gitlab-parity-hardened", current_policy) == set()


def test_github_agent_output_run_later_and_workflow_run_on_the_fork_head(
    current_policy: Any,
) -> None:
    review = ".github/workflows/pr-review.yml"
    nightly = ".github/workflows/nightly-fix.yml"
    assert _ai_in_ci("rules-ai-in-ci-github-output", current_policy) == {
        # workflow_run checking out github.event.workflow_run.head_sha, pull-requests: write
        ("AIP200", review, 23),
        ("AIP203", review, 23),
        # the agent's output exported as a job output, pasted into job 'apply's script
        ("AIP213", review, 23),
        # codex --sandbox danger-full-access --output-last-message fix.sh; `bash fix.sh`
        ("AIP241", nightly, 16),
        ("AIP213", nightly, 16),
        ("AIP206", nightly, 16),
    }


def test_a_repository_without_ci_agents_has_no_ai_in_ci_findings(current_policy: Any) -> None:
    assert _ai_in_ci("ci-none", current_policy) == set()


def test_a_model_api_called_with_curl_is_an_agent_the_ci_rules_judge(
    current_policy: Any,
) -> None:
    triage = ".github/workflows/triage.yml"
    assert _ai_in_ci("ciagent-model-api", current_policy) == {
        # the issue title in the request body, on `issues`
        ("AIP210", triage, 15),
        # anyone can open an issue: both the curl call and `gh models run`
        ("AIP201", triage, 15),
        ("AIP201", triage, 22),
        # the answer, saved to labels.sh, is run by `bash labels.sh`
        ("AIP213", triage, 15),
        ("AIP206", triage, 15),
        # docs.yml only mentions the API hosts in echo and grep: nothing
    }
