"""The repository's own manifest, ``.aipolicy.yaml``.

An invalid manifest is a configuration error (exit 2) naming the file, line and
field, not a fact: the owners must fix it before the policy can judge the project.
"""

from __future__ import annotations

from aipolicy.collect.repo import Repo
from aipolicy.errors import ConfigError
from aipolicy.facts import Manifest
from aipolicy.validation import schema_errors
from aipolicy.yamlsource import load_yaml_text

MANIFEST_NAMES = (".aipolicy.yaml", ".aipolicy.yml")
MAX_MANIFEST_BYTES = 64 * 1024


class ManifestCollector:
    name = "manifest"

    def collect(self, repo: Repo) -> Manifest:
        for rel in MANIFEST_NAMES:
            if repo.is_file(rel):
                return load_manifest(repo, rel)
        return Manifest(present=False)


def load_manifest(repo: Repo, rel: str) -> Manifest:
    """Read, parse and validate the manifest at ``rel``."""
    read = repo.read(rel, MAX_MANIFEST_BYTES)
    if read is None:
        raise ConfigError(f"{rel}: cannot be read.", hint="Check the file's permissions.")
    if read.truncated:
        raise ConfigError(f"{rel}: larger than {MAX_MANIFEST_BYTES // 1024} KiB; not a manifest.")
    try:
        text = read.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{rel}: not UTF-8 text (byte {exc.start}).") from None
    doc = load_yaml_text(text, rel)
    problems = schema_errors(doc.value, "repo-manifest", doc.lines.where)
    if problems:
        raise ConfigError(
            f"{rel} is not a valid aipolicy manifest:\n  " + "\n  ".join(problems),
            hint="Fix the fields named above (schema: schema/repo-manifest.schema.json); "
            "`aipolicy validate PATH` checks it.",
        )
    lines = {key: doc.lines.lines[(key,)] for key in doc.value if (key,) in doc.lines.lines}
    return Manifest(present=True, path=rel, document=doc.value, lines=lines)
