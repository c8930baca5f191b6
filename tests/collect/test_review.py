"""Review: the CODEOWNERS file in force, its catch-all owner, and PR / MR templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.repo import Repo
from aipolicy.collect.review import CodeOwners, OwnerRule, ReviewCollector, ReviewFacts
from tests.conftest import section_schema

from .test_ci_controls import untitled

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"


def collect(path: Path) -> ReviewFacts:
    return ReviewCollector().collect(Repo(path))


def test_github_codeowners_in_dot_github_wins_and_its_catch_all_owner_is_recorded() -> None:
    assert collect(REPOS / "review-github") == ReviewFacts(
        codeowners=CodeOwners(
            present=True,
            path=".github/CODEOWNERS",
            rules=(
                OwnerRule("*", ("@example-org/maintainers",), 2),
                OwnerRule("/toolkit/", ("@alice", "@example-org/python"), 4),
                OwnerRule("docs/\\#notes.md", ("docs@example.com",), 5),
                OwnerRule("/generated/", (), 6),
                OwnerRule("/.github/workflows/", ("@example-org/security",), 9),
            ),
            catch_all_owners=("@example-org/maintainers",),
            catch_all_line=2,
            others=("CODEOWNERS",),
        ),
        pr_templates=(
            ".github/PULL_REQUEST_TEMPLATE/bug.md",
            ".github/PULL_REQUEST_TEMPLATE/feature.md",
            ".github/pull_request_template.md",
            "docs/PULL_REQUEST_TEMPLATE.md",
        ),
    )


def test_gitlab_sections_give_their_default_owners_to_rules_without_owners() -> None:
    assert collect(REPOS / "review-gitlab") == ReviewFacts(
        codeowners=CodeOwners(
            present=True,
            path=".gitlab/CODEOWNERS",
            rules=(
                OwnerRule("/README.md", ("@tech-writers",), 1),
                OwnerRule("/app/", ("@backend-leads",), 4, "Backend"),
                OwnerRule("/app/payments/", ("@payments-team",), 5, "Backend"),
                OwnerRule("/docs/", ("@docs-team",), 8, "Docs"),
                OwnerRule("*.md", (), 9, "Docs"),
                OwnerRule("[ab]c.txt", ("@pattern-not-section",), 11, "Docs"),
            ),
        ),
        pr_templates=(
            ".gitlab/merge_request_templates/Default.md",
            ".gitlab/merge_request_templates/Security.md",
        ),
    )


def test_a_codeowners_file_in_docs_that_is_not_utf8_is_read_with_replacement() -> None:
    assert collect(REPOS / "review-docs") == ReviewFacts(
        codeowners=CodeOwners(
            present=True,
            path="docs/CODEOWNERS",
            rules=(OwnerRule("/**", ("@caf\ufffd-team",), 1), OwnerRule("/vendor/", (), 2)),
            catch_all_owners=("@caf\ufffd-team",),
            catch_all_line=1,
        )
    )


def test_without_codeowners_or_templates_review_facts_say_so() -> None:
    assert collect(REPOS / "review-none") == ReviewFacts(CodeOwners(present=False))
    assert collect(REPOS / "review-none").to_json() == {
        "codeowners": {
            "present": False,
            "path": None,
            "rules": [],
            "catch_all_owners": None,
            "catch_all_line": None,
            "truncated": False,
            "others": [],
        },
        "pr_templates": [],
    }


def test_review_facts_serialise_to_the_facts_document_shape() -> None:
    assert collect(REPOS / "review-docs").to_json() == {
        "codeowners": {
            "present": True,
            "path": "docs/CODEOWNERS",
            "rules": [
                {"pattern": "/**", "owners": ["@caf\ufffd-team"], "line": 1, "section": None},
                {"pattern": "/vendor/", "owners": [], "line": 2, "section": None},
            ],
            "catch_all_owners": ["@caf\ufffd-team"],
            "catch_all_line": 1,
            "truncated": False,
            "others": [],
        },
        "pr_templates": [],
    }


def test_a_later_catch_all_rule_overrides_an_earlier_one(tmp_path: Path) -> None:
    (tmp_path / "CODEOWNERS").write_text("* @first\n/src/ @dev\n/** \n")
    codeowners = collect(tmp_path).codeowners
    assert (codeowners.catch_all_owners, codeowners.catch_all_line) == ((), 3)


def test_a_huge_codeowners_file_is_read_only_to_its_cap(tmp_path: Path) -> None:
    (tmp_path / "CODEOWNERS").write_text("* @owner\n" + "/a/ @b\n" * 200_000)
    codeowners = collect(tmp_path).codeowners
    assert codeowners.truncated is True
    assert codeowners.catch_all_owners == ("@owner",)
    assert len(codeowners.rules) == (1024 * 1024 - len("* @owner\n")) // len("/a/ @b\n") + 1


def test_a_codeowners_symlink_out_of_the_repository_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.write_text("* @intruder\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "CODEOWNERS").symlink_to(outside)
    assert collect(repo) == ReviewFacts(CodeOwners(present=False))


@pytest.mark.parametrize("name", ["review-github", "review-gitlab", "review-docs", "review-none"])
def test_review_facts_are_valid_against_the_schema_fragment(name: str) -> None:
    schema = section_schema("review")
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(collect(REPOS / name).to_json()))
    assert [error.message for error in errors] == []


def test_every_property_of_the_schema_fragment_has_a_title_and_a_description() -> None:
    assert untitled(section_schema("review"), "review") == []
