"""Which policy a check runs: the shipped default, a ``--policy`` directory, a ``--bundle``.

* nothing given: the shipped bundle (compiled rules + default org data), no ``opa``.
* ``--policy DIR`` with only YAML: the shipped rules with DIR's org data, no ``opa``.
* ``--policy DIR`` with Rego: compiled by the local ``opa`` (cached by content hash).
  Rego that defines ``package aipolicy.main`` replaces the shipped policy; otherwise
  DIR's packages (new rules under ``aipolicy.rules.``) are added to the shipped ones.
* ``--bundle FILE``: a prebuilt wasm bundle; org data from ``--policy DIR`` if given,
  else the bundle's own ``data.json``, else the shipped default data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aipolicy.errors import ConfigError, UsageError
from aipolicy.policy.bundle import Bundle, read_bundle
from aipolicy.policy.compile import (
    RegoSource,
    build_bundle,
    cached_bundle_path,
    rego_sources,
    revision,
)
from aipolicy.policy.orgdata import load_org_data
from aipolicy.resources import SHIPPED_BUNDLE, policies_dir

logger = logging.getLogger(__name__)

_MAIN_PACKAGE = re.compile(rb"^\s*package\s+aipolicy\.main\s*$", re.MULTILINE)


@dataclass(frozen=True)
class LoadedPolicy:
    """A compiled policy ready for an engine, and where its parts came from."""

    wasm: bytes
    """The rules, compiled to WebAssembly by OPA."""
    data: dict[str, Any]
    """The data document the rules read (org data under ``org``)."""
    revision: str
    """Revision of the rules (content hash of the Rego)."""
    rules_source: str
    """Human description of where the rules came from."""
    data_source: str
    """Human description of where the org data came from."""


@cache
def shipped_bundle() -> Bundle:
    """The default policy compiled into the package."""
    if not SHIPPED_BUNDLE.is_file():
        raise ConfigError(
            f"the shipped policy bundle is missing ({SHIPPED_BUNDLE}).",
            hint="Reinstall aipolicy; in a checkout run `python -m aipolicy.policy.shipped`.",
        )
    return read_bundle(SHIPPED_BUNDLE)


def load_policy(policy_dir: Path | None = None, bundle_file: Path | None = None) -> LoadedPolicy:
    """Resolve the options of ``check`` into one :class:`LoadedPolicy`."""
    if policy_dir is not None and not policy_dir.is_dir():
        raise UsageError(
            f"--policy {policy_dir}: no such directory.",
            hint="Pass a directory holding org data (*.yaml or data/*.yaml) and/or Rego.",
        )
    if bundle_file is not None and not bundle_file.is_file():
        raise UsageError(f"--bundle {bundle_file}: no such file.")

    custom_rego = rego_sources(policy_dir) if policy_dir is not None else []
    if custom_rego and bundle_file is not None:
        raise UsageError(
            f"--policy {policy_dir} holds Rego and --bundle was given too.",
            hint="Use --bundle for prebuilt rules with a data-only --policy directory, "
            "or --policy alone to compile its Rego.",
        )

    if bundle_file is not None:
        bundle = read_bundle(bundle_file)
        rules_source = f"bundle {bundle_file}"
    elif custom_rego:
        bundle = _compile_custom(policy_dir, custom_rego)  # type: ignore[arg-type]
        rules_source = f"Rego in {policy_dir} (compiled by opa)"
    else:
        bundle = shipped_bundle()
        rules_source = "shipped default rules"

    org = load_org_data(policy_dir) if policy_dir is not None else None
    if org is not None:
        data: dict[str, Any] = {"org": org.document}
        data_source = ", ".join(str(p) for p in org.files)
    elif bundle.data is not None and "org" in bundle.data:
        data = bundle.data
        data_source = "data.json of the bundle" if bundle_file else "shipped default org data"
    else:
        data = shipped_bundle().data or {}
        data_source = "shipped default org data"
    if "org" not in data:
        raise ConfigError(
            f"no org data found for {rules_source}.",
            hint="Pass --policy DIR with org data YAML (see policies/data/org-policy.yaml).",
        )
    return LoadedPolicy(bundle.wasm, data, bundle.revision, rules_source, data_source)


def _compile_custom(policy_dir: Path, custom: list[RegoSource]) -> Bundle:
    if any(_MAIN_PACKAGE.search(s.text) for s in custom):
        sources = custom
        origins = {"": policy_dir}
    else:
        shipped = rego_sources(policies_dir())
        sources = shipped + [RegoSource(f"custom/{s.name}", s.text) for s in custom]
        origins = {"custom/": policy_dir, "": policies_dir()}
    rev = revision(sources, [], policy_dir)
    cached = cached_bundle_path(rev)
    if not cached.is_file():
        logger.info("compiling %d Rego files from %s", len(sources), policy_dir)
        from aipolicy.engine.embedded import verify_builtins

        build_bundle(sources, None, rev, cached, origins=origins)
        try:
            verify_builtins(read_bundle(cached).wasm)
        except Exception:
            cached.unlink(missing_ok=True)
            raise
    return read_bundle(cached)
