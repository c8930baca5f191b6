"""JSON report: the decision document plus the facts and the policy it came from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from aipolicy import __version__

if TYPE_CHECKING:
    from aipolicy.core import CheckResult


class JsonReporter:
    name = "json"

    def render(self, result: CheckResult) -> str:
        document = {
            "aipolicy_version": __version__,
            "policy": {
                "revision": result.policy.revision,
                "rules": result.policy.rules_source,
                "data": result.policy.data_source,
            },
            "decision": result.decision.raw,
            "facts": result.facts.to_input(),
        }
        # ensure_ascii keeps every control character escaped, whatever the repo holds.
        return json.dumps(document, indent=2, ensure_ascii=True) + "\n"
