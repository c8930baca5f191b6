"""Context exclusion: which sensitive paths each assistant present keeps out of its context."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.exclusion import (
    ContextExclusion,
    ContextExclusionCollector,
    ExcludedBy,
    SensitivePath,
    ToolExclusion,
    claude_read_pattern,
    probe,
)
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from aipolicy.collect.secrets import SecretFile, Secrets
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
CURSOR_DEFAULT = ExcludedBy("(cursor default)", None)
PII = "data_category:customer-pii"


def collect(path: Path) -> ContextExclusion:
    return ContextExclusionCollector().collect(Repo(path))


def secret(path: str, by: ExcludedBy | None = None) -> SensitivePath:
    return SensitivePath(path, "secret_file", by)


def assert_schema_valid(doc: Any) -> None:
    schema = section_schema("context_exclusion")
    Draft202012Validator.check_schema(schema)
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(doc)]
    assert errors == []


def entry(path: str, reason: str, by: tuple[str, int | None] | None) -> dict[str, Any]:
    excluded_by = None if by is None else {"path": by[0], "line": by[1]}
    return {"path": path, "reason": reason, "excluded": by is not None, "excluded_by": excluded_by}


# --- every mechanism on one repository ---------------------------------------------------


def test_each_tool_present_reports_every_sensitive_path_and_what_excludes_it() -> None:
    # Sensitive: four secret-like files and the two data_paths patterns of .aipolicy.yaml.
    # Copilot is present too, but has no exclusion mechanism in the repository.
    doc = collect(REPOS / "exclusion-tools").to_json()

    assert doc == [
        {
            "tool": "aider",
            "mechanism_files": [],
            "sensitive": [
                entry(".env", "secret_file", None),
                entry(".env.production", "secret_file", None),
                entry("data/customers/", PII, None),
                entry("deploy/prod.pem", "secret_file", None),
                entry("exports/*.csv", PII, None),
                entry("services/api/.env", "secret_file", None),
            ],
        },
        {
            # Read(./.env) is a gitignore pattern from the root: it matches at any depth.
            # Edit(./data/**) and Bash(...) rules do not keep a file from being read.
            "tool": "claude-code",
            "mechanism_files": [".claude/settings.json", ".claude/settings.local.json"],
            "sensitive": [
                entry(".env", "secret_file", (".claude/settings.json", 6)),
                entry(".env.production", "secret_file", (".claude/settings.json", 7)),
                entry("data/customers/", PII, None),
                entry("deploy/prod.pem", "secret_file", (".claude/settings.json", 8)),
                entry("exports/*.csv", PII, (".claude/settings.local.json", 3)),
                entry("services/api/.env", "secret_file", (".claude/settings.json", 6)),
            ],
        },
        {
            "tool": "cursor",
            "mechanism_files": [".cursorignore"],
            "sensitive": [
                entry(".env", "secret_file", ("(cursor default)", None)),
                entry(".env.production", "secret_file", ("(cursor default)", None)),
                entry("data/customers/", PII, (".cursorignore", 3)),
                entry("deploy/prod.pem", "secret_file", (".cursorignore", 2)),
                entry("exports/*.csv", PII, None),
                entry("services/api/.env", "secret_file", ("(cursor default)", None)),
            ],
        },
        {
            # .geminiignore re-includes .env.production with "!"; data/.aiexclude applies
            # to its own directory.
            "tool": "gemini",
            "mechanism_files": [".geminiignore", "data/.aiexclude"],
            "sensitive": [
                entry(".env", "secret_file", (".geminiignore", 1)),
                entry(".env.production", "secret_file", None),
                entry("data/customers/", PII, ("data/.aiexclude", 1)),
                entry("deploy/prod.pem", "secret_file", None),
                entry("exports/*.csv", PII, None),
                entry("services/api/.env", "secret_file", (".geminiignore", 1)),
            ],
        },
    ]
    assert_schema_valid(doc)


def test_gitignore_semantics_a_file_in_an_excluded_directory_cannot_be_re_included() -> None:
    # .cursorignore: secrets/ | !secrets/dev.key | config/* | !config/local.key
    # legacy/.cursorignore ("*") is not read: Cursor reads the root file only by default.
    assert collect(REPOS / "exclusion-negation") == ContextExclusion(
        tools=(
            ToolExclusion(
                "cursor",
                (".cursorignore",),
                (
                    secret("config/local.key"),
                    secret("config/prod.key", ExcludedBy(".cursorignore", 3)),
                    secret("legacy/old.key"),
                    secret("secrets/dev.key", ExcludedBy(".cursorignore", 1)),
                    secret("secrets/prod.key", ExcludedBy(".cursorignore", 1)),
                ),
            ),
        ),
    )


def test_malformed_settings_and_manifest_become_parse_errors_not_exclusions() -> None:
    assert collect(REPOS / "exclusion-malformed") == ContextExclusion(
        tools=(ToolExclusion("claude-code", (".claude/settings.json",), (secret(".env"),)),),
        parse_errors=(
            ParseError(".aipolicy.yaml", 4, "found unexpected end of stream"),
            ParseError(".claude/settings.json", 4, "Expecting ',' delimiter"),
        ),
    )


# --- presence and defaults ---------------------------------------------------------------


def test_no_assistant_means_no_entries_even_with_secrets(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SECRET=placeholder\n")

    assert collect(tmp_path) == ContextExclusion()


def test_a_tool_present_without_its_ignore_file_still_applies_its_documented_defaults(
    tmp_path: Path,
) -> None:
    (tmp_path / ".cursor" / "rules").mkdir(parents=True)
    (tmp_path / ".cursor" / "rules" / "style.mdc").write_text("Use tabs.\n")
    (tmp_path / ".env.local").write_text("SECRET=placeholder\n")
    (tmp_path / "id_rsa").write_text("placeholder\n")

    assert collect(tmp_path) == ContextExclusion(
        tools=(
            ToolExclusion("cursor", (), (secret(".env.local", CURSOR_DEFAULT), secret("id_rsa"))),
        )
    )


def test_a_tool_present_with_nothing_sensitive_has_an_empty_list(tmp_path: Path) -> None:
    (tmp_path / ".aiderignore").write_text("build/\n")

    assert collect(tmp_path) == ContextExclusion(
        tools=(ToolExclusion("aider", (".aiderignore",), ()),)
    )


def test_precomputed_secrets_are_used_instead_of_scanning_again(tmp_path: Path) -> None:
    (tmp_path / ".codeiumignore").write_text("vault/\n")
    given = Secrets(files=(SecretFile("vault/token.txt", "github_token", "content", 1),))

    found = ContextExclusionCollector(secrets=given).collect(Repo(tmp_path))

    assert found == ContextExclusion(
        tools=(
            ToolExclusion(
                "windsurf",
                (".codeiumignore",),
                (secret("vault/token.txt", ExcludedBy(".codeiumignore", 1)),),
            ),
        )
    )


# --- ignore files ------------------------------------------------------------------------


def test_a_deeper_aiexclude_overrides_a_shallower_one_for_its_own_directory(
    tmp_path: Path,
) -> None:
    (tmp_path / ".aiexclude").write_text("*.pem\n")
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / ".aiexclude").write_text("# dev certificates may be read\n!*.pem\n")
    (tmp_path / "prod.pem").write_text("placeholder\n")
    (tmp_path / "dev" / "local.pem").write_text("placeholder\n")

    assert collect(tmp_path) == ContextExclusion(
        tools=(
            ToolExclusion(
                "gemini",
                (".aiexclude", "dev/.aiexclude"),
                (secret("dev/local.pem"), secret("prod.pem", ExcludedBy(".aiexclude", 1))),
            ),
        )
    )


def test_invalid_and_non_utf8_lines_of_an_ignore_file_keep_the_other_lines_numbers(
    tmp_path: Path,
) -> None:
    # "!" and a lone backslash are not valid patterns; a Latin-1 comment is not UTF-8.
    (tmp_path / ".cursorignore").write_bytes(b"# caf\xe9\n!\n\\\nkeys/\n")
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "deploy.key").write_text("placeholder\n")

    assert collect(tmp_path) == ContextExclusion(
        tools=(
            ToolExclusion(
                "cursor",
                (".cursorignore",),
                (secret("keys/deploy.key", ExcludedBy(".cursorignore", 4)),),
            ),
        )
    )


def test_an_ignore_file_symlinked_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "ignore").write_text("*\n")
    os.symlink(outside / "ignore", root / ".geminiignore")
    (root / ".aiexclude").write_text("# nothing excluded\n")
    (root / "tls.key").write_text("placeholder\n")

    assert collect(root) == ContextExclusion(
        tools=(ToolExclusion("gemini", (".aiexclude",), (secret("tls.key"),)),)
    )


# --- Claude Code rules and data-path probes ----------------------------------------------


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("Read(./.env)", ".env"),
        ("Read(.env)", ".env"),
        ("Read(./secrets/**)", "secrets/**"),
        ("Read(/config/*.key)", "/config/*.key"),
        ("Read", "*"),
        ("Read(*)", "*"),
        ("Read(**)", "*"),
        ("Read(//**/.env)", "**/.env"),
        ("Read(//etc/passwd)", None),
        ("Read(~/.ssh/**)", None),
        ("Edit(./.env)", None),
        ("Bash(cat .env)", None),
        ("WebFetch(domain:example.com)", None),
        ("Readme(x)", None),
    ],
)
def test_claude_deny_rules_become_gitignore_patterns_from_the_project_root(
    rule: str, pattern: str | None
) -> None:
    assert claude_read_pattern(rule) == pattern


def test_a_bare_read_deny_rule_excludes_every_file(tmp_path: Path) -> None:
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text('{"permissions": {"deny": ["Read"]}}\n')
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / ".netrc").write_text("machine example.com\n")

    assert collect(tmp_path) == ContextExclusion(
        tools=(
            ToolExclusion(
                "claude-code",
                (".claude/settings.json",),
                (secret("deep/er/.netrc", ExcludedBy(".claude/settings.json", 1)),),
            ),
        )
    )


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("data/customers/", "data/customers/aipolicy-probe"),
        ("/exports/*.csv", "exports/aipolicy-probe.csv"),
        ("**/*.sqlite", "aipolicy-probe/aipolicy-probe.sqlite"),
        ("records/202?/[0-9]*.json", "records/202x/0aipolicy-probe.json"),
        ("backups/[!a]*.tar", "backups/xaipolicy-probe.tar"),
        ("literal\\*name", "literal*name"),
        ("customers.db", "customers.db"),
    ],
)
def test_a_data_path_pattern_is_judged_by_a_probe_path_it_matches(pattern: str, path: str) -> None:
    assert probe(pattern) == path


# --- schema fragments --------------------------------------------------------------------


def _untitled(schema: Any, where: str) -> list[str]:
    if isinstance(schema, list):
        return [m for i, s in enumerate(schema) for m in _untitled(s, f"{where}[{i}]")]
    if not isinstance(schema, dict):
        return []
    missing: list[str] = []
    for name, sub in schema.get("properties", {}).items():
        if not ("title" in sub and "description" in sub):
            missing.append(f"{where}.{name}")
    if isinstance(schema.get("items"), dict) and not {"title", "description"} <= set(
        schema["items"]
    ):
        missing.append(f"{where}[]")
    if schema.get("type") == "object" and schema.get("additionalProperties") is not False:
        missing.append(f"{where}: additionalProperties")
    for key in ("properties", "items", "oneOf"):
        value = schema.get(key)
        children = value.values() if isinstance(value, dict) and key == "properties" else [value]
        missing += [m for child in children for m in _untitled(child, f"{where}/{key}")]
    return missing


@pytest.mark.parametrize("name", ["secrets", "context_exclusion"])
def test_schema_fragments_title_describe_and_close_every_object(name: str) -> None:
    schema = section_schema(name)

    Draft202012Validator.check_schema(schema)
    assert _untitled(schema, name) == []
