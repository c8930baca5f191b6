"""The command line, as a user meets it: exit codes, reports, and errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipolicy import opa as opa_module
from aipolicy.cli import app
from aipolicy.opa import OpaBinary
from aipolicy.policy.compile import build_bundle, rego_sources
from aipolicy.policy.orgdata import load_org_data
from aipolicy.validation import schema_errors
from tests.conftest import EXAMPLES, FIXTURES, ROOT

PASSING = str(EXAMPLES / "docs-site")
FAILING = str(EXAMPLES / "shadow-ai-service")
POLICIES = FIXTURES / "policies"

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def no_opa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without any opa: nothing on PATH, no pinned cache, no AIPOLICY_OPA."""
    monkeypatch.delenv("AIPOLICY_OPA", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setenv("AIPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    opa_module.find_opa.cache_clear()
    yield
    opa_module.find_opa.cache_clear()


def test_passing_example_exits_0() -> None:
    code, out, _ = run("check", PASSING)
    assert code == 0
    assert "PASS" in out
    assert "AI assistance: allowed  (classification: public, from manifest)" in out


def test_failing_example_exits_1_with_every_finding_located() -> None:
    code, out, _ = run("check", FAILING)
    assert code == 1
    assert "FAIL" in out
    for expected in (
        "AIP010  .windsurfrules:1",
        "AIP011  .codex/config.toml:1",
        "AIP011  .cursor/rules/style.mdc:1",
        "fix: Use one of the assistants allowed for this classification",
    ):
        assert expected in out
    assert "AIP020  .cursor/rules/style.mdc:1" in out  # customer-data not for Cursor's vendor
    assert "AIP310  ." in out  # confidential: SAST on pull requests required, none found
    assert "10 finding(s) (8 high, 2 low); fails on high and above: fail" in out


def test_fail_on_critical_lets_high_findings_pass() -> None:
    code, out, _ = run("check", FAILING, "--fail-on", "critical")
    assert code == 0
    assert "fails on critical and above: pass" in out


def test_json_report_carries_a_schema_valid_decision(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, out, _ = run("check", FAILING, "--format", "json", "--output", str(report))
    assert code == 1
    assert out == ""
    document = json.loads(report.read_text())
    assert schema_errors(document["decision"], "decision") == []
    assert schema_errors(document["facts"], "repo-facts") == []
    rules = [f["rule"] for f in document["decision"]["findings"]]
    assert rules[:5] == ["AIP010", "AIP011", "AIP011", "AIP020", "AIP020"]  # most severe first
    assert len(rules) == 10
    assert document["policy"]["revision"].startswith("sha256:")


def test_missing_path_is_a_usage_error() -> None:
    code, _, err = run("check", "/nonexistent/repo")
    assert code == 2
    assert "/nonexistent/repo: no such directory." in err


def test_invalid_manifest_names_file_line_and_field() -> None:
    code, _, err = run("check", str(FIXTURES / "cli" / "bad-manifest"))
    assert code == 2
    assert ".aipolicy.yaml:5: kind: 'microservice' is not one of library, service," in err


def test_unknown_classification_in_manifest_fails_closed_as_most_sensitive() -> None:
    code, out, _ = run("check", str(FIXTURES / "cli" / "unknown-class"))
    assert code == 1
    assert "AIP092  .aipolicy.yaml:4" in out
    assert "AIP001  CLAUDE.md:1" in out  # judged as restricted: no assistants at all


def test_invalid_org_data_names_file_line_and_field() -> None:
    code, _, err = run("check", PASSING, "--policy", str(POLICIES / "bad-status"))
    assert code == 2
    assert (
        "org-policy.yaml:58: tools.cursor.status: 'aproved' is not one of "
        "approved, restricted, prohibited" in err
    )


def test_org_data_referring_to_an_unknown_classification_is_rejected() -> None:
    code, _, err = run("check", PASSING, "--policy", str(POLICIES / "unknown-class"))
    assert code == 2
    assert "org-policy.yaml:16: default_classification: 'secret' is not one of" in err


def test_data_only_policy_uses_shipped_rules_without_opa(no_opa: None) -> None:
    code, out, _ = run("check", FAILING, "--policy", str(POLICIES / "data-only"))
    assert code == 1
    assert "AIP010  .cursor/rules/style.mdc:1" in out  # this org prohibits Cursor


def test_policy_with_rego_but_no_opa_says_how_to_install_it(no_opa: None) -> None:
    code, _, err = run("check", PASSING, "--policy", str(POLICIES / "extra-rule"))
    assert code == 2
    assert "opa is needed to compile Rego policies" in err
    assert "go install github.com/open-policy-agent/opa@v1.22.2" in err


def test_rego_that_does_not_compile_names_file_and_line(opa: OpaBinary) -> None:
    code, _, err = run("check", PASSING, "--policy", str(POLICIES / "broken-rego"))
    assert code == 2
    assert "the policy does not compile" in err
    assert f"{POLICIES / 'broken-rego'}/rules/broken.rego:" in err


def test_custom_rule_is_added_to_the_shipped_rules(opa: OpaBinary) -> None:
    code, out, _ = run(
        "check", str(FIXTURES / "cli" / "unknown-class"), "--policy", str(POLICIES / "extra-rule")
    )
    assert code == 1
    assert "CORP001  .aipolicy.yaml" in out
    assert "AIP092" in out  # the shipped rules still run


def test_prebuilt_bundle_is_used_without_opa(tmp_path: Path, opa: OpaBinary) -> None:
    bundle = tmp_path / "corp.tar.gz"
    org = load_org_data(POLICIES / "data-only")
    assert org is not None
    build_bundle(rego_sources(ROOT / "policies"), {"org": org.document}, "corp-1", bundle, opa=opa)
    opa_module.find_opa.cache_clear()
    code, out, _ = run("check", FAILING, "--bundle", str(bundle))
    assert code == 1
    assert "AIP010  .cursor/rules/style.mdc:1" in out  # the bundle's own data.json


def test_not_a_bundle_is_a_configuration_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.tar.gz"
    fake.write_text("hello")
    code, _, err = run("check", PASSING, "--bundle", str(fake))
    assert code == 2
    assert "cannot read it as a .tar.gz OPA bundle" in err


def test_rego_policy_and_bundle_together_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(
        "check",
        PASSING,
        "--policy",
        str(POLICIES / "extra-rule"),
        "--bundle",
        str(ROOT / "toolkit/aipolicy/_bundle/aipolicy-policy.tar.gz"),
    )
    assert code == 2
    assert "holds Rego and --bundle was given too" in err


def test_terminal_escapes_in_the_path_are_shown_not_obeyed(tmp_path: Path) -> None:
    hostile = tmp_path / "repo\x1b[2Jclear"
    hostile.mkdir()
    code, out, _ = run("check", str(hostile))
    assert code in (0, 1)
    assert "\x1b" not in out
    assert "repo\\x1b[2Jclear" in out


@pytest.mark.parametrize("repo", [PASSING, FAILING, str(ROOT)])
def test_facts_are_valid_against_the_schema(repo: str) -> None:
    code, out, _ = run("facts", repo)
    assert code == 0
    assert schema_errors(json.loads(out), "repo-facts") == []


def test_validate_default_org_data_and_a_manifest() -> None:
    code, out, _ = run("validate", PASSING)
    assert code == 0
    assert "org data: valid" in out
    assert "4 classifications, 15 tools, 2 inventory entries" in out
    assert "manifest: valid" in out


def test_validate_reports_invalid_org_data() -> None:
    code, _, err = run("validate", "--policy", str(POLICIES / "bad-status"))
    assert code == 2
    assert "tools.cursor.status: 'aproved'" in err


def test_validate_reports_a_classification_the_org_does_not_define() -> None:
    code, _, err = run("validate", str(FIXTURES / "cli" / "unknown-class"))
    assert code == 2
    assert ".aipolicy.yaml:4: classification: 'confidentail' is not one of public, internal" in err


def test_version_names_the_bundle_revision_and_opa() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("aipolicy 0.1.0\npolicy bundle: sha256:")
    assert "\nopa: " in out


def test_help_documents_the_exit_codes() -> None:
    code, out, _ = run("check", "--help")
    assert code == 0
    assert "0 pass, 1 policy failed, 2 usage or configuration error" in out
