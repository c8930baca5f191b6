"""Secrets: secret-like files, by name and by content, recorded without the secret itself."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from aipolicy.collect import secrets as secrets_module
from aipolicy.collect.parse import ParseError
from aipolicy.collect.repo import Repo
from aipolicy.collect.secrets import ContentScan, SecretFile, Secrets, SecretsCollector
from tests.conftest import section_schema

REPOS = Path(__file__).resolve().parents[1] / "fixtures" / "repos"
FAKE_AWS_KEY = "AKIAAU29PC7ZL4HT2DTC"

Deadline = Callable[[float], AbstractContextManager[None]]


def collect(path: Path) -> Secrets:
    return SecretsCollector().collect(Repo(path))


def assert_schema_valid(doc: Any) -> None:
    schema = section_schema("secrets")
    Draft202012Validator.check_schema(schema)
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(doc)]
    assert errors == []


def by_name(path: str, kind: str, line: int | None = None) -> SecretFile:
    return SecretFile(path, kind, "name", line)


def by_content(path: str, kind: str, line: int) -> SecretFile:
    return SecretFile(path, kind, "content", line)


# --- by name ----------------------------------------------------------------------------


def test_secret_like_names_are_recorded_and_templates_lookalikes_and_public_keys_are_not() -> None:
    # Not recorded: .env.example/.sample/.dist/.template (and .env.production.sample), the
    # wrongly cased other/.Env, deploy/id_ed25519.pub, aws/credentials (not under .aws/),
    # .aws/config, web/.npmrc (token from ${NPM_TOKEN}), tools/.npmrc (no token),
    # service-account-readonly.json (no private_key), infra/main.tf.
    assert collect(REPOS / "secrets-names") == Secrets(
        files=(
            by_name(".aws/credentials", "cloud_credentials"),
            by_name(".env", "env_file"),
            by_name(".env.local", "env_file"),
            by_name(".env.production", "env_file"),
            by_name(".git-credentials", "git_credentials"),
            by_name(".kube/config", "kubeconfig"),
            by_name(".netrc", "netrc"),
            by_name(".npmrc", "npm_token", 2),
            by_name(".pypirc", "pypi_credentials"),
            by_name("android/debug.keystore", "keystore"),
            by_name("android/release.jks", "keystore"),
            by_name("certs/ca.PEM", "key_file"),
            by_name("certs/tls.key", "key_file"),
            by_name("deploy/id_rsa", "private_key"),
            by_name("infra/prod.auto.tfvars.json", "terraform_variables"),
            by_name("infra/terraform.tfvars", "terraform_variables"),
            by_name("kubeconfig", "kubeconfig"),
            by_name("service-account.json", "cloud_credentials", 4),
            by_name("store/client.p12", "keystore"),
            by_name("store/client.pfx", "keystore"),
        ),
        content_scan=ContentScan(files_scanned=32, files_too_large=0, records_capped=False),
        parse_errors=(ParseError("service-account-broken.json", 4, "Expecting value"),),
    )


def test_parse_errors_are_not_part_of_the_section_json() -> None:
    doc = collect(REPOS / "secrets-names").to_json()

    assert set(doc) == {"files", "content_scan"}
    assert_schema_valid(doc)


# --- by content -------------------------------------------------------------------------


def test_high_signal_patterns_are_found_with_the_first_line_of_each_kind_per_file() -> None:
    # src/settings.py holds the AWS key twice (lines 4 and 5): the first line is recorded.
    # docs/setup.md has a ghp_ token (line 3) and a github_pat_ one (line 7): one kind.
    # src/lookalikes.py (tokens inside longer words, too short or too long), the binary
    # data/dump.txt and assets/logo.png (not a text extension) are not reported.
    assert collect(REPOS / "secrets-content") == Secrets(
        files=(
            by_name(".env.staging", "env_file"),
            by_content(".env.staging", "aws_access_key_id", 2),
            by_content("Makefile", "github_token", 2),
            by_content("docs/setup.md", "github_token", 3),
            by_content("docs/setup.md", "slack_token", 5),
            by_content("legacy/latin1.cfg", "aws_access_key_id", 2),
            by_content("notes/deploy-key.txt", "private_key", 2),
            by_content("scripts/deploy.sh", "anthropic_api_key", 2),
            by_content("scripts/deploy.sh", "openai_api_key", 3),
            by_content("src/settings.py", "aws_access_key_id", 4),
            by_content("src/settings.py", "google_api_key", 6),
        ),
        content_scan=ContentScan(files_scanned=9, files_too_large=0, records_capped=False),
    )


def test_content_matches_serialise_with_their_line_and_never_the_secret() -> None:
    doc = collect(REPOS / "secrets-content").to_json()

    assert doc["files"][:3] == [
        {"path": ".env.staging", "kind": "env_file", "detected_by": "name"},
        {"path": ".env.staging", "kind": "aws_access_key_id", "line": 2, "detected_by": "content"},
        {"path": "Makefile", "kind": "github_token", "line": 2, "detected_by": "content"},
    ]
    assert doc["content_scan"] == {
        "files_scanned": 9,
        "files_too_large": 0,
        "records_capped": False,
        "files_over_budget": 0,
    }
    text = json.dumps(doc)
    for fragment in ("IOSFODNN7", "FAKE", "AKIA", "ghp_", "xoxb", "sk-", "AIza", "BEGIN"):
        assert fragment not in text
    assert_schema_valid(doc)


def test_only_the_first_256_kib_of_text_files_up_to_1_mib_are_searched(tmp_path: Path) -> None:
    filler = b"x = 1\n" * (300 * 1024 // 6)
    (tmp_path / "early.py").write_bytes(f'KEY = "{FAKE_AWS_KEY}"\n'.encode() + filler)
    (tmp_path / "late.py").write_bytes(filler + f'KEY = "{FAKE_AWS_KEY}"\n'.encode())
    big = f'KEY = "{FAKE_AWS_KEY}"\n'.encode() + b"y" * (1024 * 1024)
    (tmp_path / "bundle.min.js").write_bytes(big)

    assert collect(tmp_path) == Secrets(
        files=(by_content("early.py", "aws_access_key_id", 1),),
        content_scan=ContentScan(files_scanned=2, files_too_large=1, records_capped=False),
    )


def test_records_are_capped_and_the_cap_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(secrets_module, "MAX_RECORDS", 2)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.py").write_text(f'KEY = "{FAKE_AWS_KEY}"\n')

    assert collect(tmp_path) == Secrets(
        files=(
            by_content("a.py", "aws_access_key_id", 1),
            by_content("b.py", "aws_access_key_id", 1),
        ),
        content_scan=ContentScan(files_scanned=3, files_too_large=0, records_capped=True),
    )


# --- hostile repositories ---------------------------------------------------------------


def test_symlinks_out_of_the_repository_are_recorded_by_name_and_never_read(
    tmp_path: Path,
) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "keys.txt").write_text(f"{FAKE_AWS_KEY}\n")
    os.symlink(outside / "keys.txt", root / ".env")
    os.symlink(outside / "keys.txt", root / "notes.txt")

    assert collect(root) == Secrets(files=(by_name(".env", "env_file"),))


def test_a_fifo_named_like_a_secret_is_neither_recorded_nor_opened(
    tmp_path: Path, deadline: Deadline
) -> None:
    os.mkfifo(tmp_path / ".env")
    os.mkfifo(tmp_path / "settings.py")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "service-account.json")

    with deadline(5):
        assert collect(tmp_path) == Secrets()


def test_a_name_that_is_not_utf8_is_shown_with_escapes(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.py")).write_text(f'KEY = "{FAKE_AWS_KEY}"\n')
    (tmp_path / os.fsdecode(b"cl\xe9.pem")).write_text("placeholder\n")

    assert collect(tmp_path) == Secrets(
        files=(
            by_content("caf\\xe9.py", "aws_access_key_id", 1),
            by_name("cl\\xe9.pem", "key_file"),
        ),
        content_scan=ContentScan(files_scanned=2),
    )


def test_a_git_ignored_env_file_at_the_root_is_found(tmp_path: Path) -> None:
    # git ls-files leaves ignored files out; the root is also listed directly, because an
    # ignored .env beside the project is on disk and an assistant can read it.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(".env\n")
    (tmp_path / ".env").write_text("SECRET=placeholder\n")

    assert Repo(tmp_path).listing_method == "git"
    assert collect(tmp_path) == Secrets(
        files=(by_name(".env", "env_file"),),
        content_scan=ContentScan(files_scanned=2),
    )


def test_ten_thousand_files_are_scanned_quickly(tmp_path: Path, deadline: Deadline) -> None:
    body = "import os\n" + "VALUE = 'some ordinary text'\n" * 40
    for package in range(100):
        directory = tmp_path / f"pkg{package}"
        directory.mkdir()
        for module in range(100):
            (directory / f"mod{module}.py").write_text(body)
    (tmp_path / "pkg7" / "mod7.py").write_text(f'KEY = "{FAKE_AWS_KEY}"\n')

    with deadline(10):
        found = collect(tmp_path)

    assert found == Secrets(
        files=(by_content("pkg7/mod7.py", "aws_access_key_id", 1),),
        content_scan=ContentScan(files_scanned=10_000),
    )


def test_content_scan_is_bounded_and_searches_configuration_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aipolicy.collect import secrets as secrets_module

    monkeypatch.setattr(secrets_module, "MAX_SCAN_FILES", 2)
    for n in range(3):
        (tmp_path / f"module_{n}.py").write_text("AKIAAU29PC7ZL4HT2DTC\n")
    (tmp_path / "settings.yaml").write_text("key: AKIAAU29PC7ZL4HT2DTC\n")

    found = SecretsCollector().collect(Repo(tmp_path))

    assert found.content_scan.files_scanned == 2
    assert found.content_scan.files_over_budget == 2
    assert [f.path for f in found.files] == ["module_0.py", "settings.yaml"]


def test_documented_examples_and_placeholders_are_marked_not_hidden() -> None:
    found = SecretsCollector().collect(Repo(REPOS / "secrets-placeholders"))
    assert [f.to_json() for f in found.files] == [
        {
            "path": "src/config_example.py",
            "kind": "aws_access_key_id",
            "line": 2,
            "detected_by": "content",
            "placeholder": True,
        },
        {
            "path": "src/config_example.py",
            "kind": "github_token",
            "line": 3,
            "detected_by": "content",
            "placeholder": True,
        },
        # the real-looking key on line 3 wins over the placeholder on line 2
        {
            "path": "src/settings.py",
            "kind": "aws_access_key_id",
            "line": 3,
            "detected_by": "content",
        },
    ]


def test_the_fixture_tokens_elsewhere_are_not_placeholders() -> None:
    for repo in ("secrets-content", "rules-secrets-exposed"):
        for f in SecretsCollector().collect(Repo(REPOS / repo)).files:
            assert not f.placeholder, (repo, f)


@pytest.mark.parametrize(
    "text",
    [
        "token = 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890'\n",
        "key: '-----BEGIN RSA PRIVATE KEY-----...'\n",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA12345\n-----END RSA PRIVATE KEY-----\n",
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n",
    ],
)
def test_elided_keys_and_sequences_read_as_placeholders(tmp_path: Path, text: str) -> None:
    (tmp_path / "sample.txt").write_text(text)
    [found] = SecretsCollector().collect(Repo(tmp_path)).files
    assert found.placeholder
