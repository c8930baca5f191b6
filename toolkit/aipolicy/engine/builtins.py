"""Host builtins: the Rego builtins OPA's Wasm build leaves to the host.

OPA compiles most builtins into the Wasm module; the rest are imported and called
back into the host. opa-py-wasm provides ``sprintf``, ``json.is_valid`` and the YAML
ones; aipolicy adds those below. Each is tested against ``opa eval`` on the same
inputs (tests/engine/test_builtins_parity.py). A policy needing any other host
builtin is rejected when it is compiled or loaded, naming the builtin.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import Any

from opapywasm import OpaBuiltinError

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$"
)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def parse_rfc3339_ns(value: Any) -> int:
    """``time.parse_rfc3339_ns``: nanoseconds since the Unix epoch (as Go's time.RFC3339).

    Where OPA leaves the result undefined (unparsable text, lower-case ``t``/``z``,
    outside the int64 nanosecond range) this raises, so an embedded evaluation fails
    closed instead of silently dropping the value.
    """
    if not isinstance(value, str):
        raise OpaBuiltinError("time.parse_rfc3339_ns: operand 1 must be a string")
    match = _RFC3339.match(value)
    if match is None:
        raise OpaBuiltinError(f"time.parse_rfc3339_ns: cannot parse {value!r} as RFC 3339")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, zone = match.group(7), match.group(8)
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]):
        raise OpaBuiltinError(f"time.parse_rfc3339_ns: day out of range in {value!r}")
    if hour > 23 or minute > 59 or second > 59:
        raise OpaBuiltinError(f"time.parse_rfc3339_ns: time out of range in {value!r}")
    offset = 0
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        zh, zm = int(zone[1:3]), int(zone[4:6])
        if zh > 23 or zm > 59:
            raise OpaBuiltinError(f"time.parse_rfc3339_ns: time zone out of range in {value!r}")
        offset = sign * (zh * 3600 + zm * 60)
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) - offset
    nanos = seconds * 1_000_000_000 + int((fraction or "0").ljust(9, "0"))
    if not _INT64_MIN <= nanos <= _INT64_MAX:
        raise OpaBuiltinError(f"time.parse_rfc3339_ns: {value!r} is outside the int64 range")
    return nanos


HOST_BUILTINS: dict[str, Callable[..., Any]] = {
    "time.parse_rfc3339_ns": parse_rfc3339_ns,
}


def provided_builtins() -> set[str]:
    """Names of every builtin the embedded engine can serve from the host."""
    from opapywasm.builtins import default_builtins

    return set(default_builtins()) | set(HOST_BUILTINS)
