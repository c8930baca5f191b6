"""Every report format, byte for byte, on every example.

Refresh after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/report``
and review ``git diff tests/report/golden``.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from aipolicy.core import check
from aipolicy.policy import load_policy
from aipolicy.report import REPORTERS, get_reporter
from tests.conftest import NOW, ROOT

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ["docs-site", "shadow-ai-service"]


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("example", EXAMPLES)
def test_report_matches_golden(fmt: str, example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # A fixed revision: the golden files pin the format, not the policy's content hash.
    policy = dataclasses.replace(load_policy(), revision="sha256:golden")
    result = check(Path("examples") / example, policy, now=NOW)
    rendered = get_reporter(fmt).render(result)
    golden = GOLDEN / f"{example}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(rendered)
    assert rendered == golden.read_text()


def test_every_registered_format_has_golden_files() -> None:
    for fmt in REPORTERS:
        for example in EXAMPLES:
            assert (GOLDEN / f"{example}.{fmt}").is_file()
