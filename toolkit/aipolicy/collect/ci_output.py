"""What a CI job does with an AI agent's output: where it keeps it and where it runs it.

An agent command's output is *kept* when its standard output is redirected to a file
(``> f``, ``>> f``, ``&> f``, ``| tee f``), written by the agent's own option (``-o f``,
``--output f``, ``--output-file f``, ``--output-last-message f``) or captured in a
variable (``X=$(claude ...)``). It is *executed* when the agent's own command pipes it
into a shell (``claude -p ... | sh``) or hands it to ``eval``, ``sh -c`` or ``source``
(``eval "$(claude ...)"``), or when a later command of the same job runs what was kept:
``eval``, ``sh -c`` / ``bash -c`` with ``$(cat f)`` or ``$X``, ``cat f | sh``,
``echo "$X" | bash``, ``sh < f``, ``source f`` / ``. f``, ``sh f`` / ``bash f``, ``./f``,
or ``$(cat f)`` / ``$X`` as a command. A file stays visible to every later step of the
job; a variable only to the rest of its own script (in GitLab also from
``before_script`` into ``script``, which share one shell).

Nothing is run: scripts are matched line by line with linear patterns, and every scan is
bounded (characters, lines, outputs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aipolicy.collect.workflows import Job, Step, Workflow

MAX_KEPT = 5
"""Files and variables recorded per agent command at most."""
MAX_EXECUTED = 10
"""Executions recorded per agent command at most."""
MAX_SCAN = 20_000
"""Characters of the job's scripts scanned for executions of one agent's output at most."""
MAX_FOLLOWED = 20
"""Agent commands per job whose output is followed at most."""
MAX_LINE = 2000
"""Characters of a line scanned at most."""
MAX_SEGMENT = 20_000
"""Characters of an agent command read at most."""

_SHELL = r"(?:ba|z|da|k)?sh"
_SHELL_C = re.compile(rf"(?:^|[\s;&|(])(?:sudo\s+)?{_SHELL}\s+(?:-\w+\s+)*-\w*c\b")
_EVAL = re.compile(r"(?:^|[\s;&|(])eval\b")
_SOURCE_PROCESS = re.compile(r"(?:^|[\s;&|(])(?:source|\.)\s+<\(\s*$")
_COMMAND_START = re.compile(r"(?:[^\n]*(?:[;&|(]|\bthen|\bdo))?\s*[\"']?")
_TO_SHELL = re.compile(rf"\|\s*(?:sudo\s+(?:-\S+\s+)*)?{_SHELL}\b(?![\w.-])")

# Before the agent on its line: what receives its output.
_CAPTURE = re.compile(
    r"(?:^|[\s;&|({])(?:(?:export|local|readonly|declare(?:\s+-\w+)*)\s+)?"
    r"([A-Za-z_]\w*)=[\"']?(?:\$\(|`)\s*\Z"
)
_DIRECT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("eval", re.compile(r"(?:^|[\s;&|(])eval\s+[\"']?(?:\$\(|`)\s*\Z")),
    ("sh -c", re.compile(rf"(?:^|[\s;&|(]){_SHELL}\s+(?:-\w+\s+)*-\w*c\s+[\"']?(?:\$\(|`)\s*\Z")),
    ("source", re.compile(r"(?:^|[\s;&|(])(?:source|\.)\s+<\(\s*\Z")),
    ("$(...)", re.compile(r"(?:^|[;&|]|\bthen|\bdo)\s*[\"']?\$\(\s*\Z")),
)

# In the agent's command (quoted text blanked out): where it writes its output.
_REDIRECT = re.compile(r"(?<![<>&])(&>>?|\d?>>?)(?![>&|(])")
_TEE = re.compile(r"\|\s*tee\b(?:\s+-{1,2}[\w-]+)*")
_OUTPUT_OPTION = re.compile(
    r"(?:^|\s)(?:-o|--output|--output-file|--output-last-message)(?=[=\s])=?"
)
_WORD = re.compile(r"\s*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^\s;&|<>()`\"']+))")
_NOT_FILES = re.compile(r"^(?:/dev/|&)|GITHUB_(?:OUTPUT|ENV|STEP_SUMMARY|PATH|STATE)")


@dataclass(frozen=True)
class ExecutedOutput:
    """A command of the agent's job that runs what the agent wrote."""

    line: int
    """1-based line of that command."""
    how: str
    """``eval``, ``sh -c``, ``| sh``, ``sh <``, ``source``, ``sh FILE``, ``./FILE``,
    ``$(...)`` or ``$VAR`` (a variable run as a command); ``sh`` stands for any shell."""
    output: str
    """What it runs: the file (``out.txt``), the variable (``$PLAN``) or ``stdout`` (the
    agent's command itself pipes or hands its output to the shell)."""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "how": self.how, "output": self.output}


def segment_end(script: str, start: int) -> int:
    """End of the simple command (pipeline included) that starts at ``start``.

    It ends at an unquoted ``;``, ``&``, ``&&``, ``||``, newline, or at the ``)`` or
    backquote that closes a command substitution the command is in.
    """
    quote = ""
    depth = 0
    index = start
    stop = min(len(script), start + MAX_SEGMENT)
    while index < stop:
        char = script[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "'\"":
            quote = char
        elif char == "\\":
            index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        elif char in ";&\n`" and depth == 0:
            redirect = char == "&" and (script.startswith("&>", index) or script[index - 1] in "<>")
            if not redirect:
                return index
        index += 1
    return stop


def executed_outputs(
    workflow: Workflow, job: Job, step: Step, start: int, line: int
) -> tuple[ExecutedOutput, ...]:
    """Where the job runs the output of the agent command at ``start`` of ``step.run``
    (on ``line``)."""
    script = step.run or ""
    end = segment_end(script, start)
    command = script[start:end]
    before = script[max(script.rfind("\n", 0, start) + 1, start - 200) : start]
    found = [ExecutedOutput(line, how, "stdout") for how in _direct(before, command)][:MAX_EXECUTED]
    files, variables = _kept(before, command)
    if files or variables:
        texts = [(script[end:], line, True)]
        later = [s for s in job.steps if s.index > step.index and s.run]
        shared = workflow.platform == "gitlab" and step.name == "before_script"
        texts += [(s.run or "", s.run_line or s.line, shared and s.name == "script") for s in later]
        budget = MAX_SCAN
        for text, from_line, same_shell in texts:
            if budget <= 0 or len(found) >= MAX_EXECUTED:
                break
            scanned, budget = text[:budget], budget - len(text)
            sinks = _sinks(scanned, files, variables if same_shell else [])
            for number_text, how, output in sinks[: MAX_EXECUTED - len(found)]:
                where = locate(workflow.source, from_line, number_text)
                found.append(ExecutedOutput(where, how, output))
    return tuple(dict.fromkeys(found))


def _direct(before: str, command: str) -> list[str]:
    hows = [how for how, pattern in _DIRECT if pattern.search(before)]
    if _TO_SHELL.search(_blank_quotes(command)):
        hows.append("| sh")
    return hows


def _kept(before: str, command: str) -> tuple[list[str], list[str]]:
    """Files the command writes its output to, and the variable that captures it."""
    bare = _blank_quotes(command)
    files: list[str] = []
    for match in _REDIRECT.finditer(bare):
        if match.group(1)[0] not in "1&>":
            continue  # 2> and the like: not the agent's answer
        files.append(_word(command, match.end()))
    files += [_word(command, match.end()) for match in _TEE.finditer(bare)]
    own = bare.split("|", 1)[0]
    files += [_word(command, match.end()) for match in _OUTPUT_OPTION.finditer(own)]
    kept = [f.removeprefix("./") for f in files if f and not _NOT_FILES.search(f)]
    capture = _CAPTURE.search(before)
    variables = [capture.group(1)] if capture else []
    return list(dict.fromkeys(kept))[:MAX_KEPT], variables


def _blank_quotes(text: str) -> str:
    """``text`` with quoted parts (quotes included) replaced by spaces, same length."""
    return re.sub(r"\"(?:[^\"\\]|\\.)*\"?|'[^']*'?", lambda m: " " * len(m.group(0)), text)


def _word(text: str, position: int) -> str:
    match = _WORD.match(text, position)
    if match is None:
        return ""
    return next((group for group in match.groups() if group is not None), "")


def _sinks(text: str, files: list[str], variables: list[str]) -> list[tuple[str, str, str]]:
    """``(line text, how, output)`` of each line of ``text`` that runs a kept output."""
    patterns = [(f, _file_patterns(f)) for f in files]
    refs = [(v, re.compile(rf"\$(?:{v}\b|\{{{v}\}})")) for v in variables]
    found: list[tuple[str, str, str]] = []
    for raw in text.split("\n"):
        line = raw[:MAX_LINE].strip()
        if not line or line.startswith("#"):
            continue
        for name, (read, direct) in patterns:
            hows = _executors(line, read)
            hows += [how for how, pattern in direct if pattern.search(line)]
            found += [(line, how, name) for how in hows]
        for name, ref in refs:
            hows = _executors(line, ref, "$VAR")
            for match in ref.finditer(line):
                if re.match(rf"[^;&|]*{_TO_SHELL.pattern}", line[match.end() :]):
                    hows.append("| sh")
                    break
            found += [(line, how, "$" + name) for how in dict.fromkeys(hows)]
    return found


def _executors(line: str, ref: re.Pattern[str], as_command: str = "$(...)") -> list[str]:
    """How ``line`` runs the text ``ref`` finds: eval, sh -c, source <(...) or as a command."""
    hows: list[str] = []
    for match in ref.finditer(line):
        before = line[: match.start()]
        if _EVAL.search(before):
            hows.append("eval")
        elif _SHELL_C.search(before):
            hows.append("sh -c")
        elif _SOURCE_PROCESS.search(before):
            hows.append("source")
        elif _COMMAND_START.fullmatch(before):
            hows.append(as_command)
        if len(hows) >= 2:
            break
    return list(dict.fromkeys(hows))


def _file_patterns(
    name: str,
) -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """The ``$(cat f)`` reading of file ``name``, and the commands that run it directly."""
    path = rf"[\"']?(?:\./)?{re.escape(name)}[\"']?(?![\w./-])"
    read = re.compile(rf"\$\(\s*(?:cat\s+|<\s*){path}\s*\)|`\s*cat\s+{path}\s*`")
    lead = r"(?:^|[\s;&|(])"
    direct = [
        ("| sh", re.compile(rf"{lead}cat\s+{path}\s*{_TO_SHELL.pattern}")),
        ("sh <", re.compile(rf"{lead}{_SHELL}(?:\s+-\w+)*\s*<\s*{path}")),
        ("source", re.compile(rf"(?:^|[;&|(]|\bthen|\bdo)\s*(?:source|\.)\s+{path}")),
        ("sh FILE", re.compile(rf"{lead}(?:sudo\s+)?{_SHELL}\s+(?:-(?!c\b)\w+\s+)*{path}")),
        ("./FILE", re.compile(rf"(?:^|[;&|(]|\bthen|\bdo)\s*\./{re.escape(name)}(?![\w./-])")),
    ]
    return read, direct


def locate(source: tuple[str, ...], from_line: int, text: str) -> int:
    """1-based line, at or after ``from_line``, that holds the start of ``text``."""
    needle = text[:40]
    for number in range(from_line, min(len(source), from_line + 10_000) + 1):
        if needle and needle in source[number - 1]:
            return number
    return from_line
