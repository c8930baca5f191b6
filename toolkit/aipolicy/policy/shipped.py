"""Regenerate (or check) the default policy bundle shipped inside the package.

    python -m aipolicy.policy.shipped          # rebuild toolkit/aipolicy/_bundle/
    python -m aipolicy.policy.shipped --check  # exit 1 if it is stale against policies/

Needs the pinned ``opa`` (``.ci/install-opa``). The bundle's manifest revision is the
content hash of ``policies/`` (Rego and org data), which is what ``--check`` compares.
"""

from __future__ import annotations

import sys

from aipolicy.errors import AipolicyError
from aipolicy.policy.bundle import read_bundle
from aipolicy.policy.compile import build_bundle, policy_revision, rego_sources
from aipolicy.policy.orgdata import load_org_data
from aipolicy.resources import SHIPPED_BUNDLE, policies_dir


def expected_revision() -> str:
    """The revision the shipped bundle must carry for the current ``policies/``."""
    return policy_revision(policies_dir())


def shipped_revision() -> str | None:
    """The revision recorded in the shipped bundle, if there is one."""
    return read_bundle(SHIPPED_BUNDLE).revision if SHIPPED_BUNDLE.is_file() else None


def rebuild() -> str:
    """Compile ``policies/`` into the shipped bundle; return its revision."""
    root = policies_dir()
    org = load_org_data(root)
    if org is None:
        raise AipolicyError(f"{root}: no org data (data/*.yaml) to ship.")
    rev = expected_revision()
    from aipolicy.engine.embedded import verify_builtins

    build_bundle(rego_sources(root), {"org": org.document}, rev, SHIPPED_BUNDLE, origins={"": root})
    verify_builtins(read_bundle(SHIPPED_BUNDLE).wasm)
    return rev


def main(argv: list[str]) -> int:
    try:
        if "--check" in argv:
            want, have = expected_revision(), shipped_revision()
            if want != have:
                print(
                    f"stale: shipped bundle is {have}, policies/ is {want}.\n"
                    "Run `python -m aipolicy.policy.shipped` and commit the result."
                )
                return 1
            print(f"up to date: {want}")
            return 0
        print(f"built {SHIPPED_BUNDLE} at {rebuild()}")
        return 0
    except AipolicyError as exc:
        print(exc.diagnostics(), file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
