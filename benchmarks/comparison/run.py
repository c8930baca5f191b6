"""Measure aipolicy's coverage of other scanners' rules (docs/comparison.md).

Run from the checkout root with the dev venv's interpreter:

    .venv/bin/python benchmarks/comparison/run.py            # check every verdict
    .venv/bin/python benchmarks/comparison/run.py --table    # also print the page's tables
    .venv/bin/python benchmarks/comparison/run.py --measure  # what fires, per probe case
    .venv/bin/python benchmarks/comparison/run.py --policy policies  # the Rego source tree

``verdicts.yaml`` holds one row per rule of each scanner, with the verdict, the aipolicy
rules cited and, for each probe case, the aipolicy rule ids expected to fire. A probe case
is a directory ``probes/<scanner>/<rule>/<case>/`` holding the files of a small repository
that embodies the scanner rule's condition, read from the scanner's own source. Each case is
copied to a temporary directory, made a git repository (``git init``, ``git add``) and
checked with the venv's ``aipolicy check <dir> -f json`` (the shipped policy; a case's
``_policy/`` directory, when present, is passed as ``--policy`` and not copied).

A case holds when the rules that fire, leaving out the repository-hygiene rules any probe
triggers (``HYGIENE``, unless the case expects them), are exactly the expected ones. The
script exits 1 when a case does not hold, so a verdict the page claims no longer matches
what aipolicy reports; 2 when the manifest and the probe directories disagree.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
PROBES = HERE / "probes"
MANIFEST = HERE / "verdicts.yaml"
AIPOLICY = Path(sys.executable).with_name("aipolicy")
TIMEOUT = 120

# Rules about the repository as a whole (manifest, CODEOWNERS, PR template, secret
# scanning in CI, Claude Code deny rule for .env, bypass mode not disabled): they fire on
# almost every probe because a probe is a bare repository, and say nothing about the rule
# being measured. A case that expects one of them keeps it.
HYGIENE = frozenset({"AIP090", "AIP106", "AIP107", "AIP300", "AIP302", "AIP311"})

# Section heading and first column of each scanner's table on the page.
SCANNER_TITLES = {
    "agentshield": ("AgentShield", "AgentShield rule"),
    "snyk": ("Snyk Agent Scan", "Issue code"),
    "sisakulint": ("sisakulint `ai-action-*`", "sisakulint rule"),
    "trailofbits": ("Trail of Bits: 9 attack vectors for agents in GitHub Actions", "Vector"),
}
NOTE_LINK = re.compile(r"\[(AIP\d+)\]\(agentic/")


@dataclass(frozen=True)
class Case:
    """One probe repository and the rule ids expected to fire on it."""

    scanner: str
    rule: str
    name: str
    expect: frozenset[str]

    @property
    def path(self) -> Path:
        return PROBES / self.scanner / self.rule / self.name


@dataclass(frozen=True)
class Result:
    """What fired on a case, hygiene rules left out."""

    case: Case
    fired: frozenset[str]

    @property
    def holds(self) -> bool:
        return self.fired == self.case.expect


def load_manifest() -> dict[str, list[dict[str, Any]]]:
    data = YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{MANIFEST}: expected a mapping of scanner to rows")
    return data


def cases_of(manifest: dict[str, list[dict[str, Any]]]) -> list[Case]:
    cases = []
    for scanner, rows in manifest.items():
        for row in rows:
            for name, expect in (row.get("cases") or {}).items():
                cases.append(Case(scanner, row["probe"], name, frozenset(expect or ())))
    return cases


def probe_dirs() -> set[tuple[str, str, str]]:
    return {
        (p.parent.parent.name, p.parent.name, p.name) for p in PROBES.glob("*/*/*") if p.is_dir()
    }


def run_case(case: Case, policy: Path | None = None) -> Result:
    """Build the case's repository in a temporary directory and check it."""
    with tempfile.TemporaryDirectory(prefix="aipolicy-probe-") as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(case.path, repo, ignore=shutil.ignore_patterns("_policy"))
        git = ["git", "-C", str(repo)]
        subprocess.run([*git, "init", "-q"], check=True, timeout=TIMEOUT)
        subprocess.run([*git, "add", "-A"], check=True, timeout=TIMEOUT)
        command = [str(AIPOLICY), "check", str(repo), "-f", "json"]
        if (case.path / "_policy").is_dir():
            command += ["--policy", str(case.path / "_policy")]
        elif policy is not None:
            command += ["--policy", str(policy)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode not in (0, 1) or not done.stdout.strip():
        raise SystemExit(f"{case.path}: aipolicy exited {done.returncode}\n{done.stderr}")
    report = json.loads(done.stdout)
    fired = {f["rule"] for f in report["decision"]["findings"]}
    return Result(case, frozenset(fired - (HYGIENE - case.expect)))


def run_all(cases: Sequence[Case], policy: Path | None) -> list[Result]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda case: run_case(case, policy), cases))


def link(rule: str, pages: dict[str, tuple[str, str]]) -> str:
    if rule not in pages:
        return rule
    return f"[{rule}](agentic/{pages[rule][0]}.md#{rule.lower()})"


RULE_ROW = re.compile(r"^\| \[(AIP\d+)\]\(#aip\d+\) \| \w+ \| (.+?) \|$")


def agentic_pages() -> dict[str, tuple[str, str]]:
    """Rule id -> (agentic page name, title), from the rule tables of docs/agentic."""
    pages = {}
    for page in sorted((HERE.parent.parent / "docs" / "agentic").glob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if match := RULE_ROW.match(line):
                pages[match[1]] = (page.stem, match[2])
    return pages


def tables(manifest: dict[str, list[dict[str, Any]]]) -> Iterable[str]:
    """The rows of each scanner's table and its count table, as on the page."""
    pages = agentic_pages()
    for scanner, rows in manifest.items():
        heading, column = SCANNER_TITLES.get(scanner, (scanner, "Rule"))
        yield f"## {heading}"
        yield ""
        yield f"| {column} | Area | aipolicy | Verdict | Note |"
        yield "|---|---|---|---|---|"
        for row in rows:
            cited = ", ".join(link(r, pages) for r in row.get("cites") or ()) or "—"
            note = row.get("note") or ""
            yield f"| {row['label']} | {row['area']} | {cited} | {row['verdict']} | {note} |"
        yield ""
        per_area: dict[str, Counter[str]] = {}
        for row in rows:
            per_area.setdefault(row["area"], Counter())[row["verdict"]] += 1
        total: Counter[str] = Counter()
        yield "| Area | Items | Covered | Partial | Not covered |"
        yield "|---|---|---|---|---|"
        for area, counts in per_area.items():
            total += counts
            yield (
                f"| {area} | {sum(counts.values())} | {counts['covered']} | "
                f"{counts['partial']} | {counts['not covered']} |"
            )
        yield (
            f"| **All** | **{sum(total.values())}** | **{total['covered']}** | "
            f"**{total['partial']}** | **{total['not covered']}** |"
        )
        yield ""
    cited = {
        rule
        for rows in manifest.values()
        for row in rows
        for rule in [*(row.get("cites") or ()), *NOTE_LINK.findall(row.get("note") or "")]
    }
    alone = sorted(set(pages) - cited)
    yield f"## The converse: {len(alone)} of {len(pages)} agentic rules cited nowhere above"
    yield ""
    yield from (f"- {link(rule, pages)}: {pages[rule][1]}" for rule in alone)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", action="store_true", help="print the page's tables")
    parser.add_argument("--measure", action="store_true", help="print what fires per case")
    parser.add_argument("--only", help="run only the cases of this scanner or scanner/rule")
    parser.add_argument(
        "--policy", type=Path, help="passed to aipolicy check (e.g. policies: the source tree)"
    )
    args = parser.parse_args(argv)

    if not AIPOLICY.exists():
        print(f"no aipolicy next to {sys.executable}; run with the venv's python")
        return 2
    manifest = load_manifest()
    cases = cases_of(manifest)
    listed = {(c.scanner, c.rule, c.name) for c in cases}
    unlisted = probe_dirs() - listed
    missing = {key for key in listed if not PROBES.joinpath(*key).is_dir()}
    if unlisted or missing:
        for key in sorted(unlisted):
            print(f"probe directory not in {MANIFEST.name}: {'/'.join(key)}")
        for key in sorted(missing):
            print(f"case without a probe directory: {'/'.join(key)}")
        return 2
    if args.only:
        cases = [c for c in cases if f"{c.scanner}/{c.rule}".startswith(args.only)]

    results = run_all(cases, args.policy)
    failed = [r for r in results if not r.holds]
    if args.measure:
        for r in results:
            mark = "ok  " if r.holds else "DIFF"
            fired = ", ".join(sorted(r.fired)) or "-"
            print(f"{mark} {r.case.scanner}/{r.case.rule}/{r.case.name}: {fired}")
    if args.table:
        print("\n".join(tables(manifest)))
    for r in failed:
        print(
            f"verdict no longer holds: {r.case.scanner}/{r.case.rule}/{r.case.name}: "
            f"expected {sorted(r.case.expect) or 'nothing'}, fired {sorted(r.fired) or 'nothing'}",
            file=sys.stderr,
        )
    print(f"{len(results) - len(failed)}/{len(results)} probe cases hold", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
