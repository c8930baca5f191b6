"""Repo: bounded, read-only access that never leaves the repository root."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from aipolicy.collect.repo import MAX_FILE_BYTES, FileRead, Repo
from aipolicy.errors import UsageError

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
TREE = REPOS / "tree"
Deadline = Callable[[float], AbstractContextManager[None]]
TREE_README = b"# tree\n\nA fixture repository for Repo.list_files and Repo.read.\n"


# --- opening a repository -------------------------------------------------------------


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "does-not-exist"

    with pytest.raises(UsageError) as caught:
        Repo(missing)

    assert caught.value.message == f"{missing}: no such directory."
    assert caught.value.exit_code == 2


def test_a_file_path_is_a_usage_error_not_a_repository() -> None:
    with pytest.raises(UsageError) as caught:
        Repo(TREE / "README.md")

    assert caught.value.message == f"{TREE / 'README.md'}: not a directory."
    assert caught.value.exit_code == 2


def test_the_root_is_resolved_and_named_after_the_directory(tmp_path: Path) -> None:
    real = tmp_path / "checkout"
    real.mkdir()
    os.symlink(real, tmp_path / "link-to-checkout")

    repo = Repo(tmp_path / "link-to-checkout")

    assert repo.root == real.resolve()
    assert repo.name == "checkout"


# --- reading --------------------------------------------------------------------------


def test_reading_a_regular_file_returns_all_its_bytes() -> None:
    assert Repo(TREE).read("README.md") == FileRead(TREE_README, truncated=False)


def test_reading_a_nested_file_by_its_slash_separated_path() -> None:
    assert Repo(TREE).read("docs/a/x.md") == FileRead(b"docs/a/x.md\n", truncated=False)


def test_a_file_exactly_at_the_limit_is_not_truncated() -> None:
    limit = len(TREE_README)

    assert Repo(TREE).read("README.md", limit) == FileRead(TREE_README, truncated=False)


def test_a_file_larger_than_the_limit_comes_back_truncated_to_exactly_the_limit() -> None:
    assert Repo(TREE).read("README.md", 10) == FileRead(b"# tree\n\nA ", truncated=True)


def test_a_file_larger_than_the_default_cap_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    content = bytes(range(256)) * (MAX_FILE_BYTES // 256) + b"tail beyond the cap"
    (tmp_path / "big.bin").write_bytes(content)

    read = Repo(tmp_path).read("big.bin")

    assert read is not None
    assert read.truncated is True
    assert len(read.data) == MAX_FILE_BYTES
    assert read.data == content[:MAX_FILE_BYTES]


def test_a_missing_file_reads_as_none_and_is_not_a_file() -> None:
    repo = Repo(TREE)

    assert repo.read("no-such-file.md") is None
    assert repo.is_file("no-such-file.md") is False


def test_a_directory_is_not_a_file_and_reads_as_none() -> None:
    repo = Repo(TREE)

    assert repo.is_file("docs") is False
    assert repo.is_dir("docs") is True
    assert repo.read("docs") is None


def test_a_relative_path_climbing_out_of_the_root_is_treated_as_absent(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("outside\n")
    repo = Repo(root)

    assert repo.is_file("../secret.txt") is False
    assert repo.read("../secret.txt") is None
    assert repo.is_dir("..") is False
    assert repo.list_files("..") == []


def test_an_absolute_path_outside_the_root_is_treated_as_absent(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("outside\n")
    repo = Repo(root)

    assert repo.is_file(str(secret)) is False
    assert repo.read(str(secret)) is None


# --- symlinks -------------------------------------------------------------------------


def test_symlink_to_a_file_inside_the_repo_is_readable(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "real.md").write_bytes(b"inside\n")
    os.symlink("docs/real.md", tmp_path / "alias.md")
    repo = Repo(tmp_path)

    assert repo.is_file("alias.md") is True
    assert repo.read("alias.md") == FileRead(b"inside\n", truncated=False)
    assert repo.list_files("") == ["alias.md"]


def test_symlink_pointing_outside_the_repo_is_treated_as_absent(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    elsewhere = tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_bytes(b"do not read me\n")
    (root / "README.md").write_bytes(b"readme\n")
    os.symlink(elsewhere / "secret.txt", root / "CLAUDE.md")
    repo = Repo(root)

    assert repo.is_file("CLAUDE.md") is False
    assert repo.read("CLAUDE.md") is None
    assert repo.list_files("") == ["README.md"]


def test_relative_symlink_climbing_out_of_the_repo_is_treated_as_absent(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.txt").write_bytes(b"do not read me\n")
    os.symlink("../secret.txt", root / "notes.md")
    repo = Repo(root)

    assert repo.is_file("notes.md") is False
    assert repo.read("notes.md") is None
    assert repo.list_files("") == []


def test_dangling_symlink_is_treated_as_absent(tmp_path: Path) -> None:
    os.symlink("nowhere.md", tmp_path / "dangling.md")
    repo = Repo(tmp_path)

    assert repo.is_file("dangling.md") is False
    assert repo.read("dangling.md") is None
    assert repo.list_files("") == []


def test_symlinked_directory_pointing_outside_is_not_listed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "kept.md").write_bytes(b"kept\n")
    outside.mkdir()
    (outside / "leaked.md").write_bytes(b"leaked\n")
    os.symlink(outside, root / "docs" / "linked")
    repo = Repo(root)

    assert repo.list_files("docs", recursive=True) == ["docs/kept.md"]
    assert repo.list_files("docs/linked", recursive=True) == []
    assert repo.is_dir("docs/linked") is False
    assert repo.is_file("docs/linked/leaked.md") is False
    assert repo.read("docs/linked/leaked.md") is None


def test_symlinked_directory_inside_the_repo_is_not_descended_into(tmp_path: Path) -> None:
    (tmp_path / "docs" / "real").mkdir(parents=True)
    (tmp_path / "docs" / "real" / "a.md").write_bytes(b"a\n")
    os.symlink("real", tmp_path / "docs" / "alias")
    repo = Repo(tmp_path)

    assert repo.list_files("docs", recursive=True) == ["docs/real/a.md"]


# --- special files --------------------------------------------------------------------


def test_fifo_is_neither_a_file_nor_readable_and_does_not_hang(
    tmp_path: Path, deadline: Deadline
) -> None:
    (tmp_path / "README.md").write_bytes(b"readme\n")
    os.mkfifo(tmp_path / "CLAUDE.md")
    repo = Repo(tmp_path)

    # No writer ever opens the fifo: a blocking open or read would never return.
    with deadline(5):
        assert repo.is_file("CLAUDE.md") is False
        assert repo.read("CLAUDE.md") is None
        assert repo.list_files("", recursive=True) == ["README.md"]


# --- listing --------------------------------------------------------------------------


def test_list_files_without_recursion_gives_the_directory_s_own_files_sorted() -> None:
    assert Repo(TREE).list_files("docs") == [
        "docs/B.md",
        "docs/a-b.md",
        "docs/a.md",
        "docs/a0.md",
    ]


def test_list_files_recursive_sorts_whole_paths_as_strings() -> None:
    # '-' < '.' < '/' < '0' and 'B' < 'a': a plain sort of the full relative paths.
    assert Repo(TREE).list_files("docs", recursive=True) == [
        "docs/B.md",
        "docs/a-b.md",
        "docs/a.md",
        "docs/a/x.md",
        "docs/a0.md",
        "docs/sub/deeper/deepest/leaf.md",
    ]


def test_list_files_of_the_root_uses_paths_relative_to_the_root() -> None:
    assert Repo(TREE).list_files("", recursive=True) == [
        "README.md",
        "docs/B.md",
        "docs/a-b.md",
        "docs/a.md",
        "docs/a/x.md",
        "docs/a0.md",
        "docs/sub/deeper/deepest/leaf.md",
    ]


@pytest.mark.parametrize(
    ("max_depth", "expected"),
    [
        (0, ["docs/B.md", "docs/a-b.md", "docs/a.md", "docs/a0.md"]),
        (1, ["docs/B.md", "docs/a-b.md", "docs/a.md", "docs/a/x.md", "docs/a0.md"]),
        (2, ["docs/B.md", "docs/a-b.md", "docs/a.md", "docs/a/x.md", "docs/a0.md"]),
        (
            3,
            [
                "docs/B.md",
                "docs/a-b.md",
                "docs/a.md",
                "docs/a/x.md",
                "docs/a0.md",
                "docs/sub/deeper/deepest/leaf.md",
            ],
        ),
    ],
)
def test_list_files_descends_at_most_max_depth_directories(
    max_depth: int, expected: list[str]
) -> None:
    assert Repo(TREE).list_files("docs", recursive=True, max_depth=max_depth) == expected


def test_list_files_default_depth_bound_is_six_directories_below(tmp_path: Path) -> None:
    level = tmp_path / "top"
    for depth in range(8):
        level.mkdir()
        (level / f"f{depth}.md").write_bytes(b"x\n")
        level = level / "d"
    repo = Repo(tmp_path)

    assert repo.list_files("top", recursive=True) == [
        "top/d/d/d/d/d/d/f6.md",
        "top/d/d/d/d/d/f5.md",
        "top/d/d/d/d/f4.md",
        "top/d/d/d/f3.md",
        "top/d/d/f2.md",
        "top/d/f1.md",
        "top/f0.md",
    ]


def test_list_files_of_a_missing_directory_or_of_a_file_is_empty() -> None:
    repo = Repo(TREE)

    assert repo.list_files("no-such-dir", recursive=True) == []
    assert repo.list_files("README.md", recursive=True) == []
