"""Human review in the repository: CODEOWNERS and pull (merge) request templates.

CODEOWNERS is looked for where GitHub looks (``.github/``, the root, ``docs/``, in that
order; the first found is the one used) and then where only GitLab looks (``.gitlab/``).
GitLab sections (``[Section] @owners``) give default owners to the rules under them.
Whether review is *required* is a server-side setting (branch protection) and is not
visible here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from aipolicy.collect.listing import display_path
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo

CODEOWNERS_LOCATIONS = (
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
)
CATCH_ALL_PATTERNS = frozenset({"*", "**", "/**", "**/*", "/**/*"})
"""Patterns that match every file of the repository."""
MAX_CODEOWNERS_BYTES = 1024 * 1024

_TEMPLATE = re.compile(
    r"^(?:(?:docs/|\.github/)?pull_request_template(?:\.md|\.txt)?"
    r"|(?:docs/|\.github/)?pull_request_template/[^/]+\.(?:md|txt)"
    r"|\.gitlab/merge_request_templates/[^/]+\.md)$",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^\^?\[([^\]]+)\](?:\[\d+\])?(.*)$")
"""A GitLab section header: ``[Name]``, ``^[Optional]``, ``[Name][2] @default-owners``."""
_TOKEN = re.compile(r"(?:\\.|\S)+")


@dataclass(frozen=True)
class OwnerRule:
    """One CODEOWNERS rule."""

    pattern: str
    """The path pattern, as written (escapes kept)."""
    owners: tuple[str, ...]
    """Owners, as written (``@user``, ``@org/team``, e-mail); empty: explicitly unowned."""
    line: int
    """1-based line of the rule."""
    section: str | None = None
    """GitLab section the rule belongs to, if any."""

    def to_json(self) -> dict[str, Any]:
        return {
            "pattern": self.pattern,
            "owners": list(self.owners),
            "line": self.line,
            "section": self.section,
        }


@dataclass(frozen=True)
class CodeOwners:
    """The CODEOWNERS file in force, or its absence."""

    present: bool
    """Whether a CODEOWNERS file was found."""
    path: str | None = None
    """The file (the first of :data:`CODEOWNERS_LOCATIONS` present)."""
    rules: tuple[OwnerRule, ...] = ()
    """Its rules, in file order."""
    catch_all_owners: tuple[str, ...] | None = None
    """Owners of the last rule matching every file (``*``, ``/**``); ``None``: no such rule."""
    catch_all_line: int | None = None
    """1-based line of that rule."""
    truncated: bool = False
    """The file was larger than the read limit; only its start was read."""
    others: tuple[str, ...] = ()
    """CODEOWNERS files in other locations, not used when ``path`` exists."""

    def to_json(self) -> dict[str, Any]:
        return {
            "present": self.present,
            "path": self.path,
            "rules": [rule.to_json() for rule in self.rules],
            "catch_all_owners": None
            if self.catch_all_owners is None
            else list(self.catch_all_owners),
            "catch_all_line": self.catch_all_line,
            "truncated": self.truncated,
            "others": list(self.others),
        }


@dataclass(frozen=True)
class ReviewFacts:
    """What the repository says about human review."""

    codeowners: CodeOwners
    """The CODEOWNERS file in force."""
    pr_templates: tuple[str, ...] = ()
    """Pull request (GitHub) and merge request (GitLab) templates, sorted."""
    parse_errors: tuple[ParseError, ...] = ()
    """Files that could not be parsed (not in JSON; CODEOWNERS is read leniently)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "codeowners": self.codeowners.to_json(),
            "pr_templates": list(self.pr_templates),
        }


class ReviewCollector:
    name = "review"

    def collect(self, repo: Repo) -> ReviewFacts:
        files = repo.files
        present = frozenset(files)
        found = [rel for rel in CODEOWNERS_LOCATIONS if rel in present and repo.is_file(rel)]
        codeowners = read_codeowners(repo, found[0]) if found else CodeOwners(present=False)
        if len(found) > 1:
            others = tuple(display_path(rel) for rel in found[1:])
            codeowners = replace(codeowners, others=others)
        templates = tuple(display_path(rel) for rel in files if _TEMPLATE.match(rel))
        return ReviewFacts(codeowners=codeowners, pr_templates=tuple(sorted(templates)))


def read_codeowners(repo: Repo, rel: str) -> CodeOwners:
    """The rules of the CODEOWNERS file ``rel`` (undecodable bytes replaced)."""
    read = repo.read(rel, MAX_CODEOWNERS_BYTES)
    if read is None:
        return CodeOwners(present=False)
    text = read.data.decode("utf-8", "replace")
    lines = text.splitlines()
    if read.truncated and lines:
        lines = lines[:-1]  # the last line may be cut
    rules = parse_codeowners(lines)
    catch_all = [rule for rule in rules if rule.pattern in CATCH_ALL_PATTERNS]
    return CodeOwners(
        present=True,
        path=display_path(rel),
        rules=rules,
        catch_all_owners=catch_all[-1].owners if catch_all else None,
        catch_all_line=catch_all[-1].line if catch_all else None,
        truncated=read.truncated,
    )


def parse_codeowners(lines: list[str]) -> tuple[OwnerRule, ...]:
    """CODEOWNERS rules from the file's lines (comments, blanks and sections skipped)."""
    rules: list[OwnerRule] = []
    section: str | None = None
    section_owners: tuple[str, ...] = ()
    for number, raw in enumerate(lines, start=1):
        text = _strip_comment(raw).strip()
        if not text:
            continue
        header = _SECTION.match(text)
        if header is not None and (not header.group(2) or header.group(2)[0].isspace()):
            section = header.group(1)
            section_owners = tuple(_TOKEN.findall(header.group(2)))
            continue
        tokens = _TOKEN.findall(text)
        owners = tuple(tokens[1:]) or (section_owners if section is not None else ())
        rules.append(OwnerRule(tokens[0], owners, number, section))
    return tuple(rules)


def _strip_comment(line: str) -> str:
    """``line`` without its comment (``#`` not escaped by a backslash)."""
    for index, char in enumerate(line):
        if char == "#" and (index == 0 or line[index - 1] != "\\"):
            return line[:index]
    return line
