"""The invariant: aipolicy never executes, starts, connects to or downloads anything it reads.

The trap repositories (tests/fixtures/repos/trap-*) hold MCP servers for every assistant
(stdio commands and remote URLs), Claude Code (project and plugin), Codex, Gemini CLI and
Copilot hooks and
Claude Code helper commands, plugin
marketplaces, skills with inline commands and scripts, dev container lifecycle commands,
package scripts, an editor task run on folder open and a hostile git configuration
(core.fsmonitor, core.hooksPath, aliases, filters, pager, credential helper). Each command
would create a marker file and connect to a TCP listener if anything ran it; each URL
points at the listener. The templates carry ``__MARKER__`` and ``__PORT__``; the test fills
them in for this run, checks the repositories through Typer's CliRunner and through the
installed console script, and asserts that no marker exists and no connection arrived.
A control test runs a few of the trap commands on purpose, to show the traps are live.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipolicy.cli import app
from tests.conftest import FIXTURES

TEMPLATES = sorted(p for p in (FIXTURES / "repos").glob("trap-*") if p.is_dir())
CONSOLE_SCRIPT = Path(sys.executable).parent / "aipolicy"
GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    port: int = 0
    accepted: list[str] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    found = Listener(port=server.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, peer = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            found.accepted.append(f"{peer[0]}:{peer[1]}")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join(timeout=5)
    server.close()


def generate(template: Path, dest: Path, marker: Path, port: int) -> Path:
    """A copy of ``template`` at ``dest`` with the placeholders filled in.

    ``git-config`` becomes ``.git/config`` of a fresh repository (written after ``git init``,
    so no git command of the test itself meets it).
    """
    shutil.copytree(template, dest, symlinks=True)
    for path in dest.rglob("*"):
        if path.is_file():
            text = path.read_text()
            path.write_text(text.replace("__MARKER__", str(marker)).replace("__PORT__", str(port)))
    config = dest / "git-config"
    if config.exists():
        git = ["git", "-c", "core.hooksPath=/dev/null", "-C", str(dest)]
        subprocess.run([*git, "init", "-q"], check=True, timeout=60, env={**os.environ, **GIT_ENV})
        subprocess.run([*git, "add", "-A"], check=True, timeout=60, env={**os.environ, **GIT_ENV})
        with (dest / ".git" / "config").open("a") as out:
            out.write(config.read_text())
    return dest


@pytest.fixture
def traps(tmp_path: Path, listener: Listener) -> tuple[list[Path], Path]:
    """Every trap repository generated for this run, and the marker directory."""
    markers = tmp_path / "markers"
    markers.mkdir()
    repos = [
        generate(t, tmp_path / "repos" / t.name, markers / "hit", listener.port) for t in TEMPLATES
    ]
    return repos, markers


def assert_nothing_ran(markers: Path, listener: Listener) -> None:
    assert sorted(p.name for p in markers.iterdir()) == []
    assert listener.accepted == []


def test_every_template_is_filled_in(traps: tuple[list[Path], Path], listener: Listener) -> None:
    repos, markers = traps
    assert {r.name for r in repos} == {
        "trap-devcontainer",
        "trap-git",
        "trap-hooks",
        "trap-mcp",
        "trap-skills",
    }
    for repo in repos:
        for path in repo.rglob("*"):
            if path.is_file() and ".git" not in path.relative_to(repo).parts:
                text = path.read_text()
                assert "__MARKER__" not in text and "__PORT__" not in text, path
    git = next(r for r in repos if r.name == "trap-git")
    config = (git / ".git" / "config").read_text()
    assert f"{markers}/hit.git-fsmonitor" in config
    assert str(listener.port) in config


def test_check_through_cli_runner_runs_nothing(
    traps: tuple[list[Path], Path], listener: Listener
) -> None:
    repos, markers = traps
    runner = CliRunner()
    for repo in repos:
        for args in (
            ["check", str(repo)],
            ["check", str(repo), "-f", "json"],
            ["facts", str(repo)],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code in {0, 1}, (args, result.output)
    assert_nothing_ran(markers, listener)


def test_check_through_the_console_script_runs_nothing(
    traps: tuple[list[Path], Path], listener: Listener
) -> None:
    repos, markers = traps
    assert CONSOLE_SCRIPT.exists()
    for repo in repos:
        for args in (["check", str(repo), "-f", "json"], ["facts", str(repo)]):
            result = subprocess.run(
                [str(CONSOLE_SCRIPT), *args],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
                cwd=repo,  # also where a relative hook path or alias would resolve
            )
            assert result.returncode in {0, 1}, (args, result.stderr)
            json.loads(result.stdout)
    assert_nothing_ran(markers, listener)


def test_the_facts_see_the_traps(traps: tuple[list[Path], Path]) -> None:
    """The traps are read (so the test is not passing because nothing was looked at)."""
    repos, _ = traps
    runner = CliRunner()
    facts = {r.name: json.loads(runner.invoke(app, ["facts", str(r)]).stdout) for r in repos}
    servers = {(s["path"], s["name"]) for s in facts["trap-mcp"]["agent_config"]["mcp_servers"]}
    assert {p for p, _ in servers} == {
        ".mcp.json",
        ".cursor/mcp.json",
        ".vscode/mcp.json",
        ".gemini/settings.json",
        ".codex/config.toml",
    }
    trap_hooks = facts["trap-hooks"]["agent_config"]["hooks"]
    assert {h["tool"] for h in trap_hooks} == {"claude-code", "codex", "copilot", "gemini"}
    assert "plugin" in {h["scope"] for h in trap_hooks}
    scripts = {s["path"] for s in facts["trap-skills"]["instructions"]["skill_scripts"]}
    assert ".gemini/skills/lint/scripts/lint.sh" in scripts
    assert facts["trap-devcontainer"]["sandbox"]["devcontainers"]


def test_the_traps_are_live(tmp_path: Path, listener: Listener) -> None:
    """Control: running a trap on purpose leaves a marker and a connection."""
    markers = tmp_path / "markers"
    markers.mkdir()
    mcp = generate(
        FIXTURES / "repos" / "trap-mcp", tmp_path / "mcp", markers / "hit", listener.port
    )
    server = json.loads((mcp / ".mcp.json").read_text())["mcpServers"]["stdio-trap"]
    subprocess.run([server["command"], *server["args"]], check=True, timeout=60)
    git = generate(
        FIXTURES / "repos" / "trap-git", tmp_path / "git", markers / "hit", listener.port
    )
    subprocess.run(
        ["git", "-C", str(git), "status", "--short"],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, **GIT_ENV},
    )
    assert {"hit.mcp-json", "hit.git-fsmonitor"} <= {p.name for p in markers.iterdir()}
    assert len(listener.accepted) >= 2
