# METADATA
# title: Wildcard matching without regular expressions
# description: |
#   `*`-only patterns (Claude Code permission rules, hook URL allowlists) matched with
#   string builtins. OPA's Wasm library caches at most 100 compiled regular expressions
#   per evaluation, and once full it can free a pattern while reusing it (a
#   use-after-free in wasm/src/regex.cc: the evaluation traps or never ends).
#   `glob.match` and `regex.match` with patterns built from input (which a repository
#   controls, in any number) would fill that cache; these functions compile nothing.
package aipolicy.lib.wildcard

# match(pattern, s): every `*` in pattern matches any run of characters (possibly empty);
# every other character matches itself. Patterns with more than 8 `*` never match.
match(pattern, s) if {
	not contains(pattern, "*")
	pattern == s
}

match(pattern, s) if {
	parts := split(pattern, "*")
	n := count(parts)
	n > 1
	head := parts[0]
	tail := parts[n - 1]
	count(s) >= count(head) + count(tail)
	startswith(s, head)
	endswith(s, tail)
	between := substring(s, count(head), (count(s) - count(head)) - count(tail))
	_in_order_1([p | some p in array.slice(parts, 1, n - 1); p != ""], between)
}

# _in_order_K(parts, s): parts occur in s in order, without overlapping (leftmost first,
# which is exact for `*`-only patterns). Rego has no recursion: one function per level.
_in_order_1(parts, _) if count(parts) == 0

_in_order_1(parts, s) if _in_order_2(_rest_parts(parts), _rest(parts, s))

_in_order_2(parts, _) if count(parts) == 0

_in_order_2(parts, s) if _in_order_3(_rest_parts(parts), _rest(parts, s))

_in_order_3(parts, _) if count(parts) == 0

_in_order_3(parts, s) if _in_order_4(_rest_parts(parts), _rest(parts, s))

_in_order_4(parts, _) if count(parts) == 0

_in_order_4(parts, s) if _in_order_5(_rest_parts(parts), _rest(parts, s))

_in_order_5(parts, _) if count(parts) == 0

_in_order_5(parts, s) if _in_order_6(_rest_parts(parts), _rest(parts, s))

_in_order_6(parts, _) if count(parts) == 0

_in_order_6(parts, s) if _in_order_7(_rest_parts(parts), _rest(parts, s))

_in_order_7(parts, _) if count(parts) == 0

_in_order_7(parts, s) if _in_order_8(_rest_parts(parts), _rest(parts, s))

_in_order_8(parts, _) if count(parts) == 0

# What follows the first occurrence of parts[0] in s (undefined when it does not occur).
_rest(parts, s) := substring(s, i + count(parts[0]), -1) if {
	count(parts) > 0
	i := indexof(s, parts[0])
	i >= 0
}

_rest_parts(parts) := array.slice(parts, 1, count(parts)) if count(parts) > 0
