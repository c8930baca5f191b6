"""Repository-controlled text cannot drive the terminal."""

from __future__ import annotations

import pytest

from aipolicy.report.escape import for_terminal


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain/path.md", "plain/path.md"),
        ("a\x1b[31mred", "a\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("line\nbreak", "line\\nbreak"),
        ("bidi\u202eevil", "bidi\\u{202e}evil"),
        ("zero\u200bwidth", "zero\\u{200b}width"),
        ("tag\U000e0041", "tag\\u{e0041}"),
        ("ünïcode ok", "ünïcode ok"),
    ],
)
def test_control_and_invisible_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown


def test_newlines_may_be_kept_where_the_sink_allows_them() -> None:
    assert for_terminal("a\nb\x1b", keep_newlines=True) == "a\nb\\x1b"
