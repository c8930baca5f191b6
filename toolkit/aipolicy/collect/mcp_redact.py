"""Secrets in MCP server command lines and URLs: found, recorded by kind, and redacted.

Of an MCP server's environment variables and headers only the names reach the facts
(:mod:`aipolicy.collect.agent_mcp`), but its command, arguments and URL are recorded as
written, so a credential given there would travel into every report. :func:`redact_words`
and :func:`url_secrets` find them, and every one is replaced by :data:`REDACTED` before it
becomes a fact; what remains is where it was and what kind of secret it looked like.
The same shapes in an environment variable's or header's value are found by
:mod:`aipolicy.collect.mcp_values`.

A secret is a token of the content scan's patterns (:func:`secrets.secret_tokens`: GitHub,
Slack, Google, Anthropic, OpenAI tokens, AWS key ids, private keys), or a value in a
credential's place: the value of an option such as ``--api-key``/``--token``/``--password``
(``option``), of ``NAME=value`` with a credential name (``assignment``), of a credential
header such as ``Authorization: Bearer ...`` (``header``), the password of a URL or DSN
(``url_password``), a URL query parameter named token/key/secret/password/sig
(``url_query``), or a database client's password flag (``db_password``: ``mysql -p...``,
``mongosh -p``, ``redis-cli -a``, ``sqlcmd -P``). A value that is or contains a reference
(``${VAR}``, ``$VAR``, ``%VAR%``, ``{env:VAR}``, ``${input:id}``, ``$(...)``), a placeholder
(:func:`secrets.looks_placeholder`, ``<token>``), a file path (a pointer to a secret,
judged by AIP139), a word such as ``true`` or ``stdin``, another option and an empty value
are not secrets.

Finding them is the one judgement a collector makes here, because the value must never be
recorded; whether and how to report them is left to the policy (AIP130). Every expression
is bounded (no nested quantifiers; prefixes capped) so a hostile argument costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from aipolicy.collect.secrets import looks_placeholder, secret_tokens

REDACTED = "<redacted>"
"""What a secret is replaced with in the facts."""

_REFERENCE = r"(?:\$\{[^}\s]+\}|\$[A-Za-z_][A-Za-z0-9_]*)"
_ONLY_A_REFERENCE = re.compile(rf"^\s*(?:[A-Za-z]+ )?{_REFERENCE}\s*$")
_HAS_REFERENCE = re.compile(r"\$\{[^}\s]+\}|\$[A-Za-z_]\w*|\$\(|%[A-Za-z_]\w*%|\{env:[^}\s]+\}")
"""A value built from a variable (``${VAR}``, ``$VAR``, ``%VAR%``, ``{env:VAR}``,
``${input:id}``) or a command substitution is no plaintext secret, even in part."""
_NOT_SECRET_VALUES = frozenset("true false none null stdin env prompt".split())
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)?[^/?#@]*@")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^\s\"'<>]+")
_URL_PASSWORD = re.compile(
    r"^[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^:/?#@\s]*:(?P<pw>\S*)@"
    r"(?=[A-Za-z0-9.\-\[\]:]{0,300}(?:[/?#]|$))"
)
"""A URL's ``user:password@``: the password runs to the last ``@`` followed by a host (a
password written with ``/``, ``#`` or ``@`` unencoded, as DSNs often are, included)."""
_PORT_THEN_PATH = re.compile(r"^\d*/")
_QUERY_PARAM = re.compile(r"(?:^|(?<=&))(?P<name>[^&#=]+)=(?P<value>[^&#]*)")
"""One ``name=value`` of a query string (the text after ``?``)."""
_ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)=(?P<value>.*)$", re.DOTALL)
_HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9\-]*)[ \t]*:[ \t]*(?P<value>.*)$", re.DOTALL)
_SCHEME_WORD = re.compile(r"^(?P<scheme>(?:Bearer|Basic|Token|Bot|Digest)[ \t]+)", re.IGNORECASE)

SECRET_WORDS = frozenset(
    """apikey auth authorization bearer cookie credential credentials creds key pass
    passphrase passwd password pat pwd secret token""".split()
)
"""Words that make a variable, header or ``NAME=value`` name a credential (as AIP130 reads
``env`` and ``headers``)."""
SECRET_SUFFIXES = ("apikey", "passwd", "password", "secret", "token")
NOT_SECRET_LAST = frozenset(
    """cmd command dir env file header helper host id name path stdin type uri url user
    username var variable""".split()
)
"""A last word that makes the name a pointer to a secret or a setting, not the secret."""
OPTION_LAST = frozenset(
    "apikey passphrase passwd password pat pwd secret token authorization".split()
)
"""Options whose value is a credential, by the option's last word (``--github-token``)."""
KEY_QUALIFIERS = frozenset("access account api auth client license master secret service".split())
"""``--<qualifier>-key`` options hold a credential (``--api-key``); a bare ``--key`` may be a
path or a name and is not judged."""
QUERY_WORDS = frozenset(
    """access_token apikey api_key auth code_secret credential key password passwd pwd
    secret sig signature token""".split()
)
DB_PASSWORD_FLAGS = {
    "mysql": ("-p", True),
    "mariadb": ("-p", True),
    "mysqldump": ("-p", True),
    "mysqladmin": ("-p", True),
    "mongo": ("-p", False),
    "mongosh": ("-p", False),
    "mongodump": ("-p", False),
    "redis-cli": ("-a", False),
    "sqlcmd": ("-P", False),
    "bcp": ("-P", False),
}
"""Database client -> its password flag, and whether the value may be attached (``-pX``)."""
_PATH_SUFFIXES = (".pem", ".key", ".crt", ".cer", ".p12", ".pfx", ".json", ".txt", ".env")


@dataclass(frozen=True)
class Secret:
    """Where one redacted secret was, in the words :func:`redact_words` was given."""

    index: int
    """Index of the word."""
    kind: str
    """What it looked like (see the module docstring)."""


@dataclass(frozen=True)
class CommandLineSecret:
    """Where one redacted secret was in an MCP server's command or arguments."""

    where: Literal["command", "arg"]
    """In the command (written as one string) or in an argument."""
    index: int
    """Index of the argument, or of the space-separated word of the command."""
    kind: str
    """What it looked like (see the module docstring)."""

    @property
    def key(self) -> tuple[str] | tuple[str, int]:
        """The keys of the command or argument in the server's entry."""
        return ("command",) if self.where == "command" else ("args", self.index)


def is_reference(value: object) -> bool:
    """Whether ``value`` is only a variable reference (optionally after one word)."""
    return isinstance(value, str) and _ONLY_A_REFERENCE.match(value) is not None


def strip_url(url: str) -> str:
    """``url`` without userinfo (``user:password@``), query string and fragment."""
    password = _url_password(url, literal_only=False)
    if password is not None:
        url = url[: url.index("://") + 3] + url[password[1] + 1 :]
    return _USERINFO.sub(r"\1", re.split(r"[?#]", url, maxsplit=1)[0])


def redact_command_line(
    command: str | None, args: list[str]
) -> tuple[str | None, tuple[str, ...], list[CommandLineSecret]]:
    """``command`` and ``args`` with their secrets redacted, and where those were. A
    command written as one string is judged word by word (split at single spaces, so it
    is joined back exactly as written)."""
    words = command.split(" ") if command is not None else []
    redacted, found = redact_words([*words, *args])
    secrets = [
        CommandLineSecret("command", s.index, s.kind)
        if s.index < len(words)
        else CommandLineSecret("arg", s.index - len(words), s.kind)
        for s in found
    ]
    shown = " ".join(redacted[: len(words)]) if command is not None else None
    return shown, tuple(redacted[len(words) :]), secrets


def redact_words(words: list[str]) -> tuple[list[str], list[Secret]]:
    """``words`` (a command line) with every secret replaced by :data:`REDACTED`, and
    where the secrets were: at most one per word, the most specific kind."""
    out = list(words)
    found: dict[int, str] = {}
    db_flag: tuple[str, bool] | None = None
    for i, word in enumerate(words):
        redacted, kind = word, None
        for redact in (_redact_tokens, _redact_urls, _redact_text):
            redacted, this_kind = redact(redacted)
            kind = kind or this_kind
        value_kind = _option_needs_value(word, db_flag)
        if value_kind is not None and i + 1 < len(words) and _secret_value(words[i + 1]):
            found.setdefault(i + 1, value_kind)
        if kind is None and db_flag is not None:
            redacted, kind = _attached_db_password(word, db_flag)
        if kind is not None:
            out[i] = redacted
            found[i] = kind
        elif i in found:
            out[i] = _redact_value(word)
        db_flag = DB_PASSWORD_FLAGS.get(_base_name(word), db_flag)
    return out, [Secret(i, kind) for i, kind in sorted(found.items())]


def url_secrets(url: str) -> tuple[str, list[str]]:
    """``url`` as the facts record it (:func:`strip_url`, tokens in what is left
    redacted) and the kinds of secret the written URL held."""
    kinds = []
    if _url_password(url) is not None:
        kinds.append("url_password")
    if any(_secret_query(name, value) for name, value in _query(url)):
        kinds.append("url_query")
    tokens = [t for t in secret_tokens(url) if not t.placeholder]
    kinds.extend(t.kind for t in tokens if t.kind not in kinds)
    stripped, _ = _redact_tokens(strip_url(url))
    return stripped, kinds


# --- one word ---------------------------------------------------------------------------


def _redact_tokens(text: str) -> tuple[str, str | None]:
    """``text`` with the pattern tokens redacted (a private key: all of it)."""
    tokens = [t for t in secret_tokens(text) if not t.placeholder]
    if not tokens:
        return text, None
    if any(t.kind == "private_key" for t in tokens):
        return REDACTED, "private_key"
    parts, at = [], 0
    for token in tokens:
        if token.start >= at:
            parts.append(text[at : token.start] + REDACTED)
            at = token.end
    return "".join(parts) + text[at:], tokens[0].kind


def _redact_urls(text: str) -> tuple[str, str | None]:
    """``text`` with URL passwords and credential query values redacted."""
    kinds: list[str] = []

    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        password = _url_password(url)
        if password is not None:
            url = url[: password[0]] + REDACTED + url[password[1] :]
            kinds.append("url_password")
        if "?" in url:
            base, _, query = url.partition("?")
            url = base + "?" + _QUERY_PARAM.sub(_redact_query_param(kinds), query)
        return url

    redacted = _URL.sub(one, text)
    return redacted, (kinds[0] if kinds else None)


def _redact_query_param(kinds: list[str]) -> Any:
    def one(match: re.Match[str]) -> str:
        if not _secret_query(match.group("name"), match.group("value")):
            return match.group(0)
        kinds.append("url_query")
        return f"{match.group('name')}={REDACTED}"

    return one


def _redact_text(text: str, *, in_option: bool = False) -> tuple[str, str | None]:
    """``--secret-option=value``, ``NAME=value`` and ``Header: value`` with the value
    redacted, when the name is a credential's (also as another option's value:
    ``--env=NAME=value``, ``--header=Name: value``)."""
    if text.startswith("-") and "=" in text and not in_option:
        flag, _, value = text.partition("=")
        if _secret_option(flag) and _secret_value(value):
            return f"{flag}={_redact_value(value)}", "option"
        redacted, kind = _redact_text(value, in_option=True)
        return (f"{flag}={redacted}", kind) if kind is not None else (text, None)
    match = _ASSIGNMENT.match(text)
    if match is not None:
        if secret_name(match.group("name")) and _secret_value(match.group("value")):
            return f"{match.group('name')}={_redact_value(match.group('value'))}", "assignment"
        return text, None
    match = _HEADER.match(text)
    if match is not None and not match.group("value").startswith("//"):
        value = match.group("value")
        if secret_name(match.group("name")) and _secret_value(value):
            return f"{text[: match.start('value')]}{_redact_value(value)}", "header"
    return text, None


def _redact_value(value: str) -> str:
    """The value redacted, keeping an authorization scheme word (``Bearer <redacted>``)."""
    scheme = _SCHEME_WORD.match(value)
    return (scheme.group("scheme") if scheme else "") + REDACTED


def _option_needs_value(word: str, db_flag: tuple[str, bool] | None) -> str | None:
    """The kind of secret the next word is, when ``word`` is an option that takes one."""
    if "=" in word or not word.startswith("-"):
        return None
    if db_flag is not None and word == db_flag[0]:
        return "db_password"
    return "option" if _secret_option(word) else None


def _attached_db_password(word: str, db_flag: tuple[str, bool]) -> tuple[str, str | None]:
    flag, attached = db_flag
    if attached and word.startswith(flag) and len(word) > len(flag):
        if _secret_value(word[len(flag) :]):
            return flag + REDACTED, "db_password"
    return word, None


# --- names and values -------------------------------------------------------------------


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_.\-]+", name.lower()) if w]


def secret_name(name: str) -> bool:
    """Whether a variable, header or assignment name is a credential's (AIP130's rule)."""
    words = _words(name)
    if not words or name.upper() in {"PWD", "OLDPWD"} or words[-1] in NOT_SECRET_LAST:
        return False
    return any(w in SECRET_WORDS or w.endswith(SECRET_SUFFIXES) for w in words)


def _secret_option(flag: str) -> bool:
    """Whether the long option ``flag`` (``--api-key``) takes a credential as its value."""
    if not flag.startswith("--") and not (flag.startswith("-") and len(flag) > 3):
        return False
    words = _words(flag.lstrip("-"))
    if not words or words[-1] in NOT_SECRET_LAST:
        return False
    last = words[-1]
    if last in OPTION_LAST or last.endswith(("apikey", "token", "secret", "password")):
        return True
    return last == "key" and len(words) > 1 and words[-2] in KEY_QUALIFIERS


def _secret_query(name: str, value: str) -> bool:
    words = _words(name)
    key = name.lower().replace("-", "_")
    hit = key in QUERY_WORDS or (bool(words) and words[-1] in QUERY_WORDS)
    return hit and _secret_value(value)


def _secret_value(value: str) -> bool:
    """Whether a value in a credential's place is a literal secret."""
    text = value.strip().strip("\"'")
    scheme = _SCHEME_WORD.match(text)
    bare = text[scheme.end() :] if scheme else text
    if not bare or bare.startswith("-") or bare.lower() in _NOT_SECRET_VALUES:
        return False
    if _HAS_REFERENCE.search(text):
        return False
    if looks_placeholder(bare) or (bare.startswith("<") and bare.endswith(">")):
        return False
    return not _path_like(bare)


def _path_like(value: str) -> bool:
    return value.startswith(("/", "./", "../", "~", "file:")) or value.lower().endswith(
        _PATH_SUFFIXES
    )


def _url_password(url: str, *, literal_only: bool = True) -> tuple[int, int] | None:
    """Span of the (literal) password in ``url``'s userinfo, if it has one."""
    match = _URL_PASSWORD.match(url)
    if match is None or _PORT_THEN_PATH.match(match.group("pw")):
        return None
    if literal_only and not _secret_value(match.group("pw")):
        return None
    return match.span("pw")


def _query(url: str) -> list[tuple[str, str]]:
    query = url.split("#", 1)[0].partition("?")[2]
    return [(m.group("name"), m.group("value")) for m in _QUERY_PARAM.finditer(query)]


def _base_name(word: str) -> str:
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")
