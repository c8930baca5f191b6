"""Text report for people: verdict, eligibility, findings with file:line and a fix."""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from aipolicy.report.escape import for_terminal

if TYPE_CHECKING:
    from rich.console import Console

    from aipolicy.core import CheckResult
    from aipolicy.decision import Finding

_SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
_INDENT = " " * 11
_STATUS_STYLE = {"allowed": "green", "restricted": "yellow", "prohibited": "red"}


class TextReporter:
    name = "text"

    def __init__(self, *, color: bool = False, width: int = 100) -> None:
        self._color = color
        self._width = width

    def render(self, result: CheckResult) -> str:
        from rich.console import Console
        from rich.text import Text

        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=self._color,
            no_color=not self._color,
            width=self._width,
            highlight=False,
            emoji=False,
        )
        decision = result.decision
        elig = decision.eligibility
        verdict = Text(
            "PASS" if decision.passed else "FAIL",
            style="bold green" if decision.passed else "bold red",
        )
        header = Text("aipolicy check ")
        header.append(for_terminal(str(result.path)))
        header.append(": ")
        header.append_text(verdict)
        console.print(header)

        line = Text("  AI assistance: ")
        line.append(elig.status, style=_STATUS_STYLE.get(elig.status, ""))
        line.append(
            f"  (classification: {for_terminal(elig.classification)}, "
            f"from {elig.classification_source})"
        )
        console.print(line)
        allowed = ", ".join(elig.allowed_tools) or "none"
        console.print(
            Text(
                textwrap.fill(
                    f"Allowed assistants: {allowed}",
                    width=self._width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
            )
        )
        in_use = ", ".join(for_terminal(t) for t in elig.assistants_in_use) or "none found"
        console.print(Text("  Assistants configured: " + in_use))

        if decision.findings:
            console.print(Text(f"\nFindings ({len(decision.findings)}):"))
            for finding in decision.findings:
                _print_finding(console, finding, self._width)
        else:
            console.print(Text("\nNo findings."))

        if decision.waived:
            console.print(
                Text(f"\nWaived ({len(decision.waived)}), by exceptions in the org data:")
            )
            for item in decision.waived:
                loc = item.finding.location
                where = for_terminal(loc.path) + (f":{loc.line}" if loc.line else "")
                console.print(
                    Text(
                        f"  {item.finding.rule}  {where}  until {item.waiver.expires}, "
                        f"approved by {item.waiver.approver}"
                    )
                )

        by_sev = decision.summary.get("by_severity", {})
        counts = ", ".join(
            f"{by_sev[s]} {s}"
            for s in ("critical", "high", "medium", "low", "info")
            if by_sev.get(s)
        )
        console.print(
            Text(
                f"\n{decision.summary.get('total', 0)} finding(s)"
                + (f" ({counts})" if counts else "")
                + f"; fails on {decision.fail_on} and above: "
                + ("pass" if decision.passed else "fail")
            )
        )
        return buffer.getvalue()


def _print_finding(console: Console, finding: Finding, width: int) -> None:
    from rich.text import Text

    loc = finding.location
    where = for_terminal(loc.path) + (f":{loc.line}" if loc.line else "")
    head = Text("  ")
    head.append(f"{finding.severity.upper():8}", style=_SEVERITY_STYLE.get(finding.severity, ""))
    head.append(f" {finding.rule}  {where}")
    if finding.original_severity:
        head.append(f"  (example; {finding.original_severity} in a project)", style="dim")
    console.print(head)
    console.print(Text(_indented(for_terminal(finding.message), width)))
    remediation = " ".join(finding.remediation.split())
    if remediation:
        console.print(Text(_indented(f"fix: {remediation}", width), style="dim"))


def _indented(text: str, width: int) -> str:
    return textwrap.fill(text, width=width, initial_indent=_INDENT, subsequent_indent=_INDENT)
