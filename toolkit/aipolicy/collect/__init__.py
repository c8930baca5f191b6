"""Collectors: read a repository into :class:`~aipolicy.facts.Facts`, executing nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

from aipolicy.collect.assistants import AssistantsCollector
from aipolicy.collect.identity import IdentityCollector
from aipolicy.collect.interface import Collector
from aipolicy.collect.manifest import ManifestCollector
from aipolicy.collect.repo import Repo
from aipolicy.facts import Context, Facts

__all__ = ["Collector", "Repo", "collect_facts", "utc_now"]


def utc_now() -> str:
    """The current time as RFC 3339 UTC, second precision."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def collect_facts(path: Path, *, now: str | None = None, fail_on: str = "high") -> Facts:
    """Run every collector on the repository at ``path``."""
    repo = Repo(path)
    return Facts(
        context=Context(now=now or utc_now(), fail_on=fail_on),
        repository=IdentityCollector().collect(repo),
        manifest=ManifestCollector().collect(repo),
        assistants=AssistantsCollector().collect(repo),
    )
