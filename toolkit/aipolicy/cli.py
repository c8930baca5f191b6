"""The ``aipolicy`` command line: parse options, call the library, map errors to exit codes.

Exit codes: 0 pass, 1 policy failed, 2 usage or configuration error,
3 the evaluation could not be completed (fail closed).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from aipolicy import __version__
from aipolicy.errors import (
    EXIT_EVALUATION,
    EXIT_PASS,
    EXIT_POLICY_FAILED,
    EXIT_USAGE,
    AipolicyError,
)

EXIT_CODES_HELP = (
    "Exit codes: 0 pass, 1 policy failed, 2 usage or configuration error, "
    "3 evaluation could not be completed (fail closed)."
)

app = typer.Typer(
    name="aipolicy",
    help="Decide, enforce and publish your organisation's policy on AI coding assistants. "
    "Rules are Rego, judged by Open Policy Agent (compiled to WebAssembly and run "
    "in-process by default: no server, no opa binary needed).",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"verbose": False}
T = TypeVar("T")


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


def _fail(exc: AipolicyError) -> NoReturn:
    typer.echo(f"aipolicy: error: {exc.diagnostics()}", err=True)
    raise typer.Exit(exc.exit_code)


def _guard(action: Callable[[], T], *, unexpected_exit: int = EXIT_EVALUATION) -> T:
    """Run ``action``; user errors become a message and an exit code, never a traceback."""
    try:
        return action()
    except AipolicyError as exc:
        if _state["verbose"]:
            logging.getLogger("aipolicy").exception("details")
        _fail(exc)
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:  # fail closed on anything unforeseen
        if _state["verbose"]:
            raise
        typer.echo(
            f"aipolicy: internal error: {type(exc).__name__}: {exc}\n"
            "The check could not be completed, so it fails. Re-run with --verbose for the "
            "traceback and report it.",
            err=True,
        )
        raise typer.Exit(unexpected_exit) from None


def _version_text() -> str:
    from aipolicy.opa import OPA_VERSION, find_opa
    from aipolicy.policy.source import shipped_bundle

    try:
        revision = shipped_bundle().revision
    except AipolicyError:
        revision = "missing"
    opa = find_opa()
    if opa is None:
        opa_line = f"not found (only needed to compile custom Rego; pinned v{OPA_VERSION})"
    else:
        pin = "pinned" if opa.is_pinned else f"pinned is v{OPA_VERSION}"
        opa_line = f"{opa.path} (v{opa.version}, {pin})"
    return f"aipolicy {__version__}\npolicy bundle: {revision}\nopa: {opa_line}"


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(_guard(_version_text, unexpected_exit=EXIT_USAGE))
        raise typer.Exit(EXIT_PASS)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the aipolicy version, the policy bundle revision and the opa found.",
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log details; show tracebacks.")
    ] = False,
) -> None:
    _state["verbose"] = verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="aipolicy: %(levelname)s: %(message)s",
    )


PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        help="Policy directory: org data YAML (*.yaml or data/*.yaml) and/or Rego. "
        "YAML only: the shipped rules with your data (no opa needed). With Rego: "
        "compiled with the local opa.",
        file_okay=False,
    ),
]
BundleOption = Annotated[
    Path | None,
    typer.Option(
        "--bundle",
        help="A prebuilt wasm policy bundle (opa build -t wasm "
        "-e aipolicy/main/decision) to use instead of the shipped rules.",
        dir_okay=False,
    ),
]


RepositoryOption = Annotated[
    str | None,
    typer.Option(
        "--repository",
        help="The repository's identity (host/owner/name) as the pipeline knows it. "
        "Trusted for inventory and waivers; without it the CI environment is used "
        "(GitHub Actions, GitLab CI), and the repository's own git remote last (never "
        "trusted for waivers).",
    ),
]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(AipolicyError(f"--output {output}: cannot write: {exc.strerror or exc}"))


@app.command(epilog=EXIT_CODES_HELP)
def check(
    path: Annotated[Path, typer.Argument(help="Repository to check.")] = Path("."),
    policy: PolicyOption = None,
    bundle: BundleOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Report format.")
    ] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report to FILE instead of stdout.", dir_okay=False
        ),
    ] = None,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Lowest finding severity that fails the check.")
    ] = Severity.high,
    repository: RepositoryOption = None,
) -> None:
    """May this repository use AI coding assistants, which ones, and what must change first?

    Collects facts from the repository (never running anything from it), evaluates
    the policy with OPA in-process and prints the verdict, the project's eligibility
    and every finding with its file, line and fix.

    \b
    Examples:
      aipolicy check                              # this directory, shipped policy
      aipolicy check path/to/repo --policy org/   # your org data, shipped rules
      aipolicy check . -f json -o report.json     # machine-readable report
      aipolicy check . -f sarif -o aipolicy.sarif # code scanning (SARIF 2.1.0)
      aipolicy check . --fail-on medium           # stricter gate
    """
    from aipolicy.core import check as run_check
    from aipolicy.policy import load_policy
    from aipolicy.report import get_reporter

    def run() -> tuple[str, bool]:
        loaded = load_policy(policy, bundle)
        result = run_check(path, loaded, fail_on=fail_on.value, repository=repository)
        color = output is None and sys.stdout.isatty()
        return get_reporter(output_format.value, color=color).render(result), result.decision.passed

    text, passed = _guard(run)
    _write(text, output)
    raise typer.Exit(EXIT_PASS if passed else EXIT_POLICY_FAILED)


@app.command()
def facts(
    path: Annotated[Path, typer.Argument(help="Repository to read.")] = Path("."),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False),
    ] = None,
    repository: RepositoryOption = None,
) -> None:
    """Print what the collectors find in a repository, as JSON (schema/repo-facts).

    This is the exact input document the Rego policies read: use it to write and
    test rules (`opa eval -i facts.json ...`).
    """
    from aipolicy.collect import collect_facts

    document = _guard(lambda: collect_facts(path, repository=repository).to_input())
    _write(json.dumps(document, indent=2, ensure_ascii=True) + "\n", output)


@app.command()
def validate(
    path: Annotated[
        Path | None, typer.Argument(help="Repository whose .aipolicy.yaml to validate too.")
    ] = None,
    policy: PolicyOption = None,
) -> None:
    """Validate org data (the shipped default, or --policy DIR) and a repository manifest.

    Errors name the file, line and field and say what was expected.

    \b
    Examples:
      aipolicy validate --policy my-org/     # org data before you publish it
      aipolicy validate .                    # this repository's .aipolicy.yaml
    """
    from aipolicy.validate import validate_all

    lines = _guard(lambda: validate_all(policy, path), unexpected_exit=EXIT_USAGE)
    for line in lines:
        typer.echo(line)


@app.command("test")
def test_command(
    directories: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Policy directories (default: the shipped policies/).", show_default=False
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every test, not only failures.")
    ] = False,
    run: Annotated[
        str | None, typer.Option("--run", "-r", help="Only tests whose name matches REGEX.")
    ] = None,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Measure line coverage of the Rego.")
    ] = False,
    threshold: Annotated[
        float, typer.Option("--threshold", help="With --coverage: fail below this percentage.")
    ] = 0.0,
    junit: Annotated[
        Path | None,
        typer.Option("--junit", help="Also write a JUnit XML report to FILE.", dir_okay=False),
    ] = None,
) -> None:
    """Run the policy's Rego unit tests (*_test.rego) with the real, pinned opa test.

    Exit 0 when all pass (and coverage meets --threshold), 1 when any fails, 2 when
    opa is missing or the Rego does not load.

    \b
    Examples:
      aipolicy test                              # the shipped policy
      aipolicy test my-policy/ -v --run tools    # your rules, verbose, filtered
      aipolicy test --coverage --threshold 90 --junit rego-tests.xml
    """
    from aipolicy.opa import require_opa
    from aipolicy.policytest import render_junit, render_text, run_tests
    from aipolicy.resources import policies_dir

    def run_all() -> tuple[str, str, bool]:
        opa = require_opa("run the Rego tests")
        dirs = list(directories) if directories else [policies_dir()]
        result = run_tests(dirs, opa, run=run, coverage=coverage or threshold > 0)
        ok = result.passed and (result.coverage is None or result.coverage >= threshold)
        text = render_text(result, verbose=verbose)
        if result.passed and result.coverage is not None and result.coverage < threshold:
            text += f"coverage {result.coverage:.1f}% is below the threshold {threshold:.1f}%\n"
        return text, render_junit(result), ok

    text, junit_xml, ok = _guard(run_all, unexpected_exit=EXIT_USAGE)
    if junit is not None:
        _write(junit_xml, junit)
    sys.stdout.write(text)
    raise typer.Exit(EXIT_PASS if ok else EXIT_POLICY_FAILED)


def main() -> None:
    """Console-script entry point."""
    app()
