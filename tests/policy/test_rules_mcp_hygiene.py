"""MCP server hygiene rules (AIP130-AIP149) end to end: real MCP files, collected and judged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from aipolicy.cli import app
from aipolicy.core import check
from tests.collect.test_mcp_redact import ENV_FIXTURE_SECRETS, FIXTURE_SECRETS
from tests.conftest import FIXTURES, NOW, ROOT, findings_of

REPOS = FIXTURES / "repos"


def _hygiene(repo: str, policy: Any) -> set[tuple[str, str, int | None]]:
    return {f for f in findings_of(REPOS / repo, policy) if 130 <= int(f[0][3:]) <= 149}


def test_unpinned_npx_server_with_a_plaintext_token(current_policy: Any) -> None:
    # Modelled on postmark-mcp (2025-09): `npx -y` fetched whatever release was newest,
    # and the server token sat in the file.
    assert _hygiene("mcp-unpinned-token", current_policy) == {
        ("AIP131", ".mcp.json", 3),  # npx -y postmark-mcp, no version
        ("AIP130", ".mcp.json", 7),  # POSTMARK_SERVER_TOKEN literal (sender e-mail is no secret)
    }


def test_server_wrapped_in_a_shell_that_pipes_a_download(current_policy: Any) -> None:
    # sh -c "curl ... | sh && ...": reported once, as a shell wrapper.
    assert _hygiene("mcp-shell-wrapper", current_policy) == {("AIP133", ".mcp.json", 3)}


def test_exposed_servers_in_vscode_mcp_json(current_policy: Any) -> None:
    path = ".vscode/mcp.json"
    assert _hygiene("mcp-exposed", current_policy) == {
        ("AIP138", path, 3),  # filesystem server given ${userHome}
        ("AIP136", path, 8),  # http:// to a remote host
        ("AIP137", path, 12),  # --host 0.0.0.0
        ("AIP139", path, 12),  # --env-file .env
        ("AIP135", path, 17),  # NODE_OPTIONS --require
        ("AIP132", path, 20),  # uvx --from git+https://...
    }


def test_secrets_in_arguments_and_urls_are_reported_where_they_were(current_policy: Any) -> None:
    # A postgres DSN with a password, an --api-key value, a GitHub token passed to docker
    # with -e, a token in a remote URL's query; mcp-remote's `Bearer ${GITHUB_TOKEN}` is clean.
    assert _hygiene("mcp-secret-args", current_policy) == {
        ("AIP130", ".mcp.json", 8),  # postgresql://orders_app:<password>@...
        ("AIP130", ".cursor/mcp.json", 5),  # --api-key <value>
        ("AIP130", ".cursor/mcp.json", 8),  # https://...sse?token=<value>
        ("AIP130", ".vscode/mcp.json", 11),  # -e GITHUB_PERSONAL_ACCESS_TOKEN=ghp_...
    }


def test_secrets_in_env_and_header_values_are_reported_once_whatever_the_name(
    current_policy: Any,
) -> None:
    # DATABASE_URL holds a DSN with a password, GH a GitHub token, a header a URL password;
    # GITHUB_PERSONAL_ACCESS_TOKEN (a token under a credential name) is reported once.
    assert _hygiene("mcp-secret-env", current_policy) == {
        ("AIP130", ".mcp.json", 7),  # DATABASE_URL=postgresql://orders_app:<password>@...
        ("AIP130", ".mcp.json", 16),  # GH=ghp_...
        ("AIP130", ".mcp.json", 17),  # GITHUB_PERSONAL_ACCESS_TOKEN=ghp_...
        ("AIP130", ".vscode/mcp.json", 7),  # X-Upstream: https://svc:<password>@...
    }
    decision = check(REPOS / "mcp-secret-env", current_policy, now=NOW).decision
    assert len([f for f in decision.findings if f.rule == "AIP130"]) == 4


@pytest.mark.parametrize(
    ("repo", "secrets"),
    [("mcp-secret-args", FIXTURE_SECRETS), ("mcp-secret-env", ENV_FIXTURE_SECRETS)],
)
@pytest.mark.parametrize("command", ["facts", "json", "sarif", "text"])
def test_no_literal_secret_of_an_mcp_definition_reaches_any_output(
    command: str, repo: str, secrets: tuple[str, ...]
) -> None:
    # The facts hold the redacted definitions; every report is built from them.
    args = ["facts", str(REPOS / repo)]
    if command != "facts":
        args = ["check", str(REPOS / repo), "--policy", str(ROOT / "policies"), "--format", command]
    result = CliRunner().invoke(app, args)

    assert result.exit_code == (0 if command == "facts" else 1), result.output
    if command in ("facts", "json") and repo == "mcp-secret-args":  # both carry the facts
        assert "<redacted>" in result.stdout
    if command == "json":
        rules = {f["rule"] for f in json.loads(result.stdout)["decision"]["findings"]}
        assert "AIP130" in rules
    for secret in secrets:
        assert secret not in result.stdout
        assert secret not in result.stderr


@pytest.mark.parametrize(
    "repo", ["mcp-hardened", "agentcfg-none", "hardened-confidential", "hardened-restricted"]
)
def test_hardened_and_mcp_free_repositories_have_no_hygiene_findings(
    repo: str, current_policy: Any
) -> None:
    # Pinned packages, ${VAR} and ${input:...} references, https, the project directory only.
    assert _hygiene(repo, current_policy) == set()
