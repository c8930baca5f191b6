"""The repository's own manifest, ``.aipolicy.yaml`` (or ``.aipolicy.yml``), as spelled.

An invalid manifest is a configuration error (exit 2) naming the file, line and
field, not a fact: the owners must fix it before the policy can judge the project.
"""

from __future__ import annotations

from aipolicy.collect.repo import Repo
from aipolicy.errors import ConfigError
from aipolicy.facts import Manifest
from aipolicy.validation import schema_errors
from aipolicy.yamlsource import LineMap, load_yaml_text

MANIFEST_NAMES = (".aipolicy.yaml", ".aipolicy.yml")
MAX_MANIFEST_BYTES = 64 * 1024


class ManifestCollector:
    name = "manifest"

    def collect(self, repo: Repo) -> Manifest:
        # Names as listed in the root directory, so a case-insensitive file system does not
        # turn ``.AIPolicy.yaml`` into a manifest the tool itself would not read elsewhere.
        at_root = set(repo.list_files(""))
        for rel in MANIFEST_NAMES:
            if rel in at_root:
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
    _check_data_paths(doc.value.get("data_paths", {}), doc.lines)
    lines = {key: doc.lines.lines[(key,)] for key in doc.value if (key,) in doc.lines.lines}
    for category in doc.value.get("data_paths", {}):
        line = doc.lines.lines.get(("data_paths", category))
        if line is not None:
            lines[f"data_paths.{category}"] = line
    return Manifest(present=True, path=rel, document=doc.value, lines=lines)


def _check_data_paths(data_paths: dict[str, list[str]], lines: LineMap) -> None:
    """Every ``data_paths`` pattern must be a pattern git would accept (e.g. not ``!``)."""
    import pathspec

    for category, patterns in data_paths.items():
        for index, pattern in enumerate(patterns):
            try:
                pathspec.PathSpec.from_lines("gitignore", [pattern])
            except ValueError:  # pathspec's GitIgnorePatternError
                where = lines.where(("data_paths", category, index))
                raise ConfigError(
                    f"{where}: data_paths.{category}[{index}]: {pattern!r} "
                    "is not a gitignore-style pattern.",
                    hint="Write it as a line of a .gitignore file would be "
                    "(e.g. data/customers/**).",
                ) from None
