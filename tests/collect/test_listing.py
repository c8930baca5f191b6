"""Listing a repository: git ls-files in a work tree, a pruned walk otherwise, never a
command from the repository's own configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from aipolicy.collect.listing import display_path, list_repository, list_repository_parts


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repo), *args],
        check=True,
        capture_output=True,
    )


def _repo_with_files(root: Path) -> Path:
    for rel in ("src/app.py", "node_modules/x/index.js", "docs/guide.md", ".github/ci.yml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x\n")
    return root


def test_a_git_work_tree_is_listed_by_git_with_vendored_trees_skipped(tmp_path: Path) -> None:
    repo = _repo_with_files(tmp_path / "repo")
    _git(repo, "init", "-q")
    (repo / ".gitignore").write_text("ignored.txt\n")
    (repo / "ignored.txt").write_text("x\n")
    _git(repo, "add", "src", ".gitignore")
    _git(repo, "commit", "-q", "-m", "init")
    files, method = list_repository(repo)
    assert method == "git"
    # tracked plus untracked-not-ignored; ignored and vendored files are not listed
    assert files == [".github/ci.yml", ".gitignore", "docs/guide.md", "src/app.py"]


def test_a_plain_directory_is_walked_with_the_same_pruning(tmp_path: Path) -> None:
    repo = _repo_with_files(tmp_path / "repo")
    files, method = list_repository(repo)
    assert method == "walk"
    assert files == [".github/ci.yml", "docs/guide.md", "src/app.py"]


def test_a_hostile_git_config_cannot_make_git_run_a_command(tmp_path: Path) -> None:
    repo = _repo_with_files(tmp_path / "repo")
    _git(repo, "init", "-q")
    marker = tmp_path / "pwned"
    hook = f"touch {marker}"
    with (repo / ".git" / "config").open("a") as config:
        config.write(f"[core]\n\tfsmonitor = {hook}\n\thooksPath = {tmp_path}\n")
        config.write(f'[alias]\n\tls-files = "!{hook}"\n')
    files, method = list_repository(repo)
    assert method == "git"
    assert "src/app.py" in files
    assert not marker.exists()


def test_names_that_are_not_utf8_are_kept_and_displayed_escaped(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    raw = os.fsencode(str(repo)) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(b"x")
    files, _ = list_repository(repo)
    assert files == [os.fsdecode(b"caf\xe9.txt")]
    assert display_path(files[0]) == "caf\\xe9.txt"


def _with_vendored_tree(root: Path) -> Path:
    repo = _repo_with_files(root)
    for rel in ("vendor/acme/CLAUDE.md", "lib/third_party/x/.claude-plugin/plugin.json"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("x\n")
    return repo


def test_vendored_trees_are_listed_apart_and_tool_state_not_at_all(tmp_path: Path) -> None:
    expected_vendored = ["lib/third_party/x/.claude-plugin/plugin.json", "vendor/acme/CLAUDE.md"]
    walked = _with_vendored_tree(tmp_path / "walked")
    files, vendored, method = list_repository_parts(walked)
    assert (method, vendored) == ("walk", expected_vendored)
    assert not any("vendor" in f or "node_modules" in f for f in files)
    tracked = _with_vendored_tree(tmp_path / "tracked")
    _git(tracked, "init", "-q")
    _git(tracked, "add", "-f", ".")
    files, vendored, method = list_repository_parts(tracked)
    assert (method, vendored) == ("git", expected_vendored)  # node_modules/ stays out
    assert "src/app.py" in files
