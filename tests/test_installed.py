"""As a new user meets it: the wheel, installed in a fresh venv outside the checkout,
on a machine with no opa, checks the examples with the shipped compiled policy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("installed")
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("aipolicy-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    home = base / "home"
    home.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",  # no opa, no Go toolchain cache
        "HOME": str(home),
        "AIPOLICY_CACHE_DIR": str(base / "cache"),
        "LANG": "C.UTF-8",
    }
    assert not any((Path(p) / "opa").exists() for p in env["PATH"].split(":"))
    return venv / "bin" / "aipolicy", env


def _run(installed: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    exe, env = installed
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=env["HOME"],  # outside the checkout
    )


def test_wheel_ships_compiled_policy_and_schemas() -> None:
    dist = ROOT / "dist-test"
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
            check=True,
            timeout=300,
            capture_output=True,
        )
        names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    finally:
        for f in dist.glob("*"):
            f.unlink()
        if dist.exists():
            dist.rmdir()
    assert "aipolicy/_bundle/aipolicy-policy.tar.gz" in names
    for schema in ("org-policy", "repo-manifest", "repo-facts", "decision"):
        assert f"aipolicy/schema/{schema}.schema.json" in names
    assert "aipolicy/policies/data/org-policy.yaml" in names


def test_installed_check_passes_the_passing_example(installed: tuple[Path, dict[str, str]]) -> None:
    result = _run(installed, "check", str(EXAMPLES / "docs-site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout


def test_installed_check_fails_the_failing_example(installed: tuple[Path, dict[str, str]]) -> None:
    result = _run(installed, "check", str(EXAMPLES / "shadow-ai-service"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "AIP010" in result.stdout and "AIP011" in result.stdout


def test_installed_version_reports_no_opa(installed: tuple[Path, dict[str, str]]) -> None:
    result = _run(installed, "--version")
    assert result.returncode == 0, result.stderr
    assert "opa: not found" in result.stdout


def test_installed_validate_uses_packaged_schemas(installed: tuple[Path, dict[str, str]]) -> None:
    result = _run(installed, "validate", str(EXAMPLES / "docs-site"))
    assert result.returncode == 0, result.stderr
    assert "org data: valid" in result.stdout
    assert os.sep + "aipolicy" + os.sep + "policies" in result.stdout
