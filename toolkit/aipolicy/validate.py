"""``aipolicy validate``: org data and a repository manifest, checked against their schemas."""

from __future__ import annotations

from pathlib import Path

from aipolicy.collect.manifest import ManifestCollector
from aipolicy.collect.repo import Repo
from aipolicy.errors import ConfigError
from aipolicy.policy.orgdata import load_org_data
from aipolicy.report.escape import for_terminal
from aipolicy.resources import policies_dir


def validate_all(policy_dir: Path | None, repo_path: Path | None) -> list[str]:
    """Validate; return what was checked, one line each. Errors raise :class:`ConfigError`."""
    source = policy_dir if policy_dir is not None else policies_dir()
    if not source.is_dir():
        raise ConfigError(f"--policy {source}: no such directory.")
    org = load_org_data(source)
    lines = []
    classes: list[str] = []
    if org is None:
        lines.append(f"org data: none in {source} (the shipped default applies)")
        shipped = load_org_data(policies_dir())
        classes = [c["id"] for c in shipped.document["classifications"]] if shipped else []
    else:
        doc = org.document
        classes = [c["id"] for c in doc["classifications"]]
        lines.append(
            f"org data: valid ({', '.join(str(f) for f in org.files)}): "
            f"{len(classes)} classifications, {len(doc['tools'])} tools, "
            f"{len(doc.get('inventory', []))} inventory entries"
        )
    if repo_path is not None:
        manifest = ManifestCollector().collect(Repo(repo_path))
        if not manifest.present:
            lines.append(f"manifest: none in {repo_path} (add .aipolicy.yaml to classify it)")
        else:
            declared = manifest.document["classification"]
            where = f"{repo_path}/{manifest.path}:{manifest.lines.get('classification', 1)}"
            if classes and declared not in classes:
                raise ConfigError(
                    f"{where}: classification: {for_terminal(declared)!r} is not one of "
                    f"{', '.join(classes)}"
                )
            lines.append(
                f"manifest: valid ({repo_path}/{manifest.path}): classification {declared}"
            )
    return lines
