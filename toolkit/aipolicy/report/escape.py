"""Escaping repository-controlled text for each sink it can reach."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the Unicode bidi / invisible format characters that
# can make a terminal (or a reviewer) see something other than what is there.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control and invisible characters shown as escapes (``\\x1b``)."""

    def show(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{{{code:x}}}"

    if not keep_newlines:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _UNSAFE.sub(show, text)
