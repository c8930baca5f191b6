"""Sandbox: dev containers, and the Dockerfiles and compose services that run agents, as facts."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from aipolicy.collect.sandbox import (
    DevContainer,
    LifecycleCommand,
    Mount,
    Sandbox,
    SandboxCollector,
)
from aipolicy.collect.sandbox_containers import AgentFlag, ComposeService, Dockerfile, Located
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"

Deadline = Callable[[float], AbstractContextManager[None]]


def collect(path: Path) -> Sandbox:
    return SandboxCollector().collect(Repo(path))


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text)


def devcontainer(root: Path, config: dict[str, Any]) -> DevContainer:
    write(root, ".devcontainer/devcontainer.json", json.dumps(config, indent=2))
    (found,) = collect(root).devcontainers
    return found


# --- dev containers -------------------------------------------------------------------


def test_claude_code_reference_devcontainer_is_read_from_jsonc() -> None:
    sandbox = collect(REPOS / "sandbox-claude-reference")

    assert sandbox.parse_errors == ()
    assert sandbox.devcontainers == (
        DevContainer(
            path=".devcontainer/devcontainer.json",
            name="Claude Code Sandbox",
            dockerfile="Dockerfile",
            dockerfile_path=".devcontainer/Dockerfile",
            run_args=("--cap-add=NET_ADMIN", "--cap-add=NET_RAW"),
            cap_add=("NET_ADMIN", "NET_RAW"),
            mounts=(
                Mount(
                    "source=claude-code-bashhistory-${devcontainerId},target=/commandhistory,"
                    "type=volume",
                    "mounts",
                    "volume",
                    "claude-code-bashhistory-${devcontainerId}",
                    "/commandhistory",
                    19,
                ),
                Mount(
                    "type=volume,source=claude-code-config-${devcontainerId},"
                    "target=/home/node/.claude",
                    "mounts",
                    "volume",
                    "claude-code-config-${devcontainerId}",
                    "/home/node/.claude",
                    20,
                ),
                Mount(
                    "source=${localWorkspaceFolder},target=/workspace,type=bind,"
                    "consistency=delegated",
                    "workspaceMount",
                    "bind",
                    "${localWorkspaceFolder}",
                    "/workspace",
                    26,
                ),
            ),
            remote_user="node",
            features=(
                "ghcr.io/anthropics/devcontainer-features/claude-code:1.0",
                "ghcr.io/devcontainers/features/git:1",
            ),
            container_env=("NODE_OPTIONS", "CLAUDE_CONFIG_DIR"),
            commands=(
                LifecycleCommand("postCreateCommand", "deps", "npm ci", False, 29),
                LifecycleCommand(
                    "postCreateCommand",
                    "agent",
                    "claude --dangerously-skip-permissions -p 'say hi' // not a comment",
                    False,
                    30,
                ),
                LifecycleCommand(
                    "postStartCommand", None, "sudo /usr/local/bin/init-firewall.sh", False, 32
                ),
            ),
            agent_flags=(AgentFlag("--dangerously-skip-permissions", 30),),
            lines={
                "name": 3,
                "build": 4,
                "runArgs": 9,
                "remoteUser": 13,
                "features": 14,
                "mounts": 18,
                "containerEnv": 22,
                "workspaceMount": 26,
                "workspaceFolder": 27,
                "postCreateCommand": 28,
                "postStartCommand": 32,
                "waitFor": 33,
            },
        ),
    )


def test_devcontainer_dockerfile_gives_base_image_user_and_managed_policy_copy() -> None:
    assert collect(REPOS / "sandbox-claude-reference").dockerfiles == (
        Dockerfile(
            path=".devcontainer/Dockerfile",
            devcontainer=True,
            mentions=("anthropic", "claude"),
            base_images=(Located("node:20", 1),),
            users=(Located("node", 11),),
            agent_flags=(),
            policy_paths=(Located("/etc/claude-code/managed-settings.json", 9),),
        ),
    )


def test_run_args_are_read_as_docker_reads_them_and_merged_with_the_properties() -> None:
    root_config, _ = collect(REPOS / "sandbox-compose").devcontainers

    assert root_config == DevContainer(
        path=".devcontainer.json",
        image="mcr.microsoft.com/devcontainers/base:ubuntu",
        run_args=(
            "--network",
            "none",
            "--cap-drop=ALL",
            "--read-only",
            "--security-opt",
            "no-new-privileges",
            "-v",
            "/var/run/docker.sock:/var/run/docker.sock",
            "--init",
            "7",
        ),
        network="none",
        cap_add=("SYS_PTRACE",),
        cap_drop=("ALL",),
        privileged=True,
        read_only=True,
        security_opt=("seccomp=unconfined", "no-new-privileges"),
        mounts=(
            Mount(
                "/var/run/docker.sock:/var/run/docker.sock",
                "runArgs",
                None,
                "/var/run/docker.sock",
                "/var/run/docker.sock",
                3,
            ),
        ),
        container_user="root",
        commands=(LifecycleCommand("initializeCommand", None, "echo runs on the host", False, 8),),
        lines={
            "image": 2,
            "runArgs": 3,
            "securityOpt": 4,
            "capAdd": 5,
            "privileged": 6,
            "containerUser": 7,
            "initializeCommand": 8,
        },
    )


def test_compose_devcontainer_with_a_dockerfile_outside_the_repository() -> None:
    _, agent = collect(REPOS / "sandbox-compose").devcontainers

    assert agent == DevContainer(
        path=".devcontainer/agent/devcontainer.json",
        name="Agent via compose",
        dockerfile="../../../outside/Dockerfile",
        dockerfile_path=None,
        compose_files=("../../docker-compose.agent.yml",),
        service="workspace",
        lines={
            "name": 2,
            "dockerComposeFile": 3,
            "service": 4,
            "dockerFile": 5,
            "postCreateCommand": 6,
        },
    )


@pytest.mark.parametrize(
    ("run_args", "expected"),
    [
        (["--net=host"], {"network": "host"}),
        (["--network", "bridge", "--network=none"], {"network": "none"}),
        (["--privileged=false", "--read-only=true"], {"read_only": True}),
        (["--privileged", "--cap-add", "ALL"], {"privileged": True, "cap_add": ("ALL",)}),
        (["--network"], {}),
        (
            ["--mount", "type=bind,src=/,dst=/host,readonly"],
            {
                "mounts": (
                    Mount("type=bind,src=/,dst=/host,readonly", "runArgs", "bind", "/", "/host", 2),
                )
            },
        ),
        (
            ["-v/home:/h:ro", "--volume=cache:/cache", "-v", "/anon"],
            {
                "mounts": (
                    Mount("/home:/h:ro", "runArgs", None, "/home", "/h", 2),
                    Mount("cache:/cache", "runArgs", None, "cache", "/cache", 2),
                    Mount("/anon", "runArgs", None, None, "/anon", 2),
                )
            },
        ),
    ],
)
def test_run_args_forms(tmp_path: Path, run_args: list[str], expected: dict[str, Any]) -> None:
    found = devcontainer(tmp_path, {"runArgs": run_args})

    assert found == DevContainer(
        path=".devcontainer/devcontainer.json",
        run_args=tuple(run_args),
        lines={"runArgs": 2},
        **expected,
    )


def test_long_lifecycle_command_is_cut_at_500_characters_and_never_run(tmp_path: Path) -> None:
    command = "touch pwned && " + "x" * 600
    found = devcontainer(tmp_path, {"postStartCommand": command, "onCreateCommand": ["touch", "x"]})

    assert found.commands == (
        LifecycleCommand("onCreateCommand", None, "touch x", False, 3),
        LifecycleCommand("postStartCommand", None, command[:500], True, 2),
    )
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "x").exists()


def test_values_of_the_wrong_type_are_left_out(tmp_path: Path) -> None:
    found = devcontainer(
        tmp_path,
        {"image": 1, "runArgs": "--privileged", "privileged": "yes", "features": ["a"]},
    )

    assert found == DevContainer(
        path=".devcontainer/devcontainer.json",
        lines={"image": 2, "runArgs": 3, "privileged": 4, "features": 5},
    )


# --- agent Dockerfiles and compose services --------------------------------------------


def test_dockerfiles_are_kept_when_their_path_or_text_mentions_an_agent() -> None:
    assert collect(REPOS / "sandbox-compose").dockerfiles == (
        Dockerfile("agents/dockerfile", False, ("agent",), (Located("node:20", 1),), (), (), ()),
        Dockerfile(
            path="docker/claude.Dockerfile",
            devcontainer=False,
            mentions=("claude",),
            base_images=(Located("ghcr.io/example/claude-runner:1", 1),),
            users=(),
            agent_flags=(AgentFlag("--permission-mode=bypassPermissions", 2),),
            policy_paths=(),
        ),
        Dockerfile(
            path="docker/codex/Dockerfile",
            devcontainer=False,
            mentions=("codex", "openai"),
            base_images=(Located("node:22-slim", 2), Located("base", 4)),
            users=(Located("root", 7), Located("agent", 10)),
            agent_flags=(
                AgentFlag("--dangerously-bypass-approvals-and-sandbox", 8),
                AgentFlag("--yolo", 9),
            ),
            policy_paths=(Located("/etc/codex/requirements.toml", 6),),
        ),
    )


def test_compose_services_of_agents_and_of_devcontainers() -> None:
    assert collect(REPOS / "sandbox-compose").compose_services == (
        ComposeService(
            path="compose.yaml",
            service="claude",
            line=6,
            devcontainer=False,
            mentions=("claude",),
            image=None,
            network_mode="none",
            cap_add=("NET_BIND_SERVICE",),
            cap_drop=("ALL",),
            privileged=False,
            read_only=True,
            security_opt=("no-new-privileges:true",),
            user="1000:1000",
            command="claude --dangerously-skip-permissions -p fix the tests",
            entrypoint=None,
            volumes=("./:/workspace", "/var/run/docker.sock:/var/run/docker.sock"),
            agent_flags=(AgentFlag("--dangerously-skip-permissions", 18),),
            lines={
                "build": 7,
                "network_mode": 10,
                "cap_drop": 11,
                "cap_add": 12,
                "read_only": 14,
                "security_opt": 15,
                "user": 17,
                "command": 18,
                "volumes": 19,
            },
        ),
        ComposeService(
            path="compose.yaml",
            service="worker",
            line=24,
            devcontainer=False,
            mentions=("codex",),
            image="python:3.12",
            network_mode=None,
            cap_add=(),
            cap_drop=(),
            privileged=False,
            read_only=False,
            security_opt=(),
            user=None,
            command=None,
            entrypoint="codex exec --sandbox danger-full-access --approval-mode yolo",
            volumes=(),
            agent_flags=(
                AgentFlag("--sandbox=danger-full-access", 26),
                AgentFlag("--approval-mode=yolo", 26),
            ),
            lines={"image": 25, "entrypoint": 26},
        ),
        ComposeService(
            path="docker-compose.agent.yml",
            service="workspace",
            line=2,
            devcontainer=True,
            mentions=("agent",),
            image="mcr.microsoft.com/devcontainers/python:3.12",
            network_mode=None,
            cap_add=(),
            cap_drop=(),
            privileged=False,
            read_only=False,
            security_opt=(),
            user=None,
            command=None,
            entrypoint=None,
            volumes=("..:/workspace:cached",),
            agent_flags=(),
            lines={"image": 3, "volumes": 4},
        ),
    )


def test_section_json_has_no_parse_errors_and_follows_the_fragment() -> None:
    sandbox = collect(REPOS / "sandbox-compose")
    data = sandbox.to_json()

    assert list(data) == ["devcontainers", "dockerfiles", "compose_services"]
    assert data["compose_services"][1] == {
        "path": "compose.yaml",
        "service": "worker",
        "line": 24,
        "devcontainer": False,
        "mentions": ["codex"],
        "image": "python:3.12",
        "network_mode": None,
        "cap_add": [],
        "cap_drop": [],
        "privileged": False,
        "read_only": False,
        "security_opt": [],
        "user": None,
        "command": None,
        "entrypoint": "codex exec --sandbox danger-full-access --approval-mode yolo",
        "volumes": [],
        "agent_flags": [
            {"flag": "--sandbox=danger-full-access", "line": 26},
            {"flag": "--approval-mode=yolo", "line": 26},
        ],
        "lines": {"image": 25, "entrypoint": 26},
    }


@pytest.mark.parametrize(
    "repo",
    [
        "sandbox-claude-reference",
        "sandbox-compose",
        "sandbox-malformed",
        "sandbox-not-found",
        "no-assistants",
    ],
)
def test_facts_validate_against_the_schema_fragment(repo: str) -> None:
    schema = section_schema("sandbox")
    Draft202012Validator.check_schema(schema)

    errors = list(Draft202012Validator(schema).iter_errors(collect(REPOS / repo).to_json()))

    assert errors == []


# --- malformed, absent and hostile files -------------------------------------------------


def test_malformed_files_become_parse_errors_not_crashes() -> None:
    sandbox = collect(REPOS / "sandbox-malformed")

    assert sandbox == Sandbox(
        devcontainers=(),
        dockerfiles=(
            # Not UTF-8: read with replacement characters, its instructions still found.
            Dockerfile(
                "docker/agent.Dockerfile",
                False,
                ("agent",),
                (Located("node:20", 1),),
                (Located("node", 3),),
                (),
                (),
            ),
        ),
        compose_services=(),
        parse_errors=(
            ParseError(".devcontainer/devcontainer.json", 4, "Expecting ',' delimiter"),
            ParseError(".devcontainer/latin1/devcontainer.json", 2, "not UTF-8 (byte 16)"),
            ParseError(".devcontainer/list/devcontainer.json", 1, "top level is not an object"),
            ParseError("compose.yml", 1, "top level is not a mapping"),
            ParseError(
                "docker-compose.yml",
                4,
                "expected <block end>, but found '<block mapping start>'",
            ),
        ),
    )


def test_names_are_matched_as_spelled_and_vendored_trees_skipped() -> None:
    assert sorted(os.listdir(REPOS / "sandbox-not-found")) == [
        ".DevContainer",
        ".Devcontainer.json",
        ".devcontainer",
        "Claude",
        "docker-compose.yml",
        "third_party",
    ]

    assert collect(REPOS / "sandbox-not-found") == Sandbox()


def test_repository_without_containers_has_an_empty_section() -> None:
    sandbox = collect(REPOS / "no-assistants")

    assert sandbox == Sandbox()
    assert sandbox.to_json() == {"devcontainers": [], "dockerfiles": [], "compose_services": []}


def test_files_symlinked_from_outside_the_repository_are_absent(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(REPOS / "sandbox-claude-reference", outside)
    root = tmp_path / "repo"
    (root / ".devcontainer").mkdir(parents=True)
    os.symlink(outside / ".devcontainer" / "devcontainer.json", root / ".devcontainer.json")
    os.symlink(outside / ".devcontainer", root / ".devcontainer" / "linked")
    os.symlink(outside / ".devcontainer" / "Dockerfile", root / "claude.Dockerfile")
    write(root, "compose.yaml", "services:\n  agent:\n    image: node\n")
    os.symlink(root / "compose.yaml", root / "docker-compose.yml")

    sandbox = collect(root)

    assert sandbox.devcontainers == ()
    assert sandbox.dockerfiles == ()
    # The symlink inside the repository is read; the one pointing out of it is not.
    assert [(s.path, s.service) for s in sandbox.compose_services] == [
        ("compose.yaml", "agent"),
        ("docker-compose.yml", "agent"),
    ]


def test_fifos_named_like_the_files_are_absent_and_do_not_hang(
    tmp_path: Path, deadline: Deadline
) -> None:
    (tmp_path / ".devcontainer").mkdir()
    os.mkfifo(tmp_path / ".devcontainer" / "devcontainer.json")
    os.mkfifo(tmp_path / ".devcontainer" / "Dockerfile")
    os.mkfifo(tmp_path / "docker-compose.claude.yml")

    with deadline(5):
        assert collect(tmp_path) == Sandbox()


def test_undecodable_file_name_is_shown_with_escapes(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/claude-\xff.Dockerfile"
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"FROM node:20\n")
    os.close(fd)

    (dockerfile,) = collect(tmp_path).dockerfiles

    assert dockerfile.path == "claude-\\xff.Dockerfile"
    assert dockerfile.base_images == (Located("node:20", 1),)


def test_large_dockerfile_is_read_up_to_its_cap(tmp_path: Path) -> None:
    write(
        tmp_path, ".devcontainer/Dockerfile", "FROM node:20\n" + "# pad\n" * 50_000 + "USER root\n"
    )

    (dockerfile,) = collect(tmp_path).dockerfiles

    assert dockerfile == Dockerfile(
        ".devcontainer/Dockerfile", True, (), (Located("node:20", 1),), (), (), (), truncated=True
    )
