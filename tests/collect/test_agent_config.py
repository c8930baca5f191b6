"""Agent config: the assistants' permission settings and MCP servers, as written, file and line."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aipolicy.collect.agent_config import (
    AgentConfig,
    AgentConfigCollector,
    ClaudeSandbox,
    ClaudeSettingsFile,
    CodexConfigFile,
    Hook,
    PermissionRule,
    permission_rule,
)
from aipolicy.collect.agent_mcp import (
    Entry,
    GeminiSettingsFile,
    KeyedSetting,
    McpFile,
    McpServer,
    NamedValue,
    PlaintextSecret,
    Setting,
    is_reference,
    strip_url,
)
from aipolicy.collect.parse import ParseError, strip_jsonc
from aipolicy.collect.repo import Repo
from tests.conftest import section_schema

ROOT = Path(__file__).resolve().parents[2]
REPOS = ROOT / "tests" / "fixtures" / "repos"
TOOL_SCHEMAS = ROOT / "tests" / "fixtures" / "tool-schemas"
Deadline = Callable[[float], AbstractContextManager[None]]


def collect(path: Path) -> AgentConfig:
    return AgentConfigCollector().collect(Repo(path))


def server(source_tool: str, path: str, line: int, name: str, **given: Any) -> McpServer:
    """An MCP server fact: everything not given is empty or null."""
    defaults: dict[str, Any] = {
        "declared_type": None,
        "transport": None,
        "command": None,
        "args": (),
        "env": (),
        "headers": (),
        "url": None,
        "trust": None,
        "enabled": None,
        "tools": None,
        "include_tools": None,
        "exclude_tools": None,
    }
    return McpServer(source_tool, path, line, name, **(defaults | given))


# --- Claude Code ------------------------------------------------------------------------


def test_claude_project_settings_record_permissions_hooks_sandbox_and_env_names() -> None:
    claude = collect(REPOS / "agentcfg-claude").claude_code

    assert claude[0] == ClaudeSettingsFile(
        path=".claude/settings.json",
        scope="project",
        default_mode=Setting("acceptEdits", 5),
        disable_bypass_permissions_mode=Setting("disable", 6),
        allow=(
            PermissionRule("Bash(npm run test:*)", "Bash", "npm run test:*", 8),
            PermissionRule("mcp__github__create_issue", "mcp__github__create_issue", None, 9),
            PermissionRule(
                "WebFetch(domain:docs.example.com)", "WebFetch", "domain:docs.example.com", 10
            ),
            PermissionRule("Read", "Read", None, 11),
        ),
        ask=(PermissionRule("Bash(git push:*)", "Bash", "git push:*", 13),),
        deny=(
            PermissionRule("Read(./.env)", "Read", "./.env", 15),
            PermissionRule("Read(./secrets/**)", "Read", "./secrets/**", 16),
            PermissionRule("Bash(curl *)", "Bash", "curl *", 17),
        ),
        additional_directories=(Entry("../shared-docs", 19),),
        enable_all_project_mcp_servers=Setting(False, 21),
        enabled_mcpjson_servers=(Entry("github", 22),),
        disabled_mcpjson_servers=(Entry("filesystem", 23),),
        hooks=(
            Hook("PreToolUse", "Bash", "command", "./scripts/check-command.sh", None, 29),
            Hook("Stop", None, "http", None, "https://hooks.example.com/stop", 36),
            Hook("Stop", None, "prompt", None, None, 37),
        ),
        sandbox=ClaudeSandbox(
            line=42,
            enabled=Setting(True, 43),
            allow_unsandboxed_commands=Setting(False, 44),
            excluded_commands=Setting(["docker"], 45),
            network_allowed_domains=Setting(["registry.npmjs.org", "*.example.com"], 47),
            network_allow_local_binding=Setting(False, 48),
            filesystem_deny_read=Setting(["~/.aws"], 50),
        ),
        env_keys=(Entry("NODE_ENV", 53), Entry("ANTHROPIC_API_KEY", 54)),
        api_key_helper=True,
        api_key_helper_line=56,
    )


def test_claude_local_and_committed_managed_settings_are_listed_by_path_with_their_scope() -> None:
    claude = collect(REPOS / "agentcfg-claude").claude_code

    assert claude[1:] == (
        ClaudeSettingsFile(
            path=".claude/settings.local.json",
            scope="local",
            default_mode=Setting("bypassPermissions", 3),
            allow=(PermissionRule("Bash", "Bash", None, 4),),
            skip_dangerous_mode_permission_prompt=Setting(True, 6),
        ),
        ClaudeSettingsFile(
            path=".devcontainer/managed-settings.d/10-sandbox.json",
            scope="managed",
            sandbox=ClaudeSandbox(
                line=2,
                network_strict_allowlist=Setting(True, 3),
                network_allow_managed_domains_only=Setting(True, 3),
            ),
        ),
        ClaudeSettingsFile(
            path=".devcontainer/managed-settings.json",
            scope="managed",
            # Recorded as given: the tool expects the string "disable", not true.
            disable_bypass_permissions_mode=Setting(True, 7),
            deny=(PermissionRule("WebFetch", "WebFetch", None, 8),),
            allow_managed_permission_rules_only=Setting(True, 2),
            allow_managed_hooks_only=Setting(True, 3),
            allow_managed_mcp_servers_only=Setting(True, 4),
            disable_all_hooks=Setting(False, 5),
        ),
    )


def test_a_claude_settings_file_serialises_every_field_with_nulls_for_unset_settings() -> None:
    local = collect(REPOS / "agentcfg-claude").claude_code[1]

    assert local.to_json() == {
        "path": ".claude/settings.local.json",
        "scope": "local",
        "parse_error": False,
        "default_mode": {"value": "bypassPermissions", "line": 3},
        "disable_bypass_permissions_mode": None,
        "disable_auto_mode": None,
        "allow": [{"rule": "Bash", "tool": "Bash", "specifier": None, "line": 4}],
        "ask": [],
        "deny": [],
        "additional_directories": [],
        "enable_all_project_mcp_servers": None,
        "enabled_mcpjson_servers": [],
        "disabled_mcpjson_servers": [],
        "allow_managed_permission_rules_only": None,
        "allow_managed_hooks_only": None,
        "allow_managed_mcp_servers_only": None,
        "hooks": [],
        "disable_all_hooks": None,
        "allowed_http_hook_urls": [],
        "sandbox": None,
        "env_keys": [],
        "skip_dangerous_mode_permission_prompt": {"value": True, "line": 6},
        "api_key_helper": False,
        "api_key_helper_line": None,
    }


@pytest.mark.parametrize(
    ("rule", "tool", "specifier"),
    [
        ("Bash(npm run test:*)", "Bash", "npm run test:*"),
        ("Bash", "Bash", None),
        ("Bash(*)", "Bash", "*"),
        ("Bash()", "Bash", ""),
        ("Bash(curl (evil) *)", "Bash", "curl (evil) *"),
        ("mcp__server__tool", "mcp__server__tool", None),
        ("mcp__server__*", "mcp__server__*", None),
        ("Agent(model:opus)", "Agent", "model:opus"),
        ("Bash(unclosed", "Bash(unclosed", None),
    ],
)
def test_a_permission_rule_splits_at_its_outer_parentheses(
    rule: str, tool: str, specifier: str | None
) -> None:
    assert permission_rule(rule, 7) == PermissionRule(rule, tool, specifier, 7)


def test_claude_settings_may_declare_mcp_servers_too(tmp_path: Path) -> None:
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text(
        '{\n  "mcpServers": {\n    "fs": {"command": "mcp-fs", "args": ["/"]}\n  }\n}\n'
    )

    assert collect(tmp_path).mcp_servers == (
        server(
            "claude-code",
            ".claude/settings.json",
            3,
            "fs",
            transport="stdio",
            command="mcp-fs",
            args=("/",),
        ),
    )


# --- MCP servers -----------------------------------------------------------------------


def test_claude_mcp_files_give_servers_with_env_and_header_names_but_never_values() -> None:
    config = collect(REPOS / "agentcfg-claude")

    assert config.mcp_files == (
        McpFile("claude-code", ".devcontainer/managed-mcp.json", False),
        McpFile("claude-code", ".mcp.json", False),
    )
    assert config.mcp_servers == (
        server(
            "claude-code",
            ".devcontainer/managed-mcp.json",
            3,
            "company-tools",
            declared_type="http",
            transport="http",
            url="https://mcp.internal.example.com/mcp",
        ),
        server(
            "claude-code",
            ".mcp.json",
            3,
            "github",
            transport="stdio",
            command="npx",
            args=("-y", "@modelcontextprotocol/server-github"),
            env=(
                NamedValue("GITHUB_PERSONAL_ACCESS_TOKEN", True, 7),
                NamedValue("GITHUB_HOST", False, 8),
                NamedValue("API_KEY", False, 9),
            ),
        ),
        server(
            "claude-code",
            ".mcp.json",
            12,
            "analytics",
            declared_type="sse",
            transport="sse",
            headers=(NamedValue("Authorization", True, 15), NamedValue("X-Api-Key", False, 15)),
            url="https://analytics.example.com:8443/sse",
            plaintext_secrets=(
                PlaintextSecret("url", None, "url_password", 14),
                PlaintextSecret("url", None, "url_query", 14),
            ),
        ),
        server(
            "claude-code",
            ".mcp.json",
            17,
            "search",
            transport="http",
            url="https://search.example.com/mcp",
        ),
    )


def test_cursor_and_vscode_mcp_files_are_read_with_their_own_top_level_keys() -> None:
    config = collect(REPOS / "agentcfg-editors")

    assert config.mcp_files == (
        McpFile("cursor", ".cursor/mcp.json", False),
        McpFile("vscode", ".vscode/mcp.json", False),
    )
    assert config.mcp_servers == (
        server(
            "cursor",
            ".cursor/mcp.json",
            3,
            "linear",
            transport="http",
            headers=(NamedValue("Authorization", True, 5),),
            url="https://mcp.linear.app/sse",
        ),
        server(
            "cursor",
            ".cursor/mcp.json",
            7,
            "db",
            transport="stdio",
            command="uvx",
            args=("mcp-server-postgres", "postgresql://db/prod"),
            env=(NamedValue("PGPASSWORD", False, 10),),
            enabled=False,
        ),
        server(
            "vscode",
            ".vscode/mcp.json",
            7,
            "github",
            declared_type="http",
            transport="http",
            headers=(NamedValue("Authorization", True, 10),),
            url="https://api.githubcopilot.com/mcp/",
        ),
        server(
            "vscode",
            ".vscode/mcp.json",
            12,
            "playwright",
            declared_type="stdio",
            transport="stdio",
            command="npx",
            args=("@playwright/mcp@latest",),
            tools=("browser_navigate",),
        ),
    )


def test_an_mcp_server_serialises_to_the_facts_document_shape() -> None:
    analytics = collect(REPOS / "agentcfg-claude").mcp_servers[2]

    assert analytics.to_json() == {
        "source_tool": "claude-code",
        "path": ".mcp.json",
        "line": 12,
        "name": "analytics",
        "declared_type": "sse",
        "transport": "sse",
        "command": None,
        "args": [],
        "env": [],
        "headers": [
            {"name": "Authorization", "value_is_reference": True, "line": 15},
            {"name": "X-Api-Key", "value_is_reference": False, "line": 15},
        ],
        "url": "https://analytics.example.com:8443/sse",
        "trust": None,
        "enabled": None,
        "tools": None,
        "include_tools": None,
        "exclude_tools": None,
        "plaintext_secrets": [
            {"where": "url", "index": None, "kind": "url_password", "line": 14, "key": None},
            {"where": "url", "index": None, "kind": "url_query", "line": 14, "key": None},
        ],
    }


@pytest.mark.parametrize(
    "fixture", ["agentcfg-claude", "agentcfg-codex", "agentcfg-editors", "agentcfg-gemini-v2"]
)
def test_no_secret_value_from_the_fixtures_reaches_the_facts(fixture: str) -> None:
    facts = json.dumps(collect(REPOS / fixture).to_json())

    for secret in (
        "sk-ant-literal-secret-value",
        "sk-helper-secret",
        "print-key",
        "hunter2",
        "s3cr3t",
        "ghp_literalsecretvalue",
        "p4ssw0rd",
        "abc123",
        "literal-key-123",
        "ghp_codexliteralsecret",
        "token:abc",
        "DOCS_API_KEY",
        "literal-db-password",
        "literal-gemini-secret",
        "session=xyz",
        'NODE_ENV": "test',
    ):
        assert secret not in facts


@pytest.mark.parametrize(
    ("value", "reference"),
    [
        ("${GITHUB_TOKEN}", True),
        ("$GITHUB_TOKEN", True),
        ("${env:LINEAR_TOKEN}", True),
        ("${input:gh-token}", True),
        ("${TOKEN:-fallback}", True),
        ("Bearer ${TOKEN}", True),
        ("  $TOKEN ", True),
        ("ghp_abc123", False),
        ("Bearer ghp_abc123", False),
        ("${A}${B}", False),
        ("prefix-${TOKEN}", False),
        ("", False),
        (42, False),
        (None, False),
    ],
)
def test_a_value_is_a_reference_only_when_it_is_nothing_but_one_variable(
    value: object, reference: bool
) -> None:
    assert is_reference(value) is reference


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        (
            "https://user:pw@host.example.com:8443/p/sse?key=1#x",
            "https://host.example.com:8443/p/sse",
        ),
        ("https://token@host/mcp", "https://host/mcp"),
        ("user:pw@host/mcp", "host/mcp"),
        ("https://host/@user/mcp", "https://host/@user/mcp"),
        ("http://localhost:9000/sse", "http://localhost:9000/sse"),
        ("https://host/mcp?", "https://host/mcp"),
        ("${MCP_URL}", "${MCP_URL}"),
        ("not a url ?at all", "not a url "),
        ("", ""),
    ],
)
def test_urls_lose_their_credentials_query_and_fragment(url: str, stripped: str) -> None:
    assert strip_url(url) == stripped


# --- Gemini CLI ------------------------------------------------------------------------


def test_gemini_v2_nested_settings_and_mcp_servers() -> None:
    config = collect(REPOS / "agentcfg-gemini-v2")

    assert config.gemini == (
        GeminiSettingsFile(
            path=".gemini/settings.json",
            default_approval_mode=(KeyedSetting("general.defaultApprovalMode", "auto_edit", 2),),
            disable_yolo_mode=(KeyedSetting("security.disableYoloMode", True, 4),),
            folder_trust=(KeyedSetting("security.folderTrust.enabled", True, 5),),
            sandbox=(KeyedSetting("tools.sandbox", "docker", 8),),
            sandbox_network_access=(KeyedSetting("tools.sandboxNetworkAccess", False, 9),),
            core_tools=(KeyedSetting("tools.core", ["read_file", "run_shell_command"], 10),),
            allowed_tools=(KeyedSetting("tools.allowed", ["run_shell_command(git status)"], 11),),
            exclude_tools=(KeyedSetting("tools.exclude", ["web_fetch"], 12),),
            mcp_allowed=(KeyedSetting("mcp.allowed", ["docs"], 14),),
            mcp_excluded=(KeyedSetting("mcp.excluded", ["shell"], 14),),
        ),
    )
    # Gemini: httpUrl is streamable HTTP, url is SSE.
    assert config.mcp_servers == (
        server(
            "gemini",
            ".gemini/settings.json",
            16,
            "docs",
            transport="http",
            headers=(NamedValue("Authorization", True, 18),),
            url="https://docs.example.com/mcp",
            trust=False,
            include_tools=("search",),
        ),
        server(
            "gemini",
            ".gemini/settings.json",
            22,
            "shell",
            transport="stdio",
            command="node",
            args=("server.js", "--port", "0"),
            env=(NamedValue("SHELL_TOKEN", False, 25),),
            trust=True,
            exclude_tools=("rm",),
        ),
        server(
            "gemini",
            ".gemini/settings.json",
            29,
            "events",
            transport="sse",
            url="http://localhost:9000/sse",
        ),
    )
    assert config.mcp_files == ()


def test_gemini_v1_flat_keys_are_read_and_both_shapes_are_listed_when_both_are_set() -> None:
    config = collect(REPOS / "agentcfg-gemini-v1")

    assert config.gemini == (
        GeminiSettingsFile(
            path=".gemini/settings.json",
            auto_accept=(
                KeyedSetting("tools.autoAccept", False, 10),
                KeyedSetting("autoAccept", True, 2),
            ),
            folder_trust=(KeyedSetting("folderTrust", False, 9),),
            sandbox=(KeyedSetting("sandbox", False, 3),),
            core_tools=(KeyedSetting("coreTools", ["ReadFileTool"], 4),),
            allowed_tools=(KeyedSetting("allowedTools", ["ShellTool(npm test)"], 5),),
            exclude_tools=(KeyedSetting("excludeTools", ["WebFetchTool"], 6),),
            mcp_allowed=(KeyedSetting("allowMCPServers", ["local"], 7),),
            mcp_excluded=(KeyedSetting("excludeMCPServers", ["remote"], 8),),
        ),
    )
    assert config.mcp_servers == (
        server(
            "gemini",
            ".gemini/settings.json",
            12,
            "local",
            transport="stdio",
            command="python",
            args=("-m", "local_mcp"),
        ),
    )


# --- Codex -----------------------------------------------------------------------------


def test_codex_config_records_approval_sandbox_network_and_mcp_servers() -> None:
    config = collect(REPOS / "agentcfg-codex")

    assert config.codex == (
        CodexConfigFile(
            path=".codex/config.toml",
            approval_policy=Setting("never", 2),
            sandbox_mode=Setting("workspace-write", 3),
            network_access=Setting(True, 6),
            writable_roots=Setting(["/var/cache/build"], 7),
        ),
    )
    assert config.mcp_servers == (
        server(
            "codex",
            ".codex/config.toml",
            9,
            "github",
            transport="stdio",
            command="npx",
            args=("-y", "@modelcontextprotocol/server-github"),
            # An inline table's keys take the line of the table; env_vars pass the
            # variables through from the environment.
            env=(
                NamedValue("GITHUB_PERSONAL_ACCESS_TOKEN", False, 12),
                NamedValue("HOME", True, 13),
                NamedValue("GH_HOST", True, 13),
            ),
        ),
        server(
            "codex",
            ".codex/config.toml",
            15,
            "docs",
            transport="http",
            headers=(NamedValue("X-Team", False, 23), NamedValue("X-Api-Key", True, 26)),
            url="https://docs.example.com/mcp",
            enabled=False,
            include_tools=("search",),
            exclude_tools=("delete",),
            plaintext_secrets=(PlaintextSecret("url", None, "url_password", 16),),
        ),
    )


def test_toml_dates_and_special_floats_are_recorded_as_text(tmp_path: Path) -> None:
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text(
        "approval_policy = 2026-11-25T12:00:00Z\nsandbox_mode = nan\n"
    )

    assert collect(tmp_path).codex == (
        CodexConfigFile(
            path=".codex/config.toml",
            approval_policy=Setting("2026-11-25T12:00:00+00:00", 1),
            sandbox_mode=Setting("nan", 2),
        ),
    )


# --- Malformed, absent and hostile files -----------------------------------------------


def test_malformed_files_are_listed_with_parse_error_and_kept_as_parse_errors() -> None:
    assert collect(REPOS / "agentcfg-malformed") == AgentConfig(
        claude_code=(ClaudeSettingsFile(".claude/settings.json", "project", parse_error=True),),
        gemini=(GeminiSettingsFile(".gemini/settings.json", parse_error=True),),
        codex=(CodexConfigFile(".codex/config.toml", parse_error=True),),
        mcp_files=(
            McpFile("cursor", ".cursor/mcp.json", False),
            McpFile("claude-code", ".mcp.json", True),
        ),
        mcp_servers=(
            server("cursor", ".cursor/mcp.json", 1, "ok", transport="stdio", command="echo"),
        ),
        parse_errors=(
            ParseError(".claude/settings.json", 4, "Expecting ',' delimiter"),
            ParseError(".mcp.json", 1, "not an object"),
            ParseError(".gemini/settings.json", 2, "not UTF-8 (byte 43)"),
            ParseError(".codex/config.toml", 2, "Invalid value (at line 2, column 16)"),
        ),
    )


def test_parse_errors_stay_out_of_the_section_json() -> None:
    assert collect(REPOS / "agentcfg-malformed").to_json()["mcp_files"] == [
        {"source_tool": "cursor", "path": ".cursor/mcp.json", "parse_error": False},
        {"source_tool": "claude-code", "path": ".mcp.json", "parse_error": True},
    ]
    assert "parse_errors" not in collect(REPOS / "agentcfg-malformed").to_json()


def test_a_repository_without_agent_configuration_has_empty_facts() -> None:
    config = collect(REPOS / "agentcfg-none")

    assert config == AgentConfig()
    assert config.to_json() == {
        "claude_code": [],
        "gemini": [],
        "codex": [],
        "mcp_files": [],
        "mcp_servers": [],
        "hooks": [],
    }


def test_a_file_larger_than_the_cap_is_a_parse_error_not_a_partial_read(tmp_path: Path) -> None:
    big = '{"mcpServers": {}, "padding": "' + "x" * (1024 * 1024) + '"}'
    (tmp_path / ".mcp.json").write_text(big)

    config = collect(tmp_path)

    assert config.mcp_files == (McpFile("claude-code", ".mcp.json", True),)
    assert config.parse_errors == (
        ParseError(".mcp.json", None, "larger than 1024 KiB; not parsed"),
    )


def test_a_file_that_cannot_be_read_is_listed_with_a_parse_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text('{"servers": {}}')
    monkeypatch.setattr(Repo, "read", lambda self, rel, limit=0: None)  # e.g. permission denied

    config = collect(tmp_path)

    assert config.mcp_files == (McpFile("vscode", ".vscode/mcp.json", True),)
    assert config.parse_errors == (ParseError(".vscode/mcp.json", None, "cannot be read"),)


def test_symlinks_out_of_the_repository_are_not_read(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "settings.json").write_text('{"permissions": {"defaultMode": "bypassPermissions"}}')
    (outside / "mcp.json").write_text('{"mcpServers": {"x": {"command": "x"}}}')
    (root / ".claude").mkdir()
    os.symlink(outside / "settings.json", root / ".claude" / "settings.json")
    os.symlink(outside / "mcp.json", root / ".mcp.json")
    os.symlink(outside, root / ".gemini")

    assert collect(root) == AgentConfig()


def test_a_symlink_inside_the_repository_is_read_under_its_own_name(tmp_path: Path) -> None:
    (tmp_path / "shared-mcp.json").write_text('{"mcpServers": {"x": {"command": "x"}}}')
    (tmp_path / ".cursor").mkdir()
    os.symlink("../shared-mcp.json", tmp_path / ".cursor" / "mcp.json")

    assert collect(tmp_path).mcp_servers == (
        server("cursor", ".cursor/mcp.json", 1, "x", transport="stdio", command="x"),
    )


def test_fifos_and_directories_in_place_of_config_files_are_skipped(
    tmp_path: Path, deadline: Deadline
) -> None:
    (tmp_path / ".claude").mkdir()
    os.mkfifo(tmp_path / ".claude" / "settings.json")
    os.mkfifo(tmp_path / ".mcp.json")
    (tmp_path / ".codex" / "config.toml").mkdir(parents=True)

    with deadline(5):
        assert collect(tmp_path) == AgentConfig()


def test_project_files_are_read_at_the_root_only_and_names_are_case_sensitive(
    tmp_path: Path,
) -> None:
    (tmp_path / "packages" / "web" / ".claude").mkdir(parents=True)
    (tmp_path / "packages" / "web" / ".claude" / "settings.json").write_text("{}")
    (tmp_path / "packages" / "web" / ".mcp.json").write_text("{}")
    (tmp_path / ".Claude").mkdir()
    (tmp_path / ".Claude" / "settings.json").write_text("{}")
    (tmp_path / ".MCP.json").write_text("{}")

    assert collect(tmp_path) == AgentConfig()


def test_a_gitignored_local_settings_file_is_still_read(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(".claude/settings.local.json\n")
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.local.json").write_text(
        '{"permissions": {"defaultMode": "bypassPermissions"}}'
    )

    assert collect(tmp_path).claude_code == (
        ClaudeSettingsFile(
            ".claude/settings.local.json", "local", default_mode=Setting("bypassPermissions", 1)
        ),
    )


def test_wrongly_typed_values_are_recorded_as_given_or_skipped_never_raised(
    tmp_path: Path,
) -> None:
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text(
        "{\n"
        '  "permissions": {"defaultMode": 3, "allow": "Bash", "deny": ["Read(x)", 5]},\n'
        '  "hooks": {\n'
        '    "Stop": "not a list",\n'
        '    "PreToolUse": [{"hooks": [1, {"type": 2}]}]\n'
        "  },\n"
        '  "sandbox": ["not", "an", "object"],\n'
        '  "env": ["not", "an", "object"],\n'
        '  "mcpServers": {"bad": "not an object", "ok": {"command": ["x"], "args": [1]}}\n'
        "}\n"
    )

    config = collect(tmp_path)

    assert config.claude_code == (
        ClaudeSettingsFile(
            ".claude/settings.json",
            "project",
            default_mode=Setting(3, 2),
            deny=(PermissionRule("Read(x)", "Read", "x", 2),),
            hooks=(Hook("PreToolUse", None, None, None, None, 5),),
        ),
    )
    assert config.mcp_servers == (
        server("claude-code", ".claude/settings.json", 9, "ok", args=("1",)),
    )


# --- The schema fragment ---------------------------------------------------------------


def _fragment() -> dict[str, Any]:
    """The agent_config section of schema/repo-facts.schema.json."""
    return section_schema("agent_config")


def _subschemas(schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in schema.get("properties", {}).items():
        yield f"{where}.{name}", sub
        yield from _subschemas(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        yield f"{where}[]", schema["items"]
        yield from _subschemas(schema["items"], f"{where}[]")


def test_the_fragment_is_a_valid_schema_with_a_title_and_description_everywhere() -> None:
    fragment = _fragment()
    jsonschema.Draft202012Validator.check_schema(fragment)

    untitled = [
        w
        for w, sub in _subschemas(fragment, "")
        if not (sub.get("title") and sub.get("description"))
    ]
    open_objects = [
        w
        for w, sub in _subschemas(fragment, "")
        if "properties" in sub and sub.get("additionalProperties") is not False
    ]

    assert untitled == []
    assert open_objects == []


@pytest.mark.parametrize("fixture", sorted(p.name for p in REPOS.glob("agentcfg-*")))
def test_every_fixture_s_facts_are_valid_against_the_fragment(fixture: str) -> None:
    validator = jsonschema.Draft202012Validator(_fragment())

    assert [e.message for e in validator.iter_errors(collect(REPOS / fixture).to_json())] == []


# --- The fixtures are what the tools accept ----------------------------------------------


def _tool_schema(name: str) -> dict[str, Any]:
    loaded = json.loads((TOOL_SCHEMAS / name).read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_claude_fixtures_are_valid_claude_code_settings() -> None:
    validator = jsonschema.Draft7Validator(_tool_schema("claude-code-settings.json"))
    for name in ("settings.json", "settings.local.json"):
        text = (REPOS / "agentcfg-claude" / ".claude" / name).read_text()

        assert [e.message for e in validator.iter_errors(json.loads(strip_jsonc(text)))] == []


def test_the_gemini_v2_fixture_is_valid_gemini_cli_settings() -> None:
    validator = jsonschema.Draft202012Validator(_tool_schema("gemini-cli-settings.json"))
    settings = json.loads((REPOS / "agentcfg-gemini-v2" / ".gemini" / "settings.json").read_text())

    assert [e.message for e in validator.iter_errors(settings)] == []


def test_the_codex_fixture_is_a_valid_codex_config() -> None:
    validator = jsonschema.Draft7Validator(_tool_schema("codex-config.json"))
    config = tomllib.loads((REPOS / "agentcfg-codex" / ".codex" / "config.toml").read_text())

    assert [e.message for e in validator.iter_errors(config)] == []
