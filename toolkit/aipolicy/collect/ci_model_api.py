"""Model APIs called straight from a CI script: ``curl`` (or ``wget``, HTTPie,
PowerShell) to an LLM vendor's endpoint, and ``gh models run``.

A workflow that posts an issue body to ``api.openai.com`` and acts on the answer has an
AI agent in CI as surely as one that uses an agent action: untrusted text reaches a
model, and what the model says may be run. These calls are recorded as agents with the
tool id ``model-api`` (``github-models`` for ``gh models run``), so the CI rules judge them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

MODEL_API_HOSTS = (
    r"api\.openai\.com",
    r"api\.anthropic\.com",
    r"generativelanguage\.googleapis\.com",
    r"(?:[\w-]+-)?aiplatform\.googleapis\.com",
    r"[\w-]+\.openai\.azure\.com",
    r"[\w-]+\.services\.ai\.azure\.com",
    r"models\.github\.ai",
    r"models\.inference\.ai\.azure\.com",
    r"bedrock-runtime\.[\w-]+\.amazonaws\.com",
    r"api\.mistral\.ai",
    r"api\.groq\.com",
    r"api\.deepseek\.com",
    r"openrouter\.ai",
    r"api\.together\.xyz",
    r"api\.cohere\.(?:ai|com)",
    r"api\.x\.ai",
    r"api\.perplexity\.ai",
    r"api\.fireworks\.ai",
)
"""Hosts of LLM inference APIs (regular expressions, matched case-insensitively)."""

_URL = re.compile(r"https?://(?:" + "|".join(MODEL_API_HOSTS) + r")(?=[/:\"'\s?]|$)", re.IGNORECASE)
_CLIENT = re.compile(
    r"(?:^|[\s;&|(`$])(?:curl|wget|http|https|xh|Invoke-RestMethod|Invoke-WebRequest|irm|iwr)"
    r"(?=\s)",
    re.IGNORECASE,
)
GH_MODELS = r"gh[ \t]+models[ \t]+run"
"""The GitHub Models CLI extension's inference command (a :func:`command_pattern` name)."""

MAX_CALLS = 20
"""Model API calls recorded per script at most."""
_MAX_BACK = 50
"""Continuation lines followed back to a command's start at most."""


def command_start(script: str, position: int) -> int:
    """Start of the command holding ``position``: back over ``\\``-continued lines."""
    start = script.rfind("\n", 0, position) + 1
    for _ in range(_MAX_BACK):
        if start == 0:
            break
        previous = script.rfind("\n", 0, start - 1) + 1
        if not script[previous : start - 1].rstrip().endswith("\\"):
            break
        start = previous
    return start


def model_api_calls(script: str) -> Iterator[int]:
    """Start offsets of the commands of ``script`` that call a model API with an HTTP
    client, one per command, in order."""
    seen: set[int] = set()
    for match in islice(_URL.finditer(script), MAX_CALLS * 4):
        start = command_start(script, match.start())
        if start in seen:
            continue
        end = script.find("\n", match.start())
        segment = script[start : len(script) if end == -1 else end]
        if _CLIENT.search(segment) is None:
            continue
        seen.add(start)
        yield start
        if len(seen) >= MAX_CALLS:
            return
