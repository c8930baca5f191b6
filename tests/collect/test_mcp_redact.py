"""Secrets in MCP server command lines and URLs: redacted before they become facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aipolicy.collect.agent_config import AgentConfigCollector
from aipolicy.collect.agent_mcp import PlaintextSecret
from aipolicy.collect.mcp_redact import (
    REDACTED,
    CommandLineSecret,
    redact_command_line,
    strip_url,
    url_secrets,
)
from aipolicy.collect.mcp_values import value_secret
from aipolicy.collect.repo import Repo
from aipolicy.collect.secrets import SecretToken, looks_placeholder, secret_tokens

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
GITHUB_TOKEN = "ghp_" + "R7tK2mQ9vX4bN8cL1pZ6wY3hJ5dF0sA2eG7u"
FIXTURE_SECRETS = (
    "Vq7#mTz2Lp9wKc",
    "ctx7sk-4f1c9a7e-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
    "Qm8vTz4WcR2pLx7K",
    GITHUB_TOKEN,
)
"""Every literal secret in tests/fixtures/repos/mcp-secret-args."""
ENV_FIXTURE_SECRETS = (
    "Wd4#pRt8Kx2mZq",
    "ghp_T4wQ8nZ2kV6xB1mR9cL3pY7hJ5dF0sA2eK8u",
    "ghp_M2vX9kQ4tB7nW1cR8pZ3yL6hJ5dF0sA2eG4q",
    "Lq9vT3mK7xRw",
)
"""Every literal secret in tests/fixtures/repos/mcp-secret-env."""


def arg(args: list[str]) -> tuple[tuple[str, ...], list[tuple[int, str]]]:
    """The redacted arguments and (index, kind) of each secret, for a plain command."""
    _, redacted, found = redact_command_line("server", args)
    assert all(s.where == "arg" for s in found)
    return redacted, [(s.index, s.kind) for s in found]


@pytest.mark.parametrize(
    ("args", "redacted", "found"),
    [
        (["--api-key", "k7Hq2LmZ9xVb"], ("--api-key", REDACTED), [(1, "option")]),
        (["--api-key=k7Hq2LmZ9xVb"], (f"--api-key={REDACTED}",), [(0, "option")]),
        (["--token", "Zx81kqW"], ("--token", REDACTED), [(1, "option")]),
        (["--password", "hunter22x"], ("--password", REDACTED), [(1, "option")]),
        (["--client-secret=s3cr3tv4l"], (f"--client-secret={REDACTED}",), [(0, "option")]),
        (["--github-token", GITHUB_TOKEN], ("--github-token", REDACTED), [(1, "github_token")]),
        ([GITHUB_TOKEN], (REDACTED,), [(0, "github_token")]),
        (
            ["-e", f"GITHUB_TOKEN={GITHUB_TOKEN}"],
            ("-e", f"GITHUB_TOKEN={REDACTED}"),
            [(1, "github_token")],
        ),
        (["-e", "API_KEY=k7Hq2LmZ9xVb"], ("-e", f"API_KEY={REDACTED}"), [(1, "assignment")]),
        (["--env=DB_PASSWORD=pw0rd9"], (f"--env=DB_PASSWORD={REDACTED}",), [(0, "assignment")]),
        (
            ["--header", "Authorization: Bearer qwe123rty"],
            ("--header", f"Authorization: Bearer {REDACTED}"),
            [(1, "header")],
        ),
        (["--header=X-API-Key: Zx81kqqq"], (f"--header=X-API-Key: {REDACTED}",), [(0, "header")]),
        (
            ["postgresql://app:S3cr3tPw@db.internal:5432/prod"],
            (f"postgresql://app:{REDACTED}@db.internal:5432/prod",),
            [(0, "url_password")],
        ),
        (
            ["mysql://root:p@ss/w#rd@db.example.com/app"],
            (f"mysql://root:{REDACTED}@db.example.com/app",),
            [(0, "url_password")],
        ),
        (
            ["https://mcp.example.com/sse?token=abc123def&x=1"],
            (f"https://mcp.example.com/sse?token={REDACTED}&x=1",),
            [(0, "url_query")],
        ),
        (
            ["--url=https://x.blob.core.windows.net/c?sv=2020&sig=ABCdef%2Bxyz"],
            (f"--url=https://x.blob.core.windows.net/c?sv=2020&sig={REDACTED}",),
            [(0, "url_query")],
        ),
    ],
)
def test_secrets_in_arguments_are_redacted_and_located(
    args: list[str], redacted: tuple[str, ...], found: list[tuple[int, str]]
) -> None:
    assert arg(args) == (redacted, found)


@pytest.mark.parametrize(
    "args",
    [
        ["--token", "${GITHUB_TOKEN}"],
        ["--token=$GITHUB_TOKEN"],
        ["--api-key", "%API_KEY%"],
        ["--api-key", "{env:API_KEY}"],
        ["--api-key", "${input:api-key}"],
        ["--api-key", "$(cat ~/.config/key)"],
        ["--header", "Authorization: Bearer ${GITHUB_TOKEN}"],
        ["--header", "Authorization:${AUTH_HEADER}"],
        ["-e", "GITHUB_PERSONAL_ACCESS_TOKEN"],
        ["-e", "GITHUB_TOOLSETS=repos,issues"],
        ["-e", "TOKEN_FILE=token.txt"],
        ["postgresql://user:${DB_PASSWORD}@localhost/db"],
        ["postgresql://db.internal/prod"],
        ["https://host:8080/@user/mcp"],
        ["https://mcp.example.com/sse?session=1&format=json"],
        ["--api-key", "your-api-key-here"],
        ["--api-key", "<API_KEY>"],
        ["--token", "xxxxxxxxxxxx"],
        ["--token", "--verbose"],
        ["--token"],
        ["--token-file", "/run/secrets/token"],
        ["--api-key-env", "CONTEXT7_API_KEY"],
        ["--key", "k7Hq2LmZ9xVb"],
        ["--ssl-key", "certs/server.key"],
        ["--auth-type", "oauth"],
        ["--no-auth"],
        ["-p", "8080:8080"],
        ["--host", "127.0.0.1", "--port", "8931"],
        ["ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    ],
)
def test_references_placeholders_paths_and_plain_options_are_not_secrets(
    args: list[str],
) -> None:
    assert arg(args) == (tuple(args), [])


@pytest.mark.parametrize(
    ("command", "args", "redacted", "found"),
    [
        (
            "mysql",
            ["-u", "root", "-pHunter22"],
            ("-u", "root", f"-p{REDACTED}"),
            [(2, "db_password")],
        ),
        (
            "mongosh",
            ["-u", "admin", "-p", "Hunter22"],
            ("-u", "admin", "-p", REDACTED),
            [(3, "db_password")],
        ),
        ("redis-cli", ["-a", "Hunter22"], ("-a", REDACTED), [(1, "db_password")]),
        ("/opt/mssql-tools/bin/sqlcmd", ["-P", "Hunter22"], ("-P", REDACTED), [(1, "db_password")]),
        (
            "docker",
            ["exec", "-i", "db", "mysql", "-pHunter22"],
            ("exec", "-i", "db", "mysql", f"-p{REDACTED}"),
            [(4, "db_password")],
        ),
        ("psql", ["-h", "db", "-p", "5432"], ("-h", "db", "-p", "5432"), []),
        ("docker", ["run", "-p", "3306:3306", "mysql"], ("run", "-p", "3306:3306", "mysql"), []),
    ],
)
def test_a_database_client_s_password_flag_is_a_secret(
    command: str, args: list[str], redacted: tuple[str, ...], found: list[tuple[int, str]]
) -> None:
    _, out, secrets = redact_command_line(command, args)
    assert (out, [(s.index, s.kind) for s in secrets]) == (redacted, found)


def test_a_command_written_as_one_string_is_redacted_word_by_word_and_kept_as_written() -> None:
    shown, args, found = redact_command_line("node  server.js --token=Zx81kqW", ["--port", "1"])
    assert shown == f"node  server.js --token={REDACTED}"
    assert args == ("--port", "1")
    assert found == [CommandLineSecret("command", 3, "option")]
    assert CommandLineSecret("command", 3, "option").key == ("command",)
    assert CommandLineSecret("arg", 2, "option").key == ("args", 2)


@pytest.mark.parametrize(
    ("url", "shown", "kinds"),
    [
        (
            "https://u:pw123abc@h.example.com/mcp?api_key=zzz999&v=1",
            "https://h.example.com/mcp",
            ["url_password", "url_query"],
        ),
        ("https://u:p#w@h.example.com/mcp", "https://h.example.com/mcp", ["url_password"]),
        ("https://h.example.com/mcp?key=${KEY}", "https://h.example.com/mcp", []),
        (
            f"https://h.example.com/{GITHUB_TOKEN}/sse",
            f"https://h.example.com/{REDACTED}/sse",
            ["github_token"],
        ),
        ("https://h.example.com/mcp", "https://h.example.com/mcp", []),
        ("${MCP_URL}", "${MCP_URL}", []),
    ],
)
def test_a_remote_url_records_the_kinds_of_secret_it_held(
    url: str, shown: str, kinds: list[str]
) -> None:
    assert url_secrets(url) == (shown, kinds)


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        (
            "postgresql://u:ab/c@d@db.example.com:5432/orders",
            "postgresql://db.example.com:5432/orders",
        ),
        ("https://u:p#w@host/x?y", "https://host/x"),
        ("https://host:8080/@user/mcp", "https://host:8080/@user/mcp"),
    ],
)
def test_a_password_with_unencoded_separators_is_stripped_whole(url: str, stripped: str) -> None:
    assert strip_url(url) == stripped


def test_secret_tokens_give_character_offsets_and_placeholders() -> None:
    text = f"é {GITHUB_TOKEN} ü AKIAIOSFODNN7EXAMPLE"
    assert secret_tokens(text) == [
        SecretToken("github_token", 2, 42, False),
        SecretToken("aws_access_key_id", 45, 65, True),
    ]
    assert text[2:42] == GITHUB_TOKEN
    assert looks_placeholder("your-api-key") and not looks_placeholder("k7Hq2LmZ9xVb")


def test_the_fixture_s_secrets_are_redacted_and_located() -> None:
    config = AgentConfigCollector().collect(Repo(REPOS / "mcp-secret-args"))
    by_server = {(s.path, s.name): (s.args, s.url, s.plaintext_secrets) for s in config.mcp_servers}

    assert by_server == {
        (".cursor/mcp.json", "context7"): (
            ("-y", "@upstash/context7-mcp@1.0.21", "--api-key", REDACTED),
            None,
            (PlaintextSecret("arg", 3, "option", 5),),
        ),
        (".cursor/mcp.json", "analytics"): (
            (),
            "https://mcp.analytics.example.com/sse",
            (PlaintextSecret("url", None, "url_query", 8),),
        ),
        (".mcp.json", "orders-db"): (
            (
                "-y",
                "@modelcontextprotocol/server-postgres@0.6.2",
                f"postgresql://orders_app:{REDACTED}@db.internal.example.com:5432/orders",
            ),
            None,
            (PlaintextSecret("arg", 2, "url_password", 8),),
        ),
        (".mcp.json", "github"): (
            (
                "-y",
                "mcp-remote@0.1.29",
                "https://api.githubcopilot.com/mcp/",
                "--header",
                "Authorization: Bearer ${GITHUB_TOKEN}",
            ),
            None,
            (),
        ),
        (".vscode/mcp.json", "github"): (
            (
                "run",
                "-i",
                "--rm",
                "-e",
                f"GITHUB_PERSONAL_ACCESS_TOKEN={REDACTED}",
                "ghcr.io/github/github-mcp-server:v0.13.0",
            ),
            None,
            (PlaintextSecret("arg", 4, "github_token", 11),),
        ),
    }
    facts = json.dumps(config.to_json())
    for secret in FIXTURE_SECRETS:
        assert secret not in facts


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("postgresql://app:S3cr3tPw@db.internal:5432/prod", "url_password"),
        ("mysql://root:p@ss/w#rd@db.example.com/app", "url_password"),
        (GITHUB_TOKEN, "github_token"),
        (f"token {GITHUB_TOKEN}", "github_token"),
        ("https://hooks.example.com/in?sig=ABCdef%2Bxyz", "url_query"),
        ("--api-key k7Hq2LmZ9xVb --verbose", "option"),
        ("postgresql://app:${DB_PASSWORD}@db/app", None),
        ("${DATABASE_URL}", None),
        ("postgresql://db.internal/prod", None),
        ("ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", None),
        ("your-api-key-here", None),
        ("https://github.example.com", None),
        ("--max-old-space-size=4096", None),
        ("debug", None),
        ("", None),
    ],
)
def test_an_env_or_header_value_is_judged_by_its_shape(value: str, kind: str | None) -> None:
    assert value_secret(value) == kind


def test_secrets_in_env_and_header_values_are_located_by_name_never_recorded() -> None:
    config = AgentConfigCollector().collect(Repo(REPOS / "mcp-secret-env"))
    by_server = {(s.path, s.name): s.plaintext_secrets for s in config.mcp_servers}

    assert by_server == {
        (".mcp.json", "orders-db"): (
            PlaintextSecret("env", None, "url_password", 7, "DATABASE_URL"),
        ),
        (".mcp.json", "github"): (
            PlaintextSecret("env", None, "github_token", 16, "GH"),
            PlaintextSecret("env", None, "github_token", 17, "GITHUB_PERSONAL_ACCESS_TOKEN"),
        ),
        (".vscode/mcp.json", "tickets"): (
            PlaintextSecret("header", None, "url_password", 7, "X-Upstream"),
        ),
    }
    facts = json.dumps(config.to_json())
    for secret in ENV_FIXTURE_SECRETS:
        assert secret not in facts
