"""``aipolicy test``: the policy's Rego unit tests, run by the real, pinned ``opa test``.

Results are read from ``opa test --format json`` and presented for policy authors
(per-test outcome with file and line, a summary, coverage against a threshold) and for
CI (a JUnit XML report). A directory that adds rules to the shipped policy (no
``package aipolicy.main`` of its own) is tested together with the shipped Rego it
imports, and only its own tests are reported.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - building XML, not parsing it

from aipolicy import _subprocess
from aipolicy.errors import PolicyBuildError, UsageError
from aipolicy.opa import OpaBinary
from aipolicy.policy.compile import rego_sources
from aipolicy.resources import policies_dir

TEST_TIMEOUT = 600.0
_MAIN_PACKAGE = re.compile(r"^\s*package\s+aipolicy\.main\s*$", re.MULTILINE)


@dataclass(frozen=True)
class TestOutcome:
    """One Rego test and how it went."""

    package: str
    """Package of the test (e.g. ``data.aipolicy.rules.tools_test``)."""
    name: str
    """Rule name of the test (``test_...``)."""
    file: str
    """File the test is in."""
    line: int
    """Line of the test rule."""
    status: str
    """pass, fail, error or skip."""
    duration_ms: float
    """How long it ran."""
    message: str = ""
    """Error message, for status error."""


@dataclass(frozen=True)
class TestRun:
    """All outcomes of one ``opa test`` run, and the coverage if it was measured."""

    outcomes: tuple[TestOutcome, ...]
    coverage: float | None = None
    """Percentage of Rego lines covered, when measured."""

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.status in ("pass", "skip") for o in self.outcomes)


def run_tests(
    directories: list[Path], opa: OpaBinary, *, run: str | None = None, coverage: bool = False
) -> TestRun:
    """Run the tests in ``directories`` with ``opa test``; :class:`PolicyBuildError` if
    the Rego does not load."""
    for directory in directories:
        if not directory.exists():
            raise UsageError(f"{directory}: no such directory or file.")
    with tempfile.TemporaryDirectory(prefix="aipolicy-test-") as tmp:
        targets = _with_shipped(directories, Path(tmp))
        argv: list[str | Path] = [opa.path, "test", "--format", "json", *targets]
        if run:
            argv += ["--run", run]
        outcomes = _outcomes(_invoke(argv), directories)
        cover = None
        if coverage and outcomes and all(o.status == "pass" for o in outcomes):
            cover_argv: list[str | Path] = [opa.path, "test", "--coverage", "--format", "json"]
            report = _invoke([*cover_argv, *targets])
            cover = _coverage(report, directories)
    return TestRun(tuple(outcomes), cover)


def _with_shipped(directories: list[Path], scratch: Path) -> list[Path]:
    """Add the shipped rules (not their tests) when the directories only extend them."""
    for directory in directories:
        files = [directory] if directory.is_file() else directory.rglob("*.rego")
        if any(_MAIN_PACKAGE.search(f.read_text(errors="replace")) for f in files):
            return directories
    for source in rego_sources(policies_dir()):
        target = scratch / "shipped" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.text)
    return [*directories, scratch / "shipped"]


def _invoke(argv: list[str | Path]) -> Any:
    try:
        result = _subprocess.run(argv, timeout=TEST_TIMEOUT)
    except _subprocess.SubprocessTimeout as exc:
        raise PolicyBuildError(f"opa test: {exc}") from None
    try:
        if not result.stdout.strip() and result.returncode != 0:
            raise ValueError("no report")
        return json.loads(result.stdout) if result.stdout.strip() else []
    except ValueError:
        raise PolicyBuildError(
            f"opa test could not run the tests:\n{(result.stderr or result.stdout).strip()}",
            hint="Fix the Rego at the file and line above (`opa check --strict DIR`).",
        ) from None


def _under(file: str, directories: list[Path]) -> bool:
    path = Path(file).resolve()
    return any(path == d.resolve() or d.resolve() in path.parents for d in directories)


def _outcomes(raw: Any, directories: list[Path]) -> list[TestOutcome]:
    out = []
    for entry in raw if isinstance(raw, list) else []:
        location = entry.get("location", {})
        file = location.get("file", "")
        if not _under(file, directories):
            continue
        if entry.get("error"):
            status = "error"
        elif entry.get("fail"):
            status = "fail"
        elif entry.get("skip"):
            status = "skip"
        else:
            status = "pass"
        error = entry.get("error")
        message = error.get("message", "") if isinstance(error, dict) else ""
        out.append(
            TestOutcome(
                package=entry.get("package", ""),
                name=entry.get("name", ""),
                file=file,
                line=int(location.get("row", 0)),
                status=status,
                duration_ms=entry.get("duration", 0) / 1e6,
                message=message,
            )
        )
    return out


def _coverage(report: Any, directories: list[Path]) -> float | None:
    files = report.get("files", {}) if isinstance(report, dict) else {}
    covered = not_covered = 0
    for name, detail in files.items():
        if name.endswith("_test.rego") or not _under(name, directories):
            continue
        covered += sum(r["end"]["row"] - r["start"]["row"] + 1 for r in detail.get("covered", []))
        not_covered += sum(
            r["end"]["row"] - r["start"]["row"] + 1 for r in detail.get("not_covered", [])
        )
    total = covered + not_covered
    return round(100.0 * covered / total, 1) if total else None


def render_text(result: TestRun, *, verbose: bool = False) -> str:
    """Per-test lines (failures always, passes with ``verbose``) and a summary line."""
    lines = []
    for o in result.outcomes:
        if verbose or o.status in ("fail", "error"):
            detail = f"  {o.message}" if o.message else ""
            lines.append(f"{o.status.upper():5} {o.package}.{o.name}  {o.file}:{o.line}{detail}")
    total = len(result.outcomes)
    summary = (
        f"{result.count('pass')}/{total} passed"
        + (f", {result.count('fail')} failed" if result.count("fail") else "")
        + (f", {result.count('error')} errors" if result.count("error") else "")
        + (f", {result.count('skip')} skipped" if result.count("skip") else "")
    )
    if result.coverage is not None:
        summary += f"; coverage {result.coverage:.1f}%"
    lines.append(("PASS: " if result.passed else "FAIL: ") + summary)
    return "\n".join(lines) + "\n"


def render_junit(result: TestRun) -> str:
    """The outcomes as a JUnit XML report (one testsuite per Rego package)."""
    root = ET.Element("testsuites", name="aipolicy test", tests=str(len(result.outcomes)))
    suites: dict[str, ET.Element] = {}
    for o in result.outcomes:
        suite = suites.get(o.package)
        if suite is None:
            suite = ET.SubElement(root, "testsuite", name=o.package)
            suites[o.package] = suite
        case = ET.SubElement(
            suite,
            "testcase",
            name=o.name,
            classname=o.package,
            file=o.file,
            line=str(o.line),
            time=f"{o.duration_ms / 1000:.6f}",
        )
        if o.status == "fail":
            ET.SubElement(case, "failure", message=f"{o.name} failed at {o.file}:{o.line}")
        elif o.status == "error":
            ET.SubElement(case, "error", message=o.message or "error")
        elif o.status == "skip":
            ET.SubElement(case, "skipped")
    for suite in suites.values():
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
        suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
