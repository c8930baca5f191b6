"""``aipolicy test``: the Rego unit tests, run by the real opa, presented for people and CI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from aipolicy.cli import app
from aipolicy.opa import OpaBinary
from tests.conftest import FIXTURES, ROOT
from tests.test_cli import no_opa  # noqa: F401 - fixture

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["test", *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken_policies(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    rule = copy / "rules" / "tools" / "tools.rego"
    rule.write_text(rule.read_text().replace('== "prohibited"', '== "forbidden"', 1))
    return copy


def test_shipped_policy_tests_pass(opa: OpaBinary) -> None:
    code, out, _ = run(str(ROOT / "policies"))
    assert code == 0
    assert out.startswith("PASS: ")
    passed, total = out.split()[1].split("/")
    assert passed == total and int(total) >= 30


def test_a_broken_rule_fails_with_file_and_line(opa: OpaBinary, broken_policies: Path) -> None:
    code, out, _ = run(str(broken_policies))
    assert code == 1
    tests_file = broken_policies / "rules" / "tools" / "tools_test.rego"
    assert (
        f"FAIL  data.aipolicy.rules.tools_test.test_prohibited_tool_is_reported  {tests_file}:"
        in out
    )
    assert re.fullmatch(r"FAIL: \d+/\d+ passed, \d+ failed", out.splitlines()[-1])


def test_verbose_lists_passing_tests_and_run_filters(opa: OpaBinary) -> None:
    code, out, _ = run(str(ROOT / "policies"), "-v", "--run", "test_unknown")
    assert code == 0
    *tests, summary = out.splitlines()
    assert tests and all(line.startswith("PASS  ") and ".test_unknown" in line for line in tests)
    assert summary == f"PASS: {len(tests)}/{len(tests)} passed"
    code, everything, _ = run(str(ROOT / "policies"))
    assert int(everything.split()[1].split("/")[1]) > len(tests)


def test_junit_report_counts_failures(
    opa: OpaBinary, broken_policies: Path, tmp_path: Path
) -> None:
    report = tmp_path / "rego.xml"
    code, _, _ = run(str(broken_policies), "--junit", str(report))
    assert code == 1
    root = ET.fromstring(report.read_text())  # noqa: S314 - our own output
    suite = next(s for s in root if s.get("name") == "data.aipolicy.rules.tools_test")
    assert suite.get("failures") == "1"
    failed = [c.get("name") for c in suite if c.find("failure") is not None]
    assert failed == ["test_prohibited_tool_is_reported"]


def test_coverage_below_threshold_fails(opa: OpaBinary) -> None:
    code, out, _ = run(str(ROOT / "policies"), "--coverage", "--threshold", "100.1")
    assert code == 1
    assert "is below the threshold 100.1%" in out


def test_an_extension_directory_is_tested_with_the_shipped_rules(opa: OpaBinary) -> None:
    code, out, _ = run(str(FIXTURES / "policies" / "extra-rule"), "--coverage")
    assert code == 0
    assert out == "PASS: 3/3 passed; coverage 100.0%\n"


def test_rego_that_does_not_load_is_exit_2(opa: OpaBinary) -> None:
    code, _, err = run(str(FIXTURES / "policies" / "broken-rego"))
    assert code == 2
    assert "broken-rego/rules/broken.rego:6: rego_parse_error" in err


def test_without_opa_says_how_to_install_it(no_opa: None) -> None:  # noqa: F811
    code, _, err = run()
    assert code == 2
    assert "opa is needed to run the Rego tests" in err
    assert "go install github.com/open-policy-agent/opa@v1.22.2" in err
