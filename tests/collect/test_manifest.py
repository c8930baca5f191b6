"""Manifest: .aipolicy.yaml is read, parsed safely and validated, or it is a ConfigError."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.manifest import ManifestCollector
from aipolicy.collect.repo import Repo
from aipolicy.errors import ConfigError
from aipolicy.facts import Manifest
from aipolicy.validation import load_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"

Deadline = Callable[[float], AbstractContextManager[None]]
KINDS = "library, service, web-service, application, infrastructure, other"
SCHEMA_HINT = (
    "Fix the fields named above (schema: schema/repo-manifest.schema.json); "
    "`aipolicy validate PATH` checks it."
)
YAML_HINT = "Fix the YAML syntax at that line (a YAML linter shows the exact spot)."

VALID_MANIFEST_JSON = {
    "present": True,
    "path": ".aipolicy.yaml",
    "project": {"id": "payments-api", "name": "Payments API", "owner": "team-payments"},
    "classification": "internal",
    "kind": "service",
    "data_categories": ["source-code", "payment-data"],
    "assistants": ["claude-code", "copilot"],
    "lines": {
        "version": 2,
        "project": 3,
        "classification": 7,
        "kind": 8,
        "data_categories": 10,
        "assistants": 13,
    },
}
"""The facts of tests/fixtures/repos/manifest-valid/.aipolicy.yaml."""


def collect(path: Path) -> Manifest:
    return ManifestCollector().collect(Repo(path))


def config_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        collect(path)
    assert caught.value.exit_code == 2
    return caught.value


# --- valid manifests ------------------------------------------------------------------


def test_valid_manifest_gives_its_document_and_the_line_of_each_top_level_key() -> None:
    assert collect(REPOS / "manifest-valid") == Manifest(
        present=True,
        path=".aipolicy.yaml",
        document={
            "version": 1,
            "project": {"id": "payments-api", "name": "Payments API", "owner": "team-payments"},
            "classification": "internal",
            "kind": "service",
            "data_categories": ["source-code", "payment-data"],
            "assistants": ["claude-code", "copilot"],
        },
        lines={
            "version": 2,
            "project": 3,
            "classification": 7,
            "kind": 8,
            "data_categories": 10,
            "assistants": 13,
        },
    )


def test_valid_manifest_serialises_without_the_version_field() -> None:
    assert collect(REPOS / "manifest-valid").to_json() == VALID_MANIFEST_JSON


def test_manifest_with_the_yml_extension_is_found() -> None:
    assert collect(REPOS / "manifest-yml") == Manifest(
        present=True,
        path=".aipolicy.yml",
        document={"version": 1, "project": {"id": "docs-site"}, "classification": "public"},
        lines={"version": 1, "project": 2, "classification": 4},
    )


def test_yaml_extension_wins_when_both_manifests_exist(tmp_path: Path) -> None:
    shutil.copy(REPOS / "manifest-valid" / ".aipolicy.yaml", tmp_path / ".aipolicy.yaml")
    shutil.copy(REPOS / "manifest-yml" / ".aipolicy.yml", tmp_path / ".aipolicy.yml")

    manifest = collect(tmp_path)

    assert manifest.path == ".aipolicy.yaml"
    assert manifest.document["project"] == {
        "id": "payments-api",
        "name": "Payments API",
        "owner": "team-payments",
    }


def test_data_paths_and_regulatory_scope_are_carried_with_their_lines() -> None:
    manifest = collect(REPOS / "manifest-data-paths")

    assert manifest.to_json() == {
        "present": True,
        "path": ".aipolicy.yaml",
        "project": {"id": "billing"},
        "classification": "confidential",
        "data_categories": ["pii", "payment-data"],
        "data_paths": {
            "pii": ["data/customers/**", "*.sqlite"],
            "payment-data": ["fixtures/cards/"],
        },
        "regulatory_scope": ["gdpr", "pci-dss"],
        "lines": {
            "version": 2,
            "project": 3,
            "classification": 5,
            "data_categories": 6,
            "data_paths": 7,
            "data_paths.pii": 8,
            "data_paths.payment-data": 11,
            "regulatory_scope": 13,
        },
    }


def test_manifest_facts_validate_against_the_facts_schema_manifest_property() -> None:
    facts_schema = load_schema("repo-facts")["properties"]["manifest"]

    for repo in ("manifest-data-paths", "manifest-valid", "manifest-yml", "no-assistants"):
        errors = list(
            Draft202012Validator(facts_schema).iter_errors(collect(REPOS / repo).to_json())
        )
        assert errors == [], repo


def test_manifest_name_must_be_spelled_exactly(tmp_path: Path) -> None:
    shutil.copy(REPOS / "manifest-valid" / ".aipolicy.yaml", tmp_path / ".AIPolicy.yaml")
    shutil.copy(REPOS / "manifest-yml" / ".aipolicy.yml", tmp_path / ".aipolicy.YML")

    assert collect(tmp_path) == Manifest(present=False)


# --- absent manifests -----------------------------------------------------------------


def test_repository_without_a_manifest_has_none() -> None:
    manifest = collect(REPOS / "no-assistants")

    assert manifest == Manifest(present=False)
    assert manifest.to_json() == {"present": False, "path": ".aipolicy.yaml"}


def test_manifest_symlinked_from_outside_the_repo_is_absent(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(REPOS / "manifest-valid" / ".aipolicy.yaml", root / ".aipolicy.yaml")

    assert collect(root) == Manifest(present=False)


def test_a_fifo_named_like_the_manifest_is_absent_and_does_not_hang(
    tmp_path: Path, deadline: Deadline
) -> None:
    os.mkfifo(tmp_path / ".aipolicy.yaml")

    with deadline(5):
        assert collect(tmp_path) == Manifest(present=False)


# --- invalid manifests ----------------------------------------------------------------


def test_value_outside_an_enum_names_file_line_field_and_the_allowed_values() -> None:
    error = config_error(REPOS / "manifest-invalid-enum")

    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        f"  .aipolicy.yaml:5: kind: 'microservice' is not one of {KINDS}"
    )
    assert error.diagnostics() == f"{error.message}\n{SCHEMA_HINT}"


def test_yaml_syntax_error_names_the_file_and_line() -> None:
    error = config_error(REPOS / "manifest-bad-yaml")

    assert error.diagnostics() == (
        ".aipolicy.yaml:4: not valid YAML: mapping values are not allowed here\n" + YAML_HINT
    )


def test_duplicate_key_is_refused_at_the_line_of_the_duplicate() -> None:
    error = config_error(REPOS / "manifest-duplicate-key")

    assert error.message == (
        '.aipolicy.yaml:6: not valid YAML: found duplicate key "classification" '
        'with value "public" (original value: "internal")'
    )


def test_billion_laughs_aliases_are_refused_quickly(deadline: Deadline) -> None:
    # 9 levels of 9 aliases: 9**9 values once expanded.
    with deadline(10):
        error = config_error(REPOS / "manifest-billion-laughs")

    assert error.message == (
        ".aipolicy.yaml: more than 200000 values (after expanding aliases); refusing to process it."
    )


def test_manifest_that_is_not_utf8_names_the_offending_byte() -> None:
    raw = (REPOS / "manifest-not-utf8" / ".aipolicy.yaml").read_bytes()
    assert raw[42:43] == b"\xe9"

    error = config_error(REPOS / "manifest-not-utf8")

    assert error.message == ".aipolicy.yaml: not UTF-8 text (byte 42)."


def test_unknown_top_level_field_is_named() -> None:
    error = config_error(REPOS / "manifest-unknown-field")

    assert error.message.startswith(".aipolicy.yaml is not a valid aipolicy manifest:\n  ")
    assert "Additional properties are not allowed ('owners' was unexpected)" in error.message
    assert ".aipolicy.yaml:5: (top level): Additional properties" in error.message
    assert (
        "(allowed: assistants, classification, data_categories, data_paths, kind, project, "
        "regulatory_scope, version)" in error.message
    )


def test_regulatory_scope_ids_must_be_lower_case_ids() -> None:
    error = config_error(REPOS / "manifest-bad-regulatory-scope")

    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        "  .aipolicy.yaml:5: regulatory_scope[0]: 'GDPR' does not match the pattern "
        "^[a-z0-9][a-z0-9-]*$"
    )


def test_data_path_that_git_would_not_accept_is_refused_at_its_line() -> None:
    error = config_error(REPOS / "manifest-bad-data-path")

    assert error.diagnostics() == (
        ".aipolicy.yaml:8: data_paths.pii[1]: '!' is not a gitignore-style pattern.\n"
        "Write it as a line of a .gitignore file would be (e.g. data/customers/**)."
    )


def test_data_paths_must_name_categories_and_list_patterns(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\nproject:\n  id: orders\nclassification: internal\n"
        "data_paths:\n  PII: [data/**]\n  pii: data/\n  logs: []\n"
    )

    error = config_error(tmp_path)

    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        "  .aipolicy.yaml:5: data_paths: 'PII' does not match the pattern ^[a-z0-9][a-z0-9-]*$\n"
        "  .aipolicy.yaml:8: data_paths.logs: [] should be non-empty\n"
        "  .aipolicy.yaml:7: data_paths.pii: 'data/' is not of type array"
    )


def test_nested_field_error_points_at_the_line_of_that_field(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\nproject:\n  id: -leading-dash\nclassification: internal\n"
    )

    error = config_error(tmp_path)

    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        "  .aipolicy.yaml:3: project.id: '-leading-dash' does not match the pattern "
        "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
    )


def test_every_problem_is_listed_in_field_order(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 2\nproject:\n  id: orders\nclassification: internal\nkind: daemon\n"
    )

    error = config_error(tmp_path)

    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        f"  .aipolicy.yaml:5: kind: 'daemon' is not one of {KINDS}\n"
        "  .aipolicy.yaml:1: version: 2 must be 1"
    )


def test_empty_manifest_is_an_error_not_an_absent_manifest(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_bytes(b"")

    error = config_error(tmp_path)

    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        "  .aipolicy.yaml: (top level): None is not of type object"
    )


def test_manifest_larger_than_64_kib_is_refused_unparsed(tmp_path: Path) -> None:
    padding = "# padding\n" * (64 * 1024 // 10 + 1)
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\nproject:\n  id: big\nclassification: internal\n" + padding
    )

    error = config_error(tmp_path)

    assert error.message == ".aipolicy.yaml: larger than 64 KiB; not a manifest."


def test_python_tags_do_not_build_objects(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\n"
        "project:\n"
        "  id: !!python/object/apply:os.system ['touch pwned']\n"
        "classification: internal\n"
    )

    error = config_error(tmp_path)

    # The tagged sequence stays plain data (a list), which the schema then rejects.
    assert error.message == (
        ".aipolicy.yaml is not a valid aipolicy manifest:\n"
        "  .aipolicy.yaml:3: project.id: ['touch pwned'] is not of type string"
    )
    assert not (tmp_path / "pwned").exists()
    assert not Path("pwned").exists()


def test_custom_tag_on_a_scalar_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\nproject:\n  id: orders\nclassification: internal\nkind: !custom service\n"
    )

    error = config_error(tmp_path)

    assert error.message == (
        ".aipolicy.yaml:5: kind: unsupported YAML value of type TaggedScalar; "
        "use plain strings, numbers, lists and mappings."
    )


def test_non_string_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\nproject:\n  id: orders\nclassification: internal\n1: one\n"
    )

    error = config_error(tmp_path)

    assert error.message == ".aipolicy.yaml: top level: key 1 is not a string; quote it."


def test_several_yaml_documents_are_refused(tmp_path: Path) -> None:
    (tmp_path / ".aipolicy.yaml").write_text(
        "version: 1\nproject:\n  id: orders\nclassification: internal\n---\nversion: 1\n"
    )

    error = config_error(tmp_path)

    assert error.message == ".aipolicy.yaml:5: not valid YAML: but found another document"
