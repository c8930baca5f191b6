"""CI security controls and AI agents: the ``ci`` facts.

Controls are found by their signatures (../shared/AI-TOOLS.md, section 8): the action a
GitHub step uses, a container image, a scanner command in a script, a GitLab security
template or component, a pre-commit hook, a Dependabot or Renovate configuration. Each
records where it is and when it runs, so the policy can tell a SAST job that runs on every
pull request from one that only runs by hand. Server-side settings (GitHub default
CodeQL setup, secret scanning, branch protection) are not visible in the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.ci_agents import (
    Agent,
    RunsOn,
    command_at,
    command_pattern,
    find_agents,
    matched,
    runs_on,
)
from aipolicy.collect.ci_output import locate
from aipolicy.collect.parse import Parsed, ParseError, parse_file
from aipolicy.collect.repo import Repo
from aipolicy.collect.workflows import Workflow, collect_workflows

USES_CONTROLS: tuple[tuple[str, str, str], ...] = (
    ("github/codeql-action/init", "sast", "codeql"),
    ("github/codeql-action/analyze", "sast", "codeql"),
    ("github/codeql-action/autobuild", "sast", "codeql"),
    ("returntocorp/semgrep-action", "sast", "semgrep"),
    ("semgrep/semgrep-action", "sast", "semgrep"),
    ("pycqa/bandit-action", "sast", "bandit"),
    ("snyk/actions", "sast", "snyk"),
    ("sonarsource/sonarqube-scan-action", "sast", "sonarqube"),
    ("sonarsource/sonarcloud-github-action", "sast", "sonarqube"),
    ("sonarsource/sonarqube-quality-gate-action", "sast", "sonarqube"),
    ("securego/gosec", "sast", "gosec"),
    ("aquasecurity/trivy-action", "sast", "trivy"),
    ("anchore/scan-action", "sast", "grype"),
    ("gitleaks/gitleaks-action", "secret_scanning", "gitleaks"),
    ("trufflesecurity/trufflehog", "secret_scanning", "trufflehog"),
    ("gitguardian/ggshield-action", "secret_scanning", "ggshield"),
    ("gitguardian/ggshield", "secret_scanning", "ggshield"),
    ("zaproxy/action-baseline", "dast", "zap"),
    ("zaproxy/action-full-scan", "dast", "zap"),
    ("zaproxy/action-api-scan", "dast", "zap"),
    ("zaproxy/action-af", "dast", "zap"),
    ("projectdiscovery/nuclei-action", "dast", "nuclei"),
    ("actions/dependency-review-action", "dependency_review", "dependency-review-action"),
    ("google/osv-scanner-action", "dependency_review", "osv-scanner"),
    ("ossf/scorecard-action", "scorecard", "scorecard"),
)
"""GitHub action (``owner/repo[/path]``, case-insensitive), control and tool."""

IMAGE_CONTROLS: tuple[tuple[str, str, str], ...] = (
    ("semgrep/semgrep", "sast", "semgrep"),
    ("returntocorp/semgrep", "sast", "semgrep"),
    ("securego/gosec", "sast", "gosec"),
    ("presidentbeef/brakeman", "sast", "brakeman"),
    ("aquasec/trivy", "sast", "trivy"),
    ("anchore/grype", "sast", "grype"),
    ("sonarsource/sonar-scanner-cli", "sast", "sonarqube"),
    ("zricethezav/gitleaks", "secret_scanning", "gitleaks"),
    ("ghcr.io/gitleaks/gitleaks", "secret_scanning", "gitleaks"),
    ("trufflesecurity/trufflehog", "secret_scanning", "trufflehog"),
    ("gitguardian/ggshield", "secret_scanning", "ggshield"),
    ("zaproxy/zap-stable", "dast", "zap"),
    ("zaproxy/zap-weekly", "dast", "zap"),
    ("ghcr.io/zaproxy/zaproxy", "dast", "zap"),
    ("owasp/zap2docker-stable", "dast", "zap"),
    ("owasp/zap2docker-weekly", "dast", "zap"),
    ("softwaresecurityproject/zap-stable", "dast", "zap"),
    ("projectdiscovery/nuclei", "dast", "nuclei"),
)
"""Container image (job container, GitLab ``image``, ``docker run``), control and tool."""

RUN_CONTROLS: tuple[tuple[str, str, str], ...] = (
    (r"semgrep", "sast", "semgrep"),
    (r"bandit", "sast", "bandit"),
    (r"gosec", "sast", "gosec"),
    (r"brakeman", "sast", "brakeman"),
    (r"trivy", "sast", "trivy"),
    (r"grype", "sast", "grype"),
    (r"codeql", "sast", "codeql"),
    (r"sonar-scanner", "sast", "sonarqube"),
    (r"snyk", "sast", "snyk"),
    (r"gitleaks", "secret_scanning", "gitleaks"),
    (r"trufflehog", "secret_scanning", "trufflehog"),
    (r"detect-secrets(?:-hook)?", "secret_scanning", "detect-secrets"),
    (r"ggshield", "secret_scanning", "ggshield"),
    (r"zap-(?:baseline|full-scan|api-scan)\.py|zap\.sh", "dast", "zap"),
    (r"nuclei", "dast", "nuclei"),
    (r"osv-scanner", "dependency_review", "osv-scanner"),
    (r"pip-audit", "dependency_review", "pip-audit"),
    (r"npm[ \t]+audit", "dependency_review", "npm-audit"),
    (r"govulncheck", "dependency_review", "govulncheck"),
    (r"scorecard", "scorecard", "scorecard"),
)
"""Command (regular expression, at a command position of a script), control and tool."""

HOOK_CONTROLS: dict[str, tuple[str, str]] = {
    "detect-secrets": ("secret_scanning", "detect-secrets"),
    "gitleaks": ("secret_scanning", "gitleaks"),
    "gitleaks-docker": ("secret_scanning", "gitleaks"),
    "gitleaks-system": ("secret_scanning", "gitleaks"),
    "trufflehog": ("secret_scanning", "trufflehog"),
    "ggshield": ("secret_scanning", "ggshield"),
    "detect-private-key": ("secret_scanning", "detect-private-key"),
    "detect-aws-credentials": ("secret_scanning", "detect-aws-credentials"),
    "bandit": ("sast", "bandit"),
    "semgrep": ("sast", "semgrep"),
    "gosec": ("sast", "gosec"),
}
"""pre-commit hook id, control and tool."""

GITLAB_SECURITY: tuple[tuple[str, str, str], ...] = (
    ("sast", "sast", "gitlab-sast"),
    ("secret-detection", "secret_scanning", "gitlab-secret-detection"),
    ("dependency-scanning", "dependency_review", "gitlab-dependency-scanning"),
    ("container-scanning", "sast", "gitlab-container-scanning"),
    ("dast", "dast", "gitlab-dast"),
)
"""GitLab template / component name start, control and tool (``-template``/``-component``)."""

RENOVATE_FILES = (
    "renovate.json",
    "renovate.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
)
DEPENDABOT_FILES = (".github/dependabot.yml", ".github/dependabot.yaml")
PRE_COMMIT_FILE = ".pre-commit-config.yaml"
NEVER = RunsOn((), on_pull_request=False, on_push=False, manual_only=False)

_RUN = command_pattern([names for names, _, _ in RUN_CONTROLS])
_IMAGE_IN_TEXT = re.compile(
    r"(?<![\w./-])(?:docker\.io/)?(?:"
    + "|".join(
        f"(?P<c{index}>{re.escape(image)})" for index, (image, _, _) in enumerate(IMAGE_CONTROLS)
    )
    + r")(?=[:@\s\"']|$)"
)


@dataclass(frozen=True)
class Control:
    """A security control the repository's CI or tooling runs."""

    control: str
    """``sast``, ``secret_scanning``, ``dast``, ``dependency_review``,
    ``dependency_updates`` or ``scorecard``."""
    tool: str
    """The tool (``codeql``, ``semgrep``, ``gitleaks``, ``dependabot``, ...)."""
    path: str
    """File it is configured in."""
    line: int
    """1-based line of the step, command, include, hook or configuration."""
    source: str
    """``github-actions``, ``gitlab-ci``, ``pre-commit``, ``dependabot`` or ``renovate``."""
    runs_on: RunsOn = NEVER
    """When it runs (no triggers for pre-commit, Dependabot and Renovate)."""
    job: str | None = None
    """Id of the CI job, if it is one."""

    def to_json(self) -> dict[str, Any]:
        return {
            "control": self.control,
            "tool": self.tool,
            "path": self.path,
            "line": self.line,
            "source": self.source,
            "job": self.job,
            **self.runs_on.to_json(),
        }


@dataclass(frozen=True)
class CiFacts:
    """Everything found about CI: workflows, the controls and the agents they run."""

    workflows: tuple[Workflow, ...] = ()
    """GitHub workflows and the GitLab pipeline, in path order (GitHub first)."""
    controls: tuple[Control, ...] = ()
    """Security controls, one per tool and job (or file), in file order."""
    agents: tuple[Agent, ...] = ()
    """AI agents run in CI, in file order."""
    parse_errors: tuple[ParseError, ...] = ()
    """CI, pre-commit, Dependabot and Renovate files that did not parse (not in JSON)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "workflows": [workflow.to_json() for workflow in self.workflows],
            "controls": [control.to_json() for control in self.controls],
            "agents": [agent.to_json() for agent in self.agents],
        }


class CiCollector:
    name = "ci"

    def collect(self, repo: Repo) -> CiFacts:
        workflows, errors = collect_workflows(repo)
        controls = list(workflow_controls(workflows))
        files = frozenset(repo.files)
        for found, error in (
            pre_commit(repo, files),
            dependabot(repo, files),
            renovate(repo, files),
        ):
            controls.extend(found)
            errors += (error,) if error is not None else ()
        unique = {(c.control, c.tool, c.path, c.job): c for c in reversed(controls)}
        return CiFacts(
            workflows=workflows,
            controls=tuple(c for c in controls if unique[(c.control, c.tool, c.path, c.job)] is c),
            agents=find_agents(workflows),
            parse_errors=errors,
        )


def workflow_controls(workflows: tuple[Workflow, ...]) -> Iterator[Control]:
    """Controls in workflows, in file order (duplicates included)."""
    for workflow in workflows:
        source = "github-actions" if workflow.platform == "github" else "gitlab-ci"
        for include in workflow.includes:
            for control, tool in gitlab_include(include.kind, include.value):
                yield Control(control, tool, workflow.path, include.line, source, runs_on(workflow))
        for job in workflow.jobs:
            if job.template and job.id != "default":
                continue
            when = runs_on(workflow, job)
            found: list[tuple[int, str, str]] = []
            if job.container:
                found += [(job.line, c, t) for c, t in image_controls(job.container)]
            for step in job.steps:
                if step.uses:
                    matches = uses_controls(step.uses)
                    found += [(step.line, c, t) for c, t in matches]
                script = step.run or ""
                for text, control, tool in script_controls(script):
                    where = locate(workflow.source, step.run_line or step.line, text)
                    found.append((where, control, tool))
            for line, control, tool in sorted(found, key=lambda item: item[0]):
                yield Control(control, tool, workflow.path, line, source, when, job.id)


def uses_controls(uses: str) -> list[tuple[str, str]]:
    """Controls an action (``owner/repo@ref`` or ``docker://image``) provides."""
    if uses.startswith("docker://"):
        return image_controls(uses[len("docker://") :])
    name = uses.split("@", 1)[0].lower()
    return [
        (control, tool)
        for prefix, control, tool in USES_CONTROLS
        if name == prefix or name.startswith(prefix + "/")
    ]


def image_controls(image: str) -> list[tuple[str, str]]:
    """Controls a container image provides."""
    name = image.lower().removeprefix("docker.io/")
    return [
        (control, tool)
        for prefix, control, tool in IMAGE_CONTROLS
        if name == prefix or name.startswith((prefix + ":", prefix + "@"))
    ]


def script_controls(script: str) -> list[tuple[str, str, str]]:
    """``(line text, control, tool)`` of scanners a script runs (commands, ``docker run``)."""
    first_seen: dict[tuple[str, str], int] = {}
    for pattern, table in ((_RUN, RUN_CONTROLS), (_IMAGE_IN_TEXT, IMAGE_CONTROLS)):
        for match in pattern.finditer(script):
            _, control, tool = table[matched(match)]
            first_seen.setdefault((control, tool), match.start())
    return [
        (command_at(script, start)[0], control, tool)
        for (control, tool), start in sorted(first_seen.items(), key=lambda item: item[1])
    ]


def gitlab_include(kind: str, value: str) -> list[tuple[str, str]]:
    """Controls a GitLab ``template`` or ``component`` include provides."""
    if kind == "template":
        name, suffix = value.rsplit("/", 1)[-1].lower(), "template"
    elif kind == "component":
        match = re.search(r"/components/([^/@]+)", value)
        name, suffix = (match.group(1).lower() if match else ""), "component"
    else:
        return []
    return [
        (control, f"{tool}-{suffix}")
        for start, control, tool in GITLAB_SECURITY
        if name.startswith(start)
    ]


def pre_commit(repo: Repo, files: frozenset[str]) -> tuple[list[Control], ParseError | None]:
    """Secret-scanning and SAST hooks of ``.pre-commit-config.yaml``."""
    if PRE_COMMIT_FILE not in files:
        return [], None
    parsed = parse_file(repo, PRE_COMMIT_FILE, "yaml")
    if parsed is None or parsed.error is not None:
        return [], parsed.error if parsed else None
    found: list[Control] = []
    repos = parsed.value.get("repos") if isinstance(parsed.value, dict) else None
    for r_index, entry in enumerate(repos if isinstance(repos, list) else []):
        hooks = entry.get("hooks") if isinstance(entry, dict) else None
        for h_index, hook in enumerate(hooks if isinstance(hooks, list) else []):
            if not isinstance(hook, dict):
                continue
            line = parsed.line("repos", r_index, "hooks", h_index)
            matches = _hook_controls(hook)
            found += [Control(c, t, parsed.path, line, "pre-commit") for c, t in matches]
    return found, None


def _hook_controls(hook: dict[str, Any]) -> list[tuple[str, str]]:
    known = HOOK_CONTROLS.get(str(hook.get("id")))
    if known is not None:
        return [known]
    entry = hook.get("entry")
    if not isinstance(entry, str):
        return []
    return [(control, tool) for _, control, tool in script_controls(entry)]


def dependabot(repo: Repo, files: frozenset[str]) -> tuple[list[Control], ParseError | None]:
    """Dependabot version updates (``.github/dependabot.yml``)."""
    for rel in DEPENDABOT_FILES:
        parsed = parse_file(repo, rel, "yaml") if rel in files else None
        if parsed is None:
            continue
        if parsed.error is not None:
            return [], parsed.error
        return [
            Control(
                "dependency_updates",
                "dependabot",
                parsed.path,
                _at(parsed, "updates"),
                "dependabot",
            )
        ], None
    return [], None


def renovate(repo: Repo, files: frozenset[str]) -> tuple[list[Control], ParseError | None]:
    """Renovate, by its configuration file or a ``renovate`` key in ``package.json``."""
    for rel in RENOVATE_FILES:
        if rel not in files or not repo.is_file(rel):
            continue
        if rel.endswith(".json5"):
            return [Control("dependency_updates", "renovate", rel, 1, "renovate")], None
        parsed = parse_file(repo, rel, "jsonc")
        if parsed is None:
            continue
        if parsed.error is not None:
            return [], parsed.error
        return [Control("dependency_updates", "renovate", parsed.path, 1, "renovate")], None
    package = parse_file(repo, "package.json", "json") if "package.json" in files else None
    if package is not None and isinstance(package.value, dict) and "renovate" in package.value:
        line = package.line("renovate")
        return [Control("dependency_updates", "renovate", package.path, line, "renovate")], None
    return [], None


def _at(parsed: Parsed, key: str) -> int:
    return parsed.line(key) if isinstance(parsed.value, dict) and key in parsed.value else 1
