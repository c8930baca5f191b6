"""Benchmark fact collection on a generated repository of 100,000 files.

    .venv/bin/python benchmarks/bench_facts.py [--files N] [--runs N] [--json FILE]

Generates (once, cached under the system temp dir) a git repository of ``--files``
files (default 100,000) shaped like a large monorepo: source files in nested packages,
package manifests, CI workflows, a few AI assistant configurations, a committed
``node_modules`` tree that must be skipped. Then it measures, with the same wrapper as
bench_cli.py (wall time and peak RSS of exactly one child process):

* ``git ls-files -z --cached --others --exclude-standard`` alone: the floor;
* ``aipolicy facts REPO``: target <= 2 s and <= 200 MB peak;

and reports the ratio of the two medians. A benchmark, not a test: nothing is asserted
about the numbers; it exits non-zero only when a command fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import BenchError, Case, find_cli, markdown_table, measure  # noqa: E402

FACTS_TARGET_S = 2.0
FACTS_TARGET_MB = 200.0
GENERATOR_VERSION = 1
FILES_PER_DIR = 50

_AI_FILES = {
    "CLAUDE.md": "# Monorepo\nUse the build scripts.\n",
    ".claude/settings.json": '{"permissions": {"deny": ["Read(./.env)"]}}\n',
    ".github/copilot-instructions.md": "Prefer small functions.\n",
    ".cursor/rules/style.mdc": "---\ndescription: style\n---\nBe brief.\n",
    ".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n",
    ".aipolicy.yaml": "version: 1\nproject: {id: mono}\nclassification: internal\n",
}


def generate(root: Path, total: int) -> None:
    """Write ``total`` files (plus a skipped node_modules tree) and commit them."""
    root.mkdir(parents=True)
    for rel, text in _AI_FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    written = len(_AI_FILES)
    index = 0
    while written < total:
        package = root / "services" / f"svc{index // 20:03d}" / f"pkg{index % 20:02d}"
        package.mkdir(parents=True)
        for n in range(min(FILES_PER_DIR, total - written)):
            if n == 0:
                manifest = {"name": f"@corp/pkg{index}", "dependencies": {"left-pad": "^1.3.0"}}
                (package / "package.json").write_text(json.dumps(manifest) + "\n")
            elif n == 1:
                (package / "requirements.txt").write_text("requests==2.32.3\nflask>=3\n")
            else:
                (package / f"module_{n:03d}.py").write_text(f"VALUE = {n}\n")
            written += 1
        index += 1
    vendored = root / "node_modules" / "left-pad"
    vendored.mkdir(parents=True)
    for n in range(200):
        (vendored / f"f{n}.js").write_text("module.exports = 1\n")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "generated"], check=True)


def repository(total: int) -> Path:
    root = Path(tempfile.gettempdir()) / f"aipolicy-bench-{total}-v{GENERATOR_VERSION}"
    if not (root / ".git").is_dir():
        print(f"generating {total} files in {root} (once) ...", file=sys.stderr)
        generate(root, total)
    return root


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write raw results to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        cli = find_cli()
        repo = repository(args.files)
        floor = Case(
            name=f"git ls-files ({args.files} files)",
            argv=[
                "/usr/bin/git",
                "-C",
                str(repo),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            expected_exit=0,
            target_s=None,
        )
        facts = Case(
            name=f"aipolicy facts ({args.files} files)",
            argv=[str(cli), "facts", str(repo)],
            expected_exit=0,
            target_s=FACTS_TARGET_S,
        )
        results = [measure(floor, args.runs), measure(facts, args.runs)]
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    print(markdown_table(results))
    ratio = results[1].median_s / results[0].median_s
    peak = results[1].peak_rss_mb
    print(
        f"\nfacts / git ls-files: {ratio:.1f}x; facts peak RSS {peak:.0f} MB "
        f"(target <= {FACTS_TARGET_MB:.0f} MB: {'met' if peak <= FACTS_TARGET_MB else 'MISSED'})"
    )
    if args.json:
        args.json.write_text(json.dumps([r.to_json() for r in results], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
