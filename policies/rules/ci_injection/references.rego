package aipolicy.rules.ci_injection

# -- names a text references, found with constant patterns ------------------------------
#
# OPA's Wasm library caches compiled regexes per evaluation and breaks past 100 distinct
# patterns (the check then fails closed), so no pattern here is built from input: each
# helper extracts every name a text uses with a constant pattern, and the rules compare
# names. Word boundaries are kept: `$NAMEX` references NAMEX, never NAME.

identifier := `^[A-Za-z_][A-Za-z0-9_]*`

# ASCII word characters, as RE2's `\w` and `\b` see them.
word_characters := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"

word_character(c) if indexof(word_characters, c) >= 0

# The identifier `s` starts with, when it starts with one.
leading_identifier(s) := m[0] if {
	[m] := regex.find_all_string_submatch_n(identifier, s, 1)
}

# Shell variables `text` expands: `$NAME` and `${NAME` (the whole name).
expanded_names(text) := {m[1] |
	some m in regex.find_all_string_submatch_n(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`, text, -1)
}

# `env.NAME` after a word boundary (the env context, `${{ env.NAME }}`).
env_context_names(text) := {name |
	parts := split(text, "env.")
	some i, part in parts
	i > 0
	boundary_before(parts[i - 1])
	name := identifier_after_env(part, i < (count(parts) - 1))
}

# The name after an `env.`, `part` being the text up to the next `env.` (`followed`) or the
# end. A name can run into the next `env.`: in `env.myenv.X` it is `myenv`.
identifier_after_env(part, followed) := concat("", [part, "env"]) if {
	followed
	whole_identifier(part)
} else := leading_identifier(part)

whole_identifier("")

whole_identifier(part) if leading_identifier(part) == part

# The text before an `env.` ends at a word boundary: empty (the start, or the `.` of an
# `env.` just before) or ending with a non-word character.
boundary_before(before) if before == ""

boundary_before(before) if {
	before != ""
	not word_character(substring(before, count(before) - 1, 1))
}

# `%NAME%` (Windows cmd): a valid name between two consecutive `%`.
percent_names(text) := {name |
	parts := split(text, "%")
	some i, name in parts
	i > 0
	i < count(parts) - 1
	valid_name(name)
}

# Env variables `text` uses: $NAME, ${NAME}, env.NAME, %NAME%.
referenced_names(text) := (expanded_names(text) | env_context_names(text)) | percent_names(text)

# -- env variables a script runs as code ---------------------------------------------

# What follows the first eval, sh -c, bash -c, zsh -c, source or `$(` on a line.
code_trigger := `(?:\beval\b|\b(?:ba|z)?sh\s+-c\b|\bsource\b|\$\()(.*)`

# Env variables `script` runs as code: expanded after eval, sh -c, bash -c, zsh -c, source
# or `$(` on the same line, or as the first word of a line.
executed_names(script) := names if {
	lines := split(script, "\n")
	nonblank := [i | some i, line in lines; trim(line, " \t\f\r") != ""]
	names := ({name |
		some line in lines
		some m in regex.find_all_string_submatch_n(code_trigger, line, 1)
		some name in expanded_names(m[1])
	} | {name |
		some k, i in nonblank
		some tail in continued_tail(lines, nonblank, k, i)
		some name in expanded_names(tail)
	}) | {name |
		some line in lines
		name := leading_expansion(line)
	}
}

# `sh -c` split over lines (`\s+` spans them): `sh` ends the previous non-blank line and
# `-c` starts line i, the k-th non-blank one.
continued_tail(lines, nonblank, k, i) := {m[1] |
	k > 0
	some m in regex.find_all_string_submatch_n(`^\s*-c\b(.*)`, lines[i], 1)
	regex.match(`\b(?:ba|z)?sh\s*$`, lines[nonblank[k - 1]])
}

# The variable a line expands first, after leading blanks: `$NAME` or `${NAME`.
leading_expansion(line) := leading_identifier(trim_prefix(trim_prefix(rest, "$"), "{")) if {
	rest := trim_left(line, " \t\f\r")
	startswith(rest, "$")
}

# -- step and job outputs ------------------------------------------------------------

# Step ids whose outputs `text` reads: `steps.<id>.outputs`.
step_outputs_read(text) := {m[1] |
	some m in regex.find_all_string_submatch_n(`(?:^|[^\w.-])steps\.([A-Za-z0-9_-]+)\.outputs\b`, text, -1)
}

# `text` reads the output `name` of job `job`: `needs.<job>.outputs.<name>` followed by a
# word boundary (so `needs.j.outputs.plan-b` reads `plan` too, as a `\b` regex would).
reads_job_output(text, job, name) if {
	some m in regex.find_all_string_submatch_n(`(?:^|[^\w.-])needs\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`, text, -1)
	m[1] == job
	ends_at_boundary(m[2], name)
}

# `name` starts `segment` (a run of [A-Za-z0-9_-] followed by neither) and a word
# boundary follows it.
ends_at_boundary(segment, name) if {
	segment == name
	not endswith(name, "-")
}

ends_at_boundary(segment, name) if {
	count(name) > 0
	count(name) < count(segment)
	startswith(segment, name)
	dash_before := endswith(name, "-")
	dash_after := startswith(substring(segment, count(name), -1), "-")
	dash_before != dash_after
}
