"""Policies: org data, compiled Rego bundles, and which policy a check uses."""

from __future__ import annotations

from aipolicy.policy.source import LoadedPolicy, load_policy

__all__ = ["LoadedPolicy", "load_policy"]
