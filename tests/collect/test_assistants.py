"""Assistants: which AI coding assistants a repository is configured for, by their files."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.assistants import (
    KINDS,
    SIGNATURES,
    TOOLS,
    AssistantsCollector,
    CaseVariantFileRef,
    Signature,
)
from aipolicy.collect.repo import Repo
from aipolicy.facts import AssistantUse, FileRef
from tests.collect.test_facts import ALL_ASSISTANTS_JSON
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"


def collect(path: Path) -> tuple[AssistantUse, ...]:
    return AssistantsCollector().collect(Repo(path))


def test_every_assistant_is_reported_with_its_files_sorted_by_tool_then_path() -> None:
    assert collect(REPOS / "all-assistants") == (
        AssistantUse(
            "claude-code",
            (
                FileRef(".claude/commands/review.md", "commands"),
                FileRef(".claude/settings.json", "settings"),
                FileRef(".mcp.json", "mcp"),
                FileRef("CLAUDE.md", "instructions"),
            ),
        ),
        AssistantUse("codex", (FileRef(".codex/config.toml", "settings"),)),
        AssistantUse(
            "copilot",
            (
                FileRef(".github/copilot-instructions.md", "instructions"),
                FileRef(".github/instructions/python.instructions.md", "instructions"),
            ),
        ),
        AssistantUse(
            "cursor",
            (
                FileRef(".cursor/rules/style.mdc", "rules"),
                FileRef(".cursorignore", "ignore"),
            ),
        ),
        AssistantUse(
            "gemini",
            (
                FileRef(".gemini/settings.json", "settings"),
                FileRef("GEMINI.md", "instructions"),
            ),
        ),
    )


def test_assistant_uses_serialise_to_the_facts_document_shape() -> None:
    assert [use.to_json() for use in collect(REPOS / "all-assistants")] == ALL_ASSISTANTS_JSON


def test_repository_without_assistant_files_reports_none() -> None:
    assert collect(REPOS / "no-assistants") == ()


def test_wrongly_cased_names_are_reported_as_case_variants() -> None:
    # claude.md, Gemini.md and .Claude/settings.json are not the names the assistants read
    # on Linux, but on a case-insensitive filesystem (macOS, Windows) they are.
    assert sorted(os.listdir(REPOS / "wrong-case")) == [".Claude", "Gemini.md", "claude.md"]

    assert collect(REPOS / "wrong-case") == (
        AssistantUse(
            "claude-code",
            (
                CaseVariantFileRef(".Claude/settings.json", "settings"),
                CaseVariantFileRef("claude.md", "instructions"),
            ),
        ),
        AssistantUse("gemini", (CaseVariantFileRef("Gemini.md", "instructions"),)),
    )
    assert [use.to_json() for use in collect(REPOS / "wrong-case")] == [
        {
            "tool": "claude-code",
            "files": [
                {"path": ".Claude/settings.json", "kind": "settings", "case_variant": True},
                {"path": "claude.md", "kind": "instructions", "case_variant": True},
            ],
        },
        {
            "tool": "gemini",
            "files": [{"path": "Gemini.md", "kind": "instructions", "case_variant": True}],
        },
    ]


def test_files_in_nested_directories_of_a_directory_signature_all_count(tmp_path: Path) -> None:
    (tmp_path / ".claude" / "agents" / "team").mkdir(parents=True)
    (tmp_path / ".claude" / "agents" / "team" / "reviewer.md").write_text("# reviewer\n")
    (tmp_path / ".claude" / "agents" / "planner.md").write_text("# planner\n")

    assert collect(tmp_path) == (
        AssistantUse(
            "claude-code",
            (
                FileRef(".claude/agents/planner.md", "agents"),
                FileRef(".claude/agents/team/reviewer.md", "agents"),
            ),
        ),
    )


def test_an_empty_signature_directory_does_not_count(tmp_path: Path) -> None:
    (tmp_path / ".cursor" / "rules").mkdir(parents=True)
    (tmp_path / ".claude" / "commands").mkdir(parents=True)

    assert collect(tmp_path) == ()


def test_a_directory_named_like_a_signature_file_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "CLAUDE.md").mkdir()
    (tmp_path / "CLAUDE.md" / "notes.txt").write_text("not an instructions file\n")

    assert collect(tmp_path) == ()


def test_a_single_file_is_enough_to_report_its_assistant(tmp_path: Path) -> None:
    (tmp_path / ".aiderignore").write_text("secrets/\n")

    assert collect(tmp_path) == (AssistantUse("aider", (FileRef(".aiderignore", "ignore"),)),)


def test_symlinked_config_pointing_outside_the_repo_is_not_reported(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    root.mkdir()
    (outside / "rules").mkdir(parents=True)
    (outside / "CLAUDE.md").write_text("# elsewhere\n")
    (outside / "rules" / "style.mdc").write_text("rule\n")
    (root / ".cursor").mkdir()
    os.symlink(outside / "CLAUDE.md", root / "CLAUDE.md")
    os.symlink(outside / "rules", root / ".cursor" / "rules")
    (root / "GEMINI.md").write_text("# real\n")

    assert collect(root) == (AssistantUse("gemini", (FileRef("GEMINI.md", "instructions"),)),)


def test_symlinked_config_pointing_inside_the_repo_is_reported_under_its_own_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "AGENTS.md").write_text("# shared instructions\n")
    os.symlink("AGENTS.md", tmp_path / "CLAUDE.md")

    assert collect(tmp_path) == (
        AssistantUse("agents-md", (FileRef("AGENTS.md", "instructions"),)),
        AssistantUse("claude-code", (FileRef("CLAUDE.md", "instructions"),)),
    )


def test_a_fifo_in_place_of_a_config_file_is_not_reported(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".mcp.json")
    (tmp_path / ".cursor" / "rules").mkdir(parents=True)
    os.mkfifo(tmp_path / ".cursor" / "rules" / "style.mdc")

    assert collect(tmp_path) == ()


# --- Every assistant of AI-TOOLS.md ------------------------------------------------------


def as_json(path: Path) -> list[dict[str, Any]]:
    return [use.to_json() for use in collect(path)]


def files(*entries: tuple[str, str]) -> list[dict[str, str]]:
    return [{"path": path, "kind": kind} for path, kind in entries]


EVERY_TOOL_JSON = [
    {
        "tool": "agents-md",
        "files": files(
            ("AGENT.md", "instructions"),
            ("AGENTS.md", "instructions"),
            ("services/api/AGENTS.md", "instructions"),
        ),
    },
    {"tool": "aider", "files": files((".aider.conf.yml", "settings"), (".aiderignore", "ignore"))},
    {
        "tool": "amazon-q",
        "files": files((".amazonq/mcp.json", "mcp"), (".amazonq/rules/security.md", "rules")),
    },
    {
        "tool": "claude-code",
        "files": files(
            (".claude/output-styles/terse.md", "config"),
            (".claude/settings.json", "settings"),
            (".claude/skills/release/SKILL.md", "skills"),
            (".mcp.json", "mcp"),
            ("CLAUDE.md", "instructions"),
            ("services/api/CLAUDE.md", "instructions"),
        ),
    },
    {
        "tool": "cline",
        "files": files(
            (".cline/README.md", "config"),
            (".clineignore", "ignore"),
            (".clinerules/style.md", "rules"),
            (".clinerules/workflows/release.md", "commands"),
        ),
    },
    {
        "tool": "codex",
        "files": files(
            (".agents/skills/lint/SKILL.md", "skills"),
            (".codex/config.toml", "settings"),
            (".codex/rules/default.rules", "rules"),
            ("AGENTS.override.md", "instructions"),
        ),
    },
    {
        "tool": "continue",
        "files": files(
            (".continue/mcpServers/db.yaml", "mcp"),
            (".continue/rules/style.md", "rules"),
            (".continueignore", "ignore"),
        ),
    },
    {
        "tool": "copilot",
        "files": files(
            (".github/copilot-instructions.md", "instructions"),
            (".github/hooks/guard.json", "hooks"),
            (".github/prompts/release.prompt.md", "commands"),
            (".github/workflows/copilot-setup-steps.yml", "config"),
            (".vscode/mcp.json", "mcp"),
        ),
    },
    {
        "tool": "cursor",
        "files": files(
            (".cursor/mcp.json", "mcp"),
            (".cursor/rules/web/react.mdc", "rules"),
            (".cursorrules", "rules"),
        ),
    },
    {
        "tool": "gemini",
        "files": files(
            (".gemini/commands/review.toml", "commands"),
            (".geminiignore", "ignore"),
            ("GEMINI.md", "instructions"),
            ("app/android/.aiexclude", "ignore"),
        ),
    },
    {"tool": "jetbrains-ai", "files": files((".aiignore", "ignore"), (".noai", "settings"))},
    {
        "tool": "junie",
        "files": files((".junie/guidelines.md", "instructions"), (".junie/mcp/mcp.json", "config")),
    },
    {
        "tool": "roo",
        "files": files(
            (".roo/mcp.json", "mcp"),
            (".roo/rules-architect/plan.md", "rules"),
            (".roo/rules/style.md", "rules"),
            (".rooignore", "ignore"),
            (".roomodes", "agents"),
            (".roorules-code", "rules"),
        ),
    },
    {
        "tool": "windsurf",
        "files": files(
            (".codeiumignore", "ignore"),
            (".windsurf/rules/style.md", "rules"),
            (".windsurf/workflows/deploy.md", "commands"),
            (".windsurfrules", "rules"),
        ),
    },
    {"tool": "zed", "files": files((".rules", "rules"), (".zed/settings.json", "settings"))},
]


def test_every_assistant_of_the_reference_is_reported_with_the_kind_of_each_file() -> None:
    # Nested CLAUDE.md, AGENTS.md and .aiexclude are found; .roo/mcp.json is malformed JSON
    # and still reported (presence only, nothing is parsed); .zed/tasks.json, CODEOWNERS and
    # ci.yml are not assistant configuration.
    assert as_json(REPOS / "assistants-every-tool") == EVERY_TOOL_JSON


def test_single_file_forms_and_catch_all_tool_directories_are_reported() -> None:
    assert collect(REPOS / "assistants-single-files") == (
        AssistantUse(
            "claude-code",
            (
                FileRef(".claude/CLAUDE.md", "instructions"),
                FileRef(".claude/settings.local.json", "settings"),
                FileRef("CLAUDE.local.md", "instructions"),
            ),
        ),
        AssistantUse("cline", (FileRef(".clinerules", "rules"),)),
        AssistantUse("continue", (FileRef(".continuerc.json", "settings"),)),
        AssistantUse(
            "copilot",
            (
                FileRef(".github/agents/reviewer.agent.md", "agents"),
                FileRef(".github/workflows/copilot-setup-steps.yaml", "config"),
            ),
        ),
        AssistantUse("cursor", (FileRef(".cursor/environment.json", "config"),)),
        AssistantUse("gemini", (FileRef(".gemini/sandbox.Dockerfile", "config"),)),
        AssistantUse("roo", (FileRef(".roorules", "rules"),)),
    )


def example_path(sig: Signature) -> str:
    path = sig.path.replace("*", "x")
    return f"{path}/example.md" if sig.directory else path


@pytest.mark.parametrize("sig", SIGNATURES, ids=lambda s: f"{s.tool}:{s.path}")
def test_a_file_at_each_signature_is_reported_under_its_tool_and_kind(
    tmp_path: Path, sig: Signature
) -> None:
    rel = example_path(sig)
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_text("x\n")

    assert collect(tmp_path) == (AssistantUse(sig.tool, (FileRef(rel, sig.kind),)),)


@pytest.mark.parametrize(
    ("name", "tool"),
    [
        ("CLAUDE.md", "claude-code"),
        ("CLAUDE.local.md", "claude-code"),
        ("GEMINI.md", "gemini"),
        (".aiexclude", "gemini"),
        ("AGENTS.md", "agents-md"),
        ("AGENTS.override.md", "codex"),
    ],
)
def test_files_the_tools_read_in_any_directory_are_found_at_any_depth(
    tmp_path: Path, name: str, tool: str
) -> None:
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c" / name).write_text("x\n")
    (tmp_path / "a" / name).write_text("x\n")

    kind = "ignore" if name == ".aiexclude" else "instructions"
    assert collect(tmp_path) == (
        AssistantUse(tool, (FileRef(f"a/{name}", kind), FileRef(f"a/b/c/{name}", kind))),
    )


def test_root_only_files_in_subdirectories_are_not_reported(tmp_path: Path) -> None:
    # Tools read these at the repository root only.
    for rel in ("pkg/.mcp.json", "pkg/.claude/settings.json", "pkg/.cursorrules", "pkg/AGENT.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")

    assert collect(tmp_path) == ()


def test_a_wildcard_stays_inside_one_path_segment(tmp_path: Path) -> None:
    for rel in (
        ".roorules-code/notes.md",  # .roorules-* names a file, not a folder
        ".github/hooks/team/guard.json",  # .github/hooks/*.json: not in a subfolder
        ".github/hooks/README.md",
        ".roo/rules-architect/deep/plan.md",  # .roo/rules-*/ counts recursively
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")

    assert collect(tmp_path) == (
        AssistantUse("roo", (FileRef(".roo/rules-architect/deep/plan.md", "rules"),)),
    )


# --- Case ---------------------------------------------------------------------------------


def test_an_exact_name_and_its_case_variant_are_both_reported(tmp_path: Path) -> None:
    (tmp_path / "CLAUDE.md").write_text("x\n")
    (tmp_path / "claude.md").write_text("x\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "Agents.md").write_text("x\n")

    assert collect(tmp_path) == (
        AssistantUse("agents-md", (CaseVariantFileRef("docs/Agents.md", "instructions"),)),
        AssistantUse(
            "claude-code",
            (FileRef("CLAUDE.md", "instructions"), CaseVariantFileRef("claude.md", "instructions")),
        ),
    )


def test_case_variants_of_directories_and_wildcards_are_reported(tmp_path: Path) -> None:
    for rel in (".Cursor/Rules/style.mdc", ".ROORULES-Code", ".Roo/Rules-Architect/plan.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")

    assert collect(tmp_path) == (
        AssistantUse("cursor", (CaseVariantFileRef(".Cursor/Rules/style.mdc", "rules"),)),
        AssistantUse(
            "roo",
            (
                CaseVariantFileRef(".ROORULES-Code", "rules"),
                CaseVariantFileRef(".Roo/Rules-Architect/plan.md", "rules"),
            ),
        ),
    )


def test_an_exactly_spelled_match_wins_over_a_case_variant_of_the_same_file(
    tmp_path: Path,
) -> None:
    # .Claude/CLAUDE.md is a case variant of .claude/CLAUDE.md, but CLAUDE.md by its own name.
    (tmp_path / ".Claude").mkdir()
    (tmp_path / ".Claude" / "CLAUDE.md").write_text("x\n")

    assert collect(tmp_path) == (
        AssistantUse("claude-code", (FileRef(".Claude/CLAUDE.md", "instructions"),)),
    )


def test_the_most_specific_signature_gives_the_kind(tmp_path: Path) -> None:
    for rel in (".junie/guidelines.md", ".junie/notes.md", ".claude/skills/a/run.sh"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")

    assert collect(tmp_path) == (
        AssistantUse("claude-code", (FileRef(".claude/skills/a/run.sh", "skills"),)),
        AssistantUse(
            "junie",
            (FileRef(".junie/guidelines.md", "instructions"), FileRef(".junie/notes.md", "config")),
        ),
    )


# --- What the listing holds ----------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_in_a_git_work_tree_files_git_ignores_are_not_part_of_the_repository(
    tmp_path: Path,
) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text(".claude/settings.local.json\nCLAUDE.local.md\n")
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.local.json").write_text("{}\n")
    (tmp_path / ".claude" / "settings.json").write_text("{}\n")
    (tmp_path / "CLAUDE.local.md").write_text("x\n")
    (tmp_path / "CLAUDE.md").write_text("x\n")  # untracked, not ignored: part of it

    assert collect(tmp_path) == (
        AssistantUse(
            "claude-code",
            (FileRef(".claude/settings.json", "settings"), FileRef("CLAUDE.md", "instructions")),
        ),
    )


def test_files_in_vendored_trees_are_not_reported(tmp_path: Path) -> None:
    for rel in ("node_modules/pkg/CLAUDE.md", "vendor/lib/AGENTS.md", "build/.cursorrules"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")

    assert collect(tmp_path) == ()


def test_a_name_that_is_not_utf8_is_shown_with_escapes(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    with open(folder + b"/CLAUDE.md", "wb") as handle:
        handle.write(b"x\n")

    assert collect(tmp_path) == (
        AssistantUse("claude-code", (FileRef("caf\\xe9/CLAUDE.md", "instructions"),)),
    )


class ListedRepo(Repo):
    """A repository whose listing is given, counting the files it is asked to check."""

    def __init__(self, root: Path, listing: tuple[str, ...]) -> None:
        super().__init__(root)
        self.listing = listing
        self.checked: list[str] = []

    @property
    def files(self) -> tuple[str, ...]:
        return self.listing

    def is_file(self, rel: str) -> bool:
        self.checked.append(rel)
        return super().is_file(rel)


def test_a_100000_file_repository_is_matched_in_one_pass(
    tmp_path: Path, deadline: Callable[[float], AbstractContextManager[None]]
) -> None:
    found = ("CLAUDE.md", "pkg7/src/AGENTS.md", ".cursor/rules/a.mdc")
    for rel in found:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    listing = tuple(f"pkg{i % 97}/src/mod{i % 31}/deep/er/file{i}.py" for i in range(100_000))
    repo = ListedRepo(tmp_path, tuple(sorted((*listing, *found))))

    with deadline(5):
        uses = AssistantsCollector().collect(repo)

    assert [use.tool for use in uses] == ["agents-md", "claude-code", "cursor"]
    assert sorted(repo.checked) == sorted(found)  # only candidates are checked on disk


# --- Schema and table ----------------------------------------------------------------------


def fragment() -> dict[str, Any]:
    """The assistants section of schema/repo-facts.schema.json."""
    return section_schema("assistants")


@pytest.mark.parametrize(
    "repo", ["all-assistants", "assistants-every-tool", "assistants-single-files", "wrong-case"]
)
def test_the_section_is_valid_against_its_schema_fragment(repo: str) -> None:
    Draft202012Validator.check_schema(fragment())
    errors = list(Draft202012Validator(fragment()).iter_errors(as_json(REPOS / repo)))

    assert errors == []


def test_the_schema_fragment_lists_every_tool_and_kind() -> None:
    item = fragment()["items"]["properties"]
    file_props = item["files"]["items"]["properties"]

    assert item["tool"]["enum"] == list(TOOLS)
    assert set(file_props["kind"]["enum"]) == KINDS
    assert TOOLS == (
        "agents-md",
        "aider",
        "amazon-q",
        "claude-code",
        "cline",
        "codex",
        "continue",
        "copilot",
        "cursor",
        "gemini",
        "jetbrains-ai",
        "junie",
        "roo",
        "windsurf",
        "zed",
    )


def test_every_property_of_the_schema_fragment_has_a_title_and_a_description() -> None:
    def walk(schema: dict[str, Any], where: str) -> list[str]:
        missing = [where] if not {"title", "description"} <= schema.keys() else []
        for name, sub in schema.get("properties", {}).items():
            missing += walk(sub, f"{where}.{name}")
        if isinstance(schema.get("items"), dict):
            missing += walk(schema["items"], f"{where}[]")
        return missing

    assert walk(fragment(), "assistants") == []


def test_a_signature_with_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind 'memory'"):
        Signature("claude-code", "MEMORY.md", "memory")


def test_an_anywhere_signature_must_be_a_plain_file_name() -> None:
    with pytest.raises(ValueError, match="plain file name"):
        Signature("claude-code", "docs/CLAUDE.md", "instructions", anywhere=True)
