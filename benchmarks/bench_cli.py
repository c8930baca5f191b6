"""Benchmark the ``aipolicy`` command line against the start-up targets of the issue.

Run from the checkout root with the dev venv's interpreter:

    .venv/bin/python benchmarks/bench_cli.py [--runs N] [--json FILE]

It measures, as a user would see it (interpreter start included):

* ``aipolicy --help``                       target <= 0.3 s
* ``aipolicy check examples/docs-site``     target <= 0.5 s (exit 0 expected)
* ``aipolicy check examples/shadow-ai-service``  target <= 0.5 s (exit 1 expected)
* each check once more with an empty compiled-module cache (``AIPOLICY_CACHE_DIR`` set to
  a fresh temporary directory): the one-time cost of compiling the policy Wasm.
* the same decision from the real ``opa eval`` (Rego interpreted by the pinned opa binary,
  input from ``aipolicy facts examples/docs-site``), for comparison only.

Each command gets one untimed warm-up run, then ``--runs`` timed runs (default 10); the
table gives median/min/max wall time and the peak RSS over the runs. The console script is
the one next to ``sys.executable`` (the venv's ``bin/aipolicy``), never a pyenv shim.

This is a benchmark, not a test: a missed target is reported, never raised. The script
exits non-zero only if a command itself misbehaves (unexpected exit code, missing binary).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from aipolicy.opa import pinned_install_dir

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "aipolicy"
BUNDLE = ROOT / "toolkit" / "aipolicy" / "_bundle" / "aipolicy-policy.tar.gz"
POLICIES = ROOT / "policies"
ENTRYPOINT = "data.aipolicy.main.decision"
HELP_TARGET_S = 0.3
CHECK_TARGET_S = 0.5

# How one command is measured. ``ru_maxrss`` of RUSAGE_CHILDREN is a maximum over every
# child a process has ever waited for, so deltas across runs in this process are useless;
# and on Linux a child started by fork()/vfork() records the *spawning* process's RSS
# high-water mark at exec time, so timing from this (bigger) process would also inflate
# small children. Each run therefore goes through a fresh, minimal interpreter
# (``python -I -S``, stdlib only) that posix_spawn()s exactly one command and reaps it
# with os.wait4(), which returns the rusage of that one child (and of any descendants it
# waited for). Wall time is taken inside the wrapper around spawn+wait, so the wrapper's
# own start-up is not counted. The wrapper's RSS is a floor below which nothing can be
# measured; it is reported (measured on `true`) next to the table.
_WRAPPER = """\
import json, os, sys, time
out = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, out, 1)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps({"wall_s": wall, "maxrss": usage.ru_maxrss,
                  "exit": os.waitstatus_to_exitcode(status)}))
"""
# ru_maxrss is in KiB on Linux and in bytes on macOS.
_MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024


class BenchError(Exception):
    """A command failed or a prerequisite is missing: the benchmark itself fails."""


@dataclass(frozen=True)
class Sample:
    wall_s: float
    peak_rss_bytes: int
    exit_code: int
    stderr: str


@dataclass(frozen=True)
class Case:
    name: str
    argv: list[str]
    expected_exit: int
    target_s: float | None
    env: dict[str, str] = field(default_factory=dict)
    runs: int | None = None
    """Timed runs; None means --runs."""
    warmup: bool = True


@dataclass(frozen=True)
class Result:
    name: str
    argv: list[str]
    expected_exit: int
    target_s: float | None
    wall_s: list[float]
    peak_rss_bytes: list[int]

    @property
    def median_s(self) -> float:
        return statistics.median(self.wall_s)

    @property
    def peak_rss_mb(self) -> float:
        return max(self.peak_rss_bytes) / 1e6

    @property
    def met(self) -> bool | None:
        return None if self.target_s is None else self.median_s <= self.target_s

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "median_s": self.median_s,
            "min_s": min(self.wall_s),
            "max_s": max(self.wall_s),
            "peak_rss_mb": self.peak_rss_mb,
            "met": self.met,
        }


# -- running one command -----------------------------------------------------------------


def run_once(argv: Sequence[str], env: Mapping[str, str] | None = None) -> Sample:
    """Run ``argv`` once under the measuring wrapper (see ``_WRAPPER``)."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _WRAPPER, *argv],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"measuring wrapper failed for {argv}:\n{proc.stderr}")
    report = json.loads(proc.stdout)
    return Sample(report["wall_s"], report["maxrss"] * _MAXRSS_UNIT, report["exit"], proc.stderr)


def measure(case: Case, runs: int) -> Result:
    """Warm up once (unless told not to), then time ``runs`` runs; check every exit code."""
    if case.warmup:
        _expect(case, run_once(case.argv, case.env))
    samples = [_expect(case, run_once(case.argv, case.env)) for _ in range(case.runs or runs)]
    return Result(
        case.name,
        case.argv,
        case.expected_exit,
        case.target_s,
        [s.wall_s for s in samples],
        [s.peak_rss_bytes for s in samples],
    )


def _expect(case: Case, sample: Sample) -> Sample:
    if sample.exit_code != case.expected_exit:
        raise BenchError(
            f"{case.name}: exit code {sample.exit_code}, expected {case.expected_exit}\n"
            f"{sample.stderr.strip()}"
        )
    return sample


# -- prerequisites -----------------------------------------------------------------------


def find_cli() -> Path:
    if not (CLI.is_file() and os.access(CLI, os.X_OK)):
        raise BenchError(f"no aipolicy console script next to {sys.executable} ({CLI})")
    return CLI


def find_opa() -> Path:
    """``$AIPOLICY_OPA``, then the pinned install, then ``opa`` on PATH."""
    explicit = os.environ.get("AIPOLICY_OPA")
    on_path = shutil.which("opa")
    candidates = [
        *([Path(explicit)] if explicit else []),
        pinned_install_dir() / "opa",
        *([Path(on_path)] if on_path else []),
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.resolve()
    raise BenchError("opa not found (set AIPOLICY_OPA or install the pinned opa)")


def write_org_data(target: Path) -> None:
    """The shipped bundle's data.json, as ``{"org": ...}``, for ``opa eval -d``."""
    with tarfile.open(BUNDLE, "r:gz") as bundle:
        member = next(m for m in bundle.getmembers() if m.name.lstrip("/") == "data.json")
        stream = bundle.extractfile(member)
        if stream is None:
            raise BenchError(f"{BUNDLE}: data.json is not a regular file")
        document = json.load(stream)
    org = document["org"] if isinstance(document, dict) and "org" in document else document
    target.write_text(json.dumps({"org": org}), encoding="utf-8")


def write_facts(cli: Path, example: str, target: Path) -> None:
    proc = subprocess.run(
        [str(cli), "facts", example, "--output", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"aipolicy facts {example} exited {proc.returncode}:\n{proc.stderr}")


def opa_eval_argv(opa: Path, data: Path, facts: Path) -> list[str]:
    rego = sorted(p for p in POLICIES.rglob("*.rego") if not p.name.endswith("_test.rego"))
    data_args = [arg for path in [*rego, data] for arg in ("-d", str(path))]
    return [str(opa), "eval", "--format", "json", *data_args, "-i", str(facts), ENTRYPOINT]


def verify_opa_verdict(argv: list[str], expected: str) -> None:
    """Untimed: the opa decision must agree with the embedded check's verdict."""
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BenchError(f"opa eval exited {proc.returncode}:\n{proc.stderr}")
    results = json.loads(proc.stdout).get("result") or []
    verdict = results[0]["expressions"][0]["value"].get("verdict") if results else None
    if verdict != expected:
        raise BenchError(f"opa eval verdict {verdict!r}, expected {expected!r}")


# -- the benchmark -----------------------------------------------------------------------


def build_cases(cli: Path, opa: Path, work: Path) -> list[Case]:
    checks = [("examples/docs-site", 0), ("examples/shadow-ai-service", 1)]
    cases = [Case("aipolicy --help", [str(cli), "--help"], 0, HELP_TARGET_S)]
    for example, code in checks:
        argv = [str(cli), "check", example]
        cases.append(Case(f"aipolicy check {example}", argv, code, CHECK_TARGET_S))
    for index, (example, code) in enumerate(checks):
        cold_cache = work / f"cold-cache-{index}"  # fresh and empty: nothing compiled yet
        cases.append(
            Case(
                f"aipolicy check {example} (cold module cache)",
                [str(cli), "check", example],
                code,
                CHECK_TARGET_S,
                env={"AIPOLICY_CACHE_DIR": str(cold_cache)},
                runs=1,
                warmup=False,
            )
        )
    facts, data = work / "input.json", work / "data.json"
    write_facts(cli, "examples/docs-site", facts)
    write_org_data(data)
    opa_argv = opa_eval_argv(opa, data, facts)
    verify_opa_verdict(opa_argv, "pass")
    cases.append(Case("opa eval decision (docs-site input)", opa_argv, 0, None))
    return cases


def machine_facts(opa: Path) -> dict[str, Any]:
    version = subprocess.run([str(opa), "version"], capture_output=True, text=True, check=False)
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "opa": version.stdout.splitlines()[0].removeprefix("Version: ") if version.stdout else "?",
    }


def rss_floor_mb() -> float | None:
    """Peak RSS the wrapper reports for a trivial command: the method's lower bound."""
    true = shutil.which("true")
    return None if true is None else run_once([true]).peak_rss_bytes / 1e6


def markdown_table(results: Sequence[Result]) -> str:
    lines = [
        "| command | median s | min s | max s | peak RSS MB | target | met? |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = "—" if r.target_s is None else f"≤ {r.target_s:g} s"
        met = "—" if r.met is None else ("yes" if r.met else "**no**")
        runs = f" ×{len(r.wall_s)}" if len(r.wall_s) == 1 else ""
        lines.append(
            f"| `{r.name}`{runs} | {r.median_s:.3f} | {min(r.wall_s):.3f} | "
            f"{max(r.wall_s):.3f} | {r.peak_rss_mb:.1f} | {target} | {met} |"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to FILE")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        cli, opa = find_cli(), find_opa()
        with tempfile.TemporaryDirectory(prefix="aipolicy-bench-") as tmp:
            results = [measure(case, args.runs) for case in build_cases(cli, opa, Path(tmp))]
        floor = rss_floor_mb()
        facts = machine_facts(opa)
    except BenchError as exc:
        print(f"bench_cli: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"nproc {facts['nproc']}, Python {facts['python']}, {facts['platform']}, "
        f"opa {facts['opa']}; {args.runs} timed runs after 1 warm-up (cold rows: 1 run)\n"
    )
    print(markdown_table(results))
    if floor is not None:
        print(f"\nPeak RSS floor of the measuring wrapper (`true`): {floor:.1f} MB")
    if args.json is not None:
        document = {
            "machine": facts,
            "runs": args.runs,
            "rss_floor_mb": floor,
            "results": [r.to_json() for r in results],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
