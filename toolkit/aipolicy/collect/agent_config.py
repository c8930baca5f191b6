"""Agent permissions: what the assistants' settings files allow, and the MCP servers they run.

Claude Code (``.claude/settings.json``, ``.claude/settings.local.json`` and any committed
``managed-settings.json`` or ``managed-settings.d/*.json``), Gemini CLI
(``.gemini/settings.json``, flat v1 and nested v2 keys alike), Codex (``.codex/config.toml``)
and every MCP server definition. :mod:`aipolicy.collect.agent_mcp` holds the MCP and Gemini
facts and the located values (:class:`Setting`, :class:`Entry`) all these facts are built
from; :mod:`aipolicy.collect.hooks` holds the hooks of every assistant (``hooks``).
Paths and keys come from ../shared/AI-TOOLS.md and the tools' published schemas.

Values are recorded as written, with their line; nothing is judged here. Secrets are never
recorded: of ``env`` only the names, of ``apiKeyHelper`` only that it is set. A file that
does not parse is still listed (``parse_error``), and its :class:`ParseError` is kept in
:attr:`AgentConfig.parse_errors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.agent_mcp import (
    Entry,
    Fact,
    GeminiSettingsFile,
    McpFile,
    McpServer,
    Setting,
    entries,
    gemini_settings,
    get_path,
    key_entries,
    load,
    servers_in,
    setting,
)
from aipolicy.collect.hooks import AgentHook, Hook, claude_hooks, collect_hook_files, hooks_in
from aipolicy.collect.parse import Parsed, ParseError
from aipolicy.collect.repo import Repo

CLAUDE_SETTINGS = ((".claude/settings.json", "project"), (".claude/settings.local.json", "local"))
CLAUDE_MANAGED = ("**/managed-settings.json", "**/managed-settings.d/*.json")
MCP_FILES = (
    (".mcp.json", "claude-code", "mcpServers"),
    (".cursor/mcp.json", "cursor", "mcpServers"),
    (".vscode/mcp.json", "vscode", "servers"),
)
CLAUDE_MANAGED_MCP = "**/managed-mcp.json"
GEMINI_SETTINGS = ".gemini/settings.json"
CODEX_CONFIG = ".codex/config.toml"

_RULE = re.compile(r"^(?P<tool>[^(]*)\((?P<specifier>.*)\)$", re.DOTALL)


@dataclass(frozen=True)
class PermissionRule(Fact):
    """A Claude Code permission rule, ``Tool`` or ``Tool(specifier)``."""

    rule: str
    """The rule as written."""
    tool: str
    """Tool name: the text before ``(``, or the whole rule (``mcp__server__tool``)."""
    specifier: str | None
    """The text between the outer parentheses, or null when there are none."""
    line: int
    """1-based line."""


@dataclass(frozen=True)
class ClaudeSandbox(Fact):
    """Claude Code's ``sandbox`` object; each field is null when the file does not set it."""

    line: int
    """1-based line of the ``sandbox`` key."""
    enabled: Setting | None = None
    """``sandbox.enabled``."""
    fail_if_unavailable: Setting | None = None
    """``sandbox.failIfUnavailable``."""
    auto_allow_bash_if_sandboxed: Setting | None = None
    """``sandbox.autoAllowBashIfSandboxed``."""
    allow_unsandboxed_commands: Setting | None = None
    """``sandbox.allowUnsandboxedCommands``."""
    excluded_commands: Setting | None = None
    """``sandbox.excludedCommands``."""
    enable_weaker_network_isolation: Setting | None = None
    """``sandbox.enableWeakerNetworkIsolation``."""
    enable_weaker_nested_sandbox: Setting | None = None
    """``sandbox.enableWeakerNestedSandbox``."""
    network_allowed_domains: Setting | None = None
    """``sandbox.network.allowedDomains``."""
    network_denied_domains: Setting | None = None
    """``sandbox.network.deniedDomains``."""
    network_strict_allowlist: Setting | None = None
    """``sandbox.network.strictAllowlist``."""
    network_allow_managed_domains_only: Setting | None = None
    """``sandbox.network.allowManagedDomainsOnly``."""
    network_allow_unix_sockets: Setting | None = None
    """``sandbox.network.allowUnixSockets``."""
    network_allow_all_unix_sockets: Setting | None = None
    """``sandbox.network.allowAllUnixSockets``."""
    network_allow_local_binding: Setting | None = None
    """``sandbox.network.allowLocalBinding``."""
    filesystem_allow_write: Setting | None = None
    """``sandbox.filesystem.allowWrite``."""
    filesystem_deny_write: Setting | None = None
    """``sandbox.filesystem.denyWrite``."""
    filesystem_allow_read: Setting | None = None
    """``sandbox.filesystem.allowRead``."""
    filesystem_deny_read: Setting | None = None
    """``sandbox.filesystem.denyRead``."""


@dataclass(frozen=True)
class ClaudeSettingsFile(Fact):
    """A Claude Code settings file; every setting is null (or empty) when not set."""

    path: str
    """Path relative to the repository root."""
    scope: str
    """``project`` (settings.json), ``local`` (settings.local.json) or ``managed``."""
    parse_error: bool = False
    """True when the file could not be read or parsed (nothing else is then recorded)."""
    default_mode: Setting | None = None
    """``permissions.defaultMode``."""
    disable_bypass_permissions_mode: Setting | None = None
    """``permissions.disableBypassPermissionsMode`` (the tool expects the string "disable")."""
    disable_auto_mode: Setting | None = None
    """``permissions.disableAutoMode``."""
    allow: tuple[PermissionRule, ...] = ()
    """``permissions.allow`` rules, in file order."""
    ask: tuple[PermissionRule, ...] = ()
    """``permissions.ask`` rules, in file order."""
    deny: tuple[PermissionRule, ...] = ()
    """``permissions.deny`` rules, in file order."""
    additional_directories: tuple[Entry, ...] = ()
    """``permissions.additionalDirectories``."""
    enable_all_project_mcp_servers: Setting | None = None
    """``enableAllProjectMcpServers``."""
    enabled_mcpjson_servers: tuple[Entry, ...] = ()
    """``enabledMcpjsonServers``: .mcp.json servers approved by name."""
    disabled_mcpjson_servers: tuple[Entry, ...] = ()
    """``disabledMcpjsonServers``: .mcp.json servers rejected by name."""
    allow_managed_permission_rules_only: Setting | None = None
    """``allowManagedPermissionRulesOnly`` (honoured in managed settings)."""
    allow_managed_hooks_only: Setting | None = None
    """``allowManagedHooksOnly`` (honoured in managed settings)."""
    allow_managed_mcp_servers_only: Setting | None = None
    """``allowManagedMcpServersOnly`` (honoured in managed settings)."""
    hooks: tuple[Hook, ...] = ()
    """Every hook, by event then file order."""
    disable_all_hooks: Setting | None = None
    """``disableAllHooks``."""
    allowed_http_hook_urls: tuple[Entry, ...] = ()
    """``allowedHttpHookUrls``: URL patterns HTTP hooks may reach (merged across files)."""
    sandbox: ClaudeSandbox | None = None
    """The ``sandbox`` object, or null when the file has none."""
    env_keys: tuple[Entry, ...] = ()
    """Names of the ``env`` variables (never their values)."""
    skip_dangerous_mode_permission_prompt: Setting | None = None
    """``skipDangerousModePermissionPrompt``."""
    api_key_helper: bool = False
    """Whether ``apiKeyHelper`` is set (its command is never recorded)."""
    api_key_helper_line: int | None = None
    """1-based line of ``apiKeyHelper``, when set."""


@dataclass(frozen=True)
class CodexConfigFile(Fact):
    """A Codex ``config.toml``; every setting is null when not set."""

    path: str
    """Path relative to the repository root."""
    parse_error: bool = False
    """True when the file could not be read or parsed."""
    approval_policy: Setting | None = None
    """``approval_policy`` (a string, or a table such as ``{ granular = {...} }``)."""
    sandbox_mode: Setting | None = None
    """``sandbox_mode``."""
    network_access: Setting | None = None
    """``sandbox_workspace_write.network_access``."""
    writable_roots: Setting | None = None
    """``sandbox_workspace_write.writable_roots``."""


@dataclass(frozen=True)
class AgentConfig:
    """The assistants' permission settings and MCP servers found in the repository."""

    claude_code: tuple[ClaudeSettingsFile, ...] = ()
    """Claude Code settings files, by path."""
    gemini: tuple[GeminiSettingsFile, ...] = ()
    """Gemini CLI settings files."""
    codex: tuple[CodexConfigFile, ...] = ()
    """Codex configuration files."""
    mcp_files: tuple[McpFile, ...] = ()
    """Files that only declare MCP servers, by path."""
    mcp_servers: tuple[McpServer, ...] = ()
    """Every MCP server definition, by file path then file order."""
    hooks: tuple[AgentHook, ...] = ()
    """Every hook of every assistant (:mod:`aipolicy.collect.hooks`), by file path."""
    parse_errors: tuple[ParseError, ...] = ()
    """Files above that could not be read or parsed (gathered into the top-level list)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "claude_code": [f.to_json() for f in self.claude_code],
            "gemini": [f.to_json() for f in self.gemini],
            "codex": [f.to_json() for f in self.codex],
            "mcp_files": [f.to_json() for f in self.mcp_files],
            "mcp_servers": [s.to_json() for s in self.mcp_servers],
            "hooks": [h.to_json() for h in self.hooks],
        }


class AgentConfigCollector:
    """Reads the ``agent_config`` section: settings files at their tools' paths, no others."""

    name = "agent_config"

    def collect(self, repo: Repo) -> AgentConfig:
        errors: list[ParseError] = []
        servers: list[McpServer] = []
        hooks: list[AgentHook] = []

        claude: list[ClaudeSettingsFile] = []
        candidates = [*CLAUDE_SETTINGS, *((p, "managed") for p in repo.glob(*CLAUDE_MANAGED))]
        for rel, scope in sorted(candidates):
            parsed = load(repo, rel, "jsonc", errors)
            if parsed is not None:
                claude.append(claude_settings(parsed, scope))
                hooks.extend(hooks_in(parsed, "claude-code", scope))
                servers.extend(servers_in(parsed, "claude-code", "mcpServers"))

        mcp_files: list[McpFile] = []
        managed_mcp = [(p, "claude-code", "mcpServers") for p in repo.glob(CLAUDE_MANAGED_MCP)]
        for rel, tool, key in sorted([*MCP_FILES, *managed_mcp]):
            parsed = load(repo, rel, "jsonc", errors)
            if parsed is not None:
                mcp_files.append(McpFile(tool, parsed.path, parsed.error is not None))
                servers.extend(servers_in(parsed, tool, key))

        gemini: list[GeminiSettingsFile] = []
        parsed = load(repo, GEMINI_SETTINGS, "jsonc", errors)
        if parsed is not None:
            gemini.append(gemini_settings(parsed))
            hooks.extend(hooks_in(parsed, "gemini", "project"))
            servers.extend(servers_in(parsed, "gemini", "mcpServers"))

        codex: list[CodexConfigFile] = []
        parsed = load(repo, CODEX_CONFIG, "toml", errors)
        if parsed is not None:
            codex.append(codex_config(parsed))
            servers.extend(servers_in(parsed, "codex", "mcp_servers"))

        return AgentConfig(
            claude_code=tuple(claude),
            gemini=tuple(gemini),
            codex=tuple(codex),
            mcp_files=tuple(mcp_files),
            mcp_servers=tuple(sorted(servers, key=lambda s: s.path)),
            hooks=tuple(sorted([*hooks, *collect_hook_files(repo, errors)], key=lambda h: h.path)),
            parse_errors=tuple(errors),
        )


def claude_settings(parsed: Parsed, scope: str) -> ClaudeSettingsFile:
    """The facts of one parsed Claude Code settings file."""
    if parsed.error is not None:
        return ClaudeSettingsFile(parsed.path, scope, parse_error=True)
    helper = setting(parsed, "apiKeyHelper")
    return ClaudeSettingsFile(
        path=parsed.path,
        scope=scope,
        default_mode=setting(parsed, "permissions", "defaultMode"),
        disable_bypass_permissions_mode=setting(
            parsed, "permissions", "disableBypassPermissionsMode"
        ),
        disable_auto_mode=setting(parsed, "permissions", "disableAutoMode"),
        allow=_rules(parsed, "allow"),
        ask=_rules(parsed, "ask"),
        deny=_rules(parsed, "deny"),
        additional_directories=entries(parsed, "permissions", "additionalDirectories"),
        enable_all_project_mcp_servers=setting(parsed, "enableAllProjectMcpServers"),
        enabled_mcpjson_servers=entries(parsed, "enabledMcpjsonServers"),
        disabled_mcpjson_servers=entries(parsed, "disabledMcpjsonServers"),
        allow_managed_permission_rules_only=setting(parsed, "allowManagedPermissionRulesOnly"),
        allow_managed_hooks_only=setting(parsed, "allowManagedHooksOnly"),
        allow_managed_mcp_servers_only=setting(parsed, "allowManagedMcpServersOnly"),
        hooks=claude_hooks(parsed),
        disable_all_hooks=setting(parsed, "disableAllHooks"),
        allowed_http_hook_urls=entries(parsed, "allowedHttpHookUrls"),
        sandbox=_sandbox(parsed),
        env_keys=key_entries(parsed, "env"),
        skip_dangerous_mode_permission_prompt=setting(parsed, "skipDangerousModePermissionPrompt"),
        api_key_helper=helper is not None,
        api_key_helper_line=helper.line if helper is not None else None,
    )


def codex_config(parsed: Parsed) -> CodexConfigFile:
    """The facts of one parsed Codex configuration file."""
    if parsed.error is not None:
        return CodexConfigFile(parsed.path, parse_error=True)
    return CodexConfigFile(
        path=parsed.path,
        approval_policy=setting(parsed, "approval_policy"),
        sandbox_mode=setting(parsed, "sandbox_mode"),
        network_access=setting(parsed, "sandbox_workspace_write", "network_access"),
        writable_roots=setting(parsed, "sandbox_workspace_write", "writable_roots"),
    )


def permission_rule(rule: str, line: int) -> PermissionRule:
    """Split ``rule`` into tool and specifier as Claude Code does (outer parentheses)."""
    match = _RULE.match(rule)
    if match is None:
        return PermissionRule(rule, rule, None, line)
    return PermissionRule(rule, match.group("tool"), match.group("specifier"), line)


def _rules(parsed: Parsed, kind: str) -> tuple[PermissionRule, ...]:
    return tuple(
        permission_rule(entry.value, entry.line) for entry in entries(parsed, "permissions", kind)
    )


_SANDBOX_KEYS: dict[str, tuple[str, ...]] = {
    "enabled": ("enabled",),
    "fail_if_unavailable": ("failIfUnavailable",),
    "auto_allow_bash_if_sandboxed": ("autoAllowBashIfSandboxed",),
    "allow_unsandboxed_commands": ("allowUnsandboxedCommands",),
    "excluded_commands": ("excludedCommands",),
    "enable_weaker_network_isolation": ("enableWeakerNetworkIsolation",),
    "enable_weaker_nested_sandbox": ("enableWeakerNestedSandbox",),
    "network_allowed_domains": ("network", "allowedDomains"),
    "network_denied_domains": ("network", "deniedDomains"),
    "network_strict_allowlist": ("network", "strictAllowlist"),
    "network_allow_managed_domains_only": ("network", "allowManagedDomainsOnly"),
    "network_allow_unix_sockets": ("network", "allowUnixSockets"),
    "network_allow_all_unix_sockets": ("network", "allowAllUnixSockets"),
    "network_allow_local_binding": ("network", "allowLocalBinding"),
    "filesystem_allow_write": ("filesystem", "allowWrite"),
    "filesystem_deny_write": ("filesystem", "denyWrite"),
    "filesystem_allow_read": ("filesystem", "allowRead"),
    "filesystem_deny_read": ("filesystem", "denyRead"),
}


def _sandbox(parsed: Parsed) -> ClaudeSandbox | None:
    if not isinstance(get_path(parsed.value, ("sandbox",)), dict):
        return None
    found = {name: setting(parsed, "sandbox", *key) for name, key in _SANDBOX_KEYS.items()}
    return ClaudeSandbox(parsed.line("sandbox"), **found)
