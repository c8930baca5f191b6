"""Repository identity: the normalised origin remote and HEAD, read from .git files only."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from aipolicy.collect.identity import IdentityCollector, git_config_value, normalise_remote
from aipolicy.collect.repo import Repo
from aipolicy.errors import UsageError

# --- normalise_remote -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/Org/Repo.git", "github.com/org/repo"),
        ("https://github.com/org/repo", "github.com/org/repo"),
        ("git@github.com:Org/Repo.git", "github.com/org/repo"),
        ("github.com:org/repo", "github.com/org/repo"),
        ("ssh://git@github.com/org/repo.git", "github.com/org/repo"),
        (
            "ssh://git@gitlab.example.com:2222/group/sub/proj.git",
            "gitlab.example.com/group/sub/proj",
        ),
        ("HTTPS://GitHub.COM/Org/Repo", "github.com/org/repo"),
        ("https://github.com:443/org/repo.git", "github.com/org/repo"),
        ("  https://github.com/org/repo/  \n", "github.com/org/repo"),
        ("git://git.example.org/tools/lint.git", "git.example.org/tools/lint"),
    ],
)
def test_network_remotes_normalise_to_lowercase_host_and_path_without_dot_git(
    url: str, expected: str
) -> None:
    assert normalise_remote(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://user:ghp_secret@github.com/org/repo",
        "https://ghp_secret@github.com/org/repo.git",
        "https://oauth2:ghp_secret@github.com:443/org/repo.git",
        "ssh://git:ghp_secret@github.com/org/repo.git",
        "user:ghp_secret@github.com:org/repo.git",
    ],
)
def test_credentials_in_a_remote_are_dropped(url: str) -> None:
    assert normalise_remote(url) == "github.com/org/repo"


@pytest.mark.parametrize(
    "url",
    [
        # a password containing '/' or '@' (not percent-encoded): no host can be trusted
        "https://user:ghp/secret@github.com/org/repo",
        "https://user:ghp@secret@github.com/org/repo",
        # a token in the query string
        "https://github.com/org/repo?access_token=ghp_secret",
    ],
)
def test_remotes_that_cannot_be_split_safely_give_none_rather_than_leak(url: str) -> None:
    assert normalise_remote(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "/srv/git/x.git",
        "file:///srv/x",
        "file:///srv/git/x.git",
        "./sibling",
        "../sibling.git",
        "sibling",
        "",
    ],
)
def test_local_paths_are_not_network_remotes(url: str) -> None:
    assert normalise_remote(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/org/../other/repo",
        "https://github.com/org/./repo",
        "git@github.com:org/../../etc/passwd",
        "ssh://git@github.com/../repo.git",
    ],
)
def test_dot_segments_in_the_path_give_none(url: str) -> None:
    assert normalise_remote(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com",
        "https://github.com/",
        "git@github.com:",
        "https://github.com/org/re po",
        "https://gith_ub.com/org/repo",
        "ext::sh -c touch% /tmp/pwned",
    ],
)
def test_remotes_without_a_plain_host_and_path_give_none(url: str) -> None:
    assert normalise_remote(url) is None


# --- IdentityCollector on real git repositories ---------------------------------------

_GIT_IDENTITY = ("-c", "user.name=Fixture Author", "-c", "user.email=fixture@example.com")


def _git(cwd: Path, *args: str) -> str:
    """Run git with a fixed argv, isolated from the user's and the system's config."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "LC_ALL": "C",
    }
    result = subprocess.run(
        ["git", *_GIT_IDENTITY, "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def _init_with_commit(path: Path, remote: str | None) -> str:
    """``git init`` at ``path``, optionally add ``origin``, make one commit; HEAD's sha."""
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "-q", "-b", "main")
    if remote is not None:
        _git(path, "remote", "add", "origin", remote)
    (path / "README.md").write_text("# fixture\n")
    _git(path, "add", "README.md")
    _git(path, "commit", "-q", "-m", "Initial commit")
    return _git(path, "rev-parse", "HEAD")


def test_git_repo_with_origin_and_a_commit_gives_normalised_remote_and_head(
    tmp_path: Path,
) -> None:
    checkout = tmp_path / "payments-api"
    sha = _init_with_commit(checkout, "git@github.com:Acme/Payments-API.git")

    identity = identify(checkout)

    assert re.fullmatch(r"[0-9a-f]{40}", sha)
    assert identity == ("payments-api", "github.com/acme/payments-api", sha, "git-config")
    assert IdentityCollector().collect(Repo(checkout)).to_json() == {
        "name": "payments-api",
        "remote": "github.com/acme/payments-api",
        "head": sha,
        "identity_source": "git-config",
        "listing": "git",
        "file_count": 1,
    }


def test_credentials_in_the_origin_url_never_reach_the_facts(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    sha = _init_with_commit(checkout, "https://user:ghp_secret@github.com/org/repo.git")

    identity = identify(checkout)

    assert identity == ("repo", "github.com/org/repo", sha, "git-config")


def test_head_is_found_in_packed_refs_when_there_is_no_loose_ref(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    sha = _init_with_commit(checkout, "https://github.com/org/repo.git")
    _git(checkout, "pack-refs", "--all")
    assert not (checkout / ".git" / "refs" / "heads" / "main").exists()

    identity = identify(checkout)

    assert identity == ("repo", "github.com/org/repo", sha, "git-config")


def test_detached_head_is_read_directly(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    sha = _init_with_commit(checkout, None)
    _git(checkout, "checkout", "-q", "--detach")
    assert (checkout / ".git" / "HEAD").read_text().strip() == sha

    assert identify(checkout) == ("repo", None, sha, "none")


def test_git_repo_without_origin_has_no_remote(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    sha = _init_with_commit(checkout, None)
    _git(checkout, "remote", "add", "upstream", "https://github.com/org/upstream.git")

    assert identify(checkout) == ("repo", None, sha, "none")


def test_origin_with_a_local_path_has_no_remote(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    sha = _init_with_commit(checkout, "/srv/git/repo.git")

    assert identify(checkout) == ("repo", None, sha, "none")


def test_git_repo_without_commits_has_no_head(tmp_path: Path) -> None:
    checkout = tmp_path / "empty"
    checkout.mkdir()
    _git(checkout, "init", "-q", "-b", "main")
    _git(checkout, "remote", "add", "origin", "https://github.com/org/empty.git")

    identity = identify(checkout)

    assert identity == ("empty", "github.com/org/empty", None, "git-config")


def test_head_ref_climbing_out_of_the_git_directory_is_not_followed(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    _init_with_commit(checkout, None)
    # A work-tree file (inside the repository, outside .git) posing as a ref.
    (checkout / "planted").write_text("0123456789abcdef0123456789abcdef01234567\n")
    (checkout / ".git" / "HEAD").write_text("ref: refs/../../planted\n")

    assert identify(checkout) == ("repo", None, None, "none")


def test_directory_without_git_has_no_remote_and_no_head(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "README.md").write_text("# not a git checkout\n")

    assert identify(plain) == ("plain", None, None, "none")


def test_git_file_pointing_elsewhere_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _init_with_commit(elsewhere, "https://github.com/org/elsewhere.git")
    checkout = tmp_path / "worktree"
    checkout.mkdir()
    (checkout / ".git").write_text(f"gitdir: {elsewhere / '.git'}\n")

    assert identify(checkout) == ("worktree", None, None, "none")


def test_a_real_git_worktree_has_unknown_identity(tmp_path: Path) -> None:
    main = tmp_path / "main"
    _init_with_commit(main, "https://github.com/org/repo.git")
    _git(main, "worktree", "add", "-q", "-b", "feature", str(tmp_path / "feature"))
    assert (tmp_path / "feature" / ".git").is_file()

    identity = identify(tmp_path / "feature")

    assert identity == ("feature", None, None, "none")


def test_git_directory_symlinked_from_outside_the_repo_is_not_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _init_with_commit(elsewhere, "https://github.com/org/elsewhere.git")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    os.symlink(elsewhere / ".git", checkout / ".git")

    assert identify(checkout) == ("checkout", None, None, "none")


@pytest.mark.parametrize(
    "config",
    [
        '[core]\n\tsharedRepository\n[remote "origin"]\n\turl = https://github.com/o/r.git\n',
        '[remote "origin"]\n\turl = https://github.com/o/r.git # a mirror\n',
        '[remote "origin"]\n\turl = "https://github.com/o/r.git"\n',
        '[Remote "origin"]\n\tURL = https://github.com/o/r.git\n',
        '[remote "upstream"]\n\turl = https://x.example/a/b\n[remote "origin"] url = https://github.com/o/r.git\n',
    ],
    ids=["valueless-key", "inline-comment", "quoted", "section-case", "same-line-entry"],
)
def test_origin_is_read_as_git_reads_config(config: str) -> None:
    assert git_config_value(config, 'remote "origin"', "url") == "https://github.com/o/r.git"


def test_subsection_names_are_case_sensitive() -> None:
    assert git_config_value('[remote "Origin"]\n\turl = x\n', 'remote "origin"', "url") is None


def test_git_suffix_is_stripped_whatever_its_case() -> None:
    assert normalise_remote("https://github.com/Org/Repo.GIT") == "github.com/org/repo"


def identify(path: Path) -> tuple[str, str | None, str | None, str]:
    """Name, remote, HEAD and identity source the collector finds at ``path``."""
    found = IdentityCollector().collect(Repo(path))
    return found.name, found.remote, found.head, found.identity_source


def _ci_env(workspace: Path) -> dict[str, str]:
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "Example-Corp/Payments",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SERVER_URL": "https://github.com",
    }


def test_the_ci_environment_names_its_own_checkout(tmp_path: Path) -> None:
    found = IdentityCollector(None, _ci_env(tmp_path)).collect(Repo(tmp_path))
    assert (found.remote, found.identity_source) == ("github.com/example-corp/payments", "ci")


def test_the_ci_environment_does_not_name_another_directory(tmp_path: Path) -> None:
    other = tmp_path / "examples" / "x"
    other.mkdir(parents=True)
    found = IdentityCollector(None, _ci_env(tmp_path)).collect(Repo(other))
    assert (found.remote, found.identity_source) == (None, "none")


def test_gitlab_ci_environment(tmp_path: Path) -> None:
    env = {
        "GITLAB_CI": "true",
        "CI_PROJECT_PATH": "group/sub/app",
        "CI_PROJECT_DIR": str(tmp_path),
        "CI_SERVER_URL": "https://gitlab.example.com",
    }
    found = IdentityCollector(None, env).collect(Repo(tmp_path))
    assert (found.remote, found.identity_source) == ("gitlab.example.com/group/sub/app", "ci")


def test_the_repository_option_wins_over_everything(tmp_path: Path) -> None:
    found = IdentityCollector("github.com/Corp/App", _ci_env(tmp_path)).collect(Repo(tmp_path))
    assert (found.remote, found.identity_source) == ("github.com/corp/app", "option")


def test_a_malformed_repository_option_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is not a repository name"):
        IdentityCollector("not a repo", {}).collect(Repo(tmp_path))
