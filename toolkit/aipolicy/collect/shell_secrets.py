"""What a shell command reads that holds secrets, and the requests that carry one out.

Used by :mod:`aipolicy.collect.shell`. :data:`SECRET_READS` are searched in a command as
written: a credential variable (``$GITHUB_TOKEN``), the whole environment (``env``,
``printenv``), a credential file (``~/.aws``, ``~/.ssh``, ``id_rsa``) or a ``.env`` file.

:func:`secret_requests` finds a network client's request that carries one of them to its
host without uploading anything: in the URL (``curl https://host/?k=$ANTHROPIC_API_KEY``)
or in a header (``curl -H "Authorization: Bearer $GITHUB_TOKEN" ...``,
``wget --header=...``), and any argument of an HTTPie/xh request (each is a header, query
or body item). Only what the shell expands counts: a single-quoted ``'$TOKEN'`` is sent as
those six characters. A URL is a word with ``://``. Facts only; the policy judges the host.
"""

from __future__ import annotations

import re

_SECRET_NAME = r"(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)"  # noqa: S105
_ENV_DUMP = (
    r"(?:^|[\s;&|(`])(?:printenv\b|env\s*(?=$|[;&|)`\"])|export\s+-p\b"
    r"|(?:gci|dir|Get-ChildItem)\s+env:)|/proc/[^/\s]+/environ"
)
_CREDENTIAL_FILE = (
    r"(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%|\$env:USERPROFILE)/\.(?:ssh|aws|gnupg|kube|docker"
    r"|netrc|npmrc|pypirc|git-credentials|config/gh|config/gcloud|azure)\b"
    r"|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\.aws/credentials\b|\.git-credentials\b"
)
SECRET_READS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("secret_variable", re.compile(rf"\$\{{?[A-Z0-9_]*{_SECRET_NAME}[A-Z0-9_]*\}}?")),
    ("environment_dump", re.compile(_ENV_DUMP, re.IGNORECASE)),
    ("credential_file", re.compile(_CREDENTIAL_FILE)),
    ("dotenv_file", re.compile(r"(?:^|[\s=<\"'@/])\.env(?:\.[\w.-]+)?(?=$|[\s;&|)\"'])")),
)
"""What a command reads that holds secrets, searched in the command as written."""

_CLIENT = re.compile(
    r"(?:^|(?<=[;&|(\n`])|(?<=\$\())\s*(?:(?:sudo|command|exec|nohup|time|env)(?:\s+-\S+)*\s+"
    r"|[A-Za-z_]\w*=\S*\s+)*(curl|wget|https?|xhs?)(?=\s)"
)
"""A network client at a command position (masked text), as :mod:`shell` finds commands."""
_HEADER_OPTION = {
    "curl": re.compile(r"^(?:--header|-[sSfLkvigGINqZ]*H)(?P<attached>.*)$"),
    "wget": re.compile(r"^--header(?:$|(?P<attached>=.*))$"),
}
"""A client's option whose value is a header: the next word, or attached (``-sH...``,
``--header=...``); curl's short options may be grouped after flags that take no value."""
_MAX_WORDS = 200
"""Only the first words of a request are read."""


def secret_requests(text: str, masked: str) -> list[tuple[str, int, int]]:
    """``(pattern, start, end)`` of each request in ``text`` whose URL (``secret_in_url``)
    or header (``secret_in_header``) carries a secret read, from the client's name to the
    end of that argument; ``masked`` is ``text`` with quoted contents masked
    (:func:`aipolicy.collect.shell.mask`)."""
    found = []
    for client in _CLIENT.finditer(masked):
        option = _HEADER_OPTION.get(client.group(1))
        httpie, header_next = option is None, False
        for start, end in _words(masked, client.end()):
            word = text[start:end].strip("\"'")
            header = option.match(word) if option is not None else None
            is_header = header_next or (header is not None and bool(header.group("attached")))
            header_next = header is not None and not header.group("attached")
            if not (is_header or "://" in word or (httpie and not word.startswith("-"))):
                continue
            if any(expression.search(masked[start:end]) for _, expression in SECRET_READS):
                pattern = "secret_in_header" if is_header else "secret_in_url"
                found.append((pattern, client.start(1), end))
                break
    return found


def _words(masked: str, at: int) -> list[tuple[int, int]]:
    """Spans of the words of the simple command from ``at``: split at blanks outside
    ``$(...)`` and backticks (quoted blanks are masked), up to ``;``, ``&``, ``|``, a
    newline or an unmatched ``)``."""
    spans: list[tuple[int, int]] = []
    depth, tick, start, i = 0, False, None, at
    while i < len(masked) and len(spans) < _MAX_WORDS:
        c = masked[i]
        if depth == 0 and not tick and (c in ";&|\n)" or c.isspace()):
            if start is not None:
                spans.append((start, i))
                start = None
            if c in ";&|\n)":
                return spans
        else:
            start = i if start is None else start
            if c == "`":
                tick = not tick
            elif c == "(" and (depth > 0 or masked[i - 1 : i] == "$"):
                depth += 1
            elif c == ")" and depth > 0:
                depth -= 1
        i += 1
    if start is not None:
        spans.append((start, i))
    return spans
