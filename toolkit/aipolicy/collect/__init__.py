"""Collectors: read a repository into :class:`~aipolicy.facts.Facts`, executing nothing."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path

from aipolicy.collect.agent_config import AgentConfigCollector
from aipolicy.collect.assistants import AssistantsCollector
from aipolicy.collect.ci_controls import CiCollector
from aipolicy.collect.dependencies import DependenciesCollector
from aipolicy.collect.exclusion import ContextExclusionCollector
from aipolicy.collect.gh_aw import AgenticWorkflowsCollector
from aipolicy.collect.identity import IdentityCollector
from aipolicy.collect.instructions import InstructionsCollector
from aipolicy.collect.interface import Collector
from aipolicy.collect.manifest import ManifestCollector
from aipolicy.collect.plugins import PluginsCollector
from aipolicy.collect.repo import Repo
from aipolicy.collect.review import ReviewCollector
from aipolicy.collect.sandbox import SandboxCollector
from aipolicy.collect.secrets import SecretsCollector
from aipolicy.facts import Context, Facts

__all__ = ["Collector", "Repo", "collect_facts", "utc_now"]


def utc_now() -> str:
    """The current time as RFC 3339 UTC, second precision."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def collect_facts(
    path: Path,
    *,
    now: str | None = None,
    fail_on: str = "high",
    repository: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Facts:
    """Run every collector on the repository at ``path``.

    ``repository`` (the --repository option) names the repository explicitly;
    otherwise the CI environment (``environ``, default ``os.environ``) is trusted when
    it describes this very checkout, and the repository's own git config last.
    """
    repo = Repo(path)
    env = os.environ if environ is None else environ
    secrets = SecretsCollector().collect(repo)
    assistants = AssistantsCollector().collect(repo)
    return Facts(
        context=Context(now=now or utc_now(), fail_on=fail_on),
        repository=IdentityCollector(repository, env).collect(repo),
        manifest=ManifestCollector().collect(repo),
        assistants=assistants,
        agent_config=AgentConfigCollector().collect(repo),
        sandbox=SandboxCollector().collect(repo),
        secrets=secrets,
        context_exclusion=ContextExclusionCollector(secrets, assistants).collect(repo),
        ci=CiCollector().collect(repo),
        review=ReviewCollector().collect(repo),
        dependencies=DependenciesCollector().collect(repo),
        instructions=InstructionsCollector().collect(repo),
        plugins=PluginsCollector().collect(repo),
        agentic_workflows=AgenticWorkflowsCollector().collect(repo),
    )
