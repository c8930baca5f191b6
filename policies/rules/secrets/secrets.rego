# METADATA
# title: Secrets
# description: |
#   Secret-like files in the repository (found by name or by a pattern in their text),
#   judged once per file, and worse when an assistant in use can read them. The facts
#   never carry the secret itself, and no message repeats any part of it.
package aipolicy.rules.secrets

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

# Kinds found by name that are credentials in themselves (a key, a token line, a
# password file). Anything found by content is a credential too.
credential_name_kinds := {"private_key", "cloud_credentials", "npm_token", "netrc", "git_credentials"}

# METADATA
# title: Credential committed
# description: |
#   A file holds what looks like a live credential: a private key, cloud credentials,
#   a password or token file, or an API token found in its text.
# custom:
#   id: AIP500
#   severity: high
#   cwe: [CWE-798, CWE-312]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://docs.github.com/en/code-security/secret-scanning/managing-alerts-from-secret-scanning/about-alerts (verified 2026-11-25)
#   remediation: |
#     Revoke and rotate the credential, remove the file (and its history) from the
#     repository, and load the credential from a secret store or the environment.
#   risk: Anyone with read access to the repository, or any copy of it, can use the credential.
violations contains findings.finding(rego.metadata.rule(), message, _location(path)) if {
	some path, _ in _files
	_credential_file(path)
	count(_readers[path]) == 0
	message := concat("", [path, " looks like it holds a credential (", _kinds(path), ")"])
}

# METADATA
# title: Secret-like file committed
# description: |
#   A file whose name says it usually holds secrets (an env file, a key or keystore,
#   Terraform variables, a kubeconfig, a .pypirc), with no credential pattern found in it.
# custom:
#   id: AIP501
#   severity: medium
#   cwe: [CWE-312, CWE-538]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://docs.github.com/en/code-security/secret-scanning/managing-alerts-from-secret-scanning/about-alerts (verified 2026-11-25)
#   remediation: |
#     Remove the file from the repository and add it to .gitignore; commit a template
#     (.env.example) with placeholder values instead. Rotate any real secret it held.
#   risk: Secrets kept in files in the repository leak with every clone and copy.
violations contains findings.finding(rego.metadata.rule(), message, _location(path)) if {
	some path, _ in _files
	not _credential_file(path)
	count(_readers[path]) == 0
	message := concat("", [path, " looks like a secret file (", _kinds(path), ")"])
}

# METADATA
# title: Secret readable by an assistant in use
# description: |
#   A secret-like file that an AI assistant configured in the repository can read: its
#   exclusion mechanism (ignore file, Claude Code Read deny rule, documented default)
#   does not cover the file, or the assistant has no exclusion mechanism at all. The
#   assistant may send the secret to its vendor or act with it.
# custom:
#   id: AIP502
#   severity: critical
#   cwe: [CWE-798, CWE-200]
#   owasp: [LLM02:2025, ASI03:2026]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Remove the file from the repository and rotate what it held. Until then, exclude
#     it from every assistant in use (a Read deny rule in .claude/settings.json, the
#     tool's ignore file) and do not use assistants that cannot exclude files here.
#   risk: Secrets sent to an AI vendor, written into prompts, logs or generated code, or used by an agent.
violations contains findings.finding(rego.metadata.rule(), message, _location(path)) if {
	some path, _ in _files
	readers := _readers[path]
	count(readers) > 0
	message := concat("", [
		path, " looks like it holds a secret (", _kinds(path),
		") and is not excluded from the context of ", concat(", ", sort(readers)),
	])
}

# METADATA
# title: Secret content scan incomplete
# description: |
#   The content scan for secrets stopped before it covered the repository (its file
#   budget or its record cap was reached), so the absence of other secret findings
#   does not mean the repository is clean.
# custom:
#   id: AIP503
#   severity: info
#   cwe: [CWE-798]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://docs.github.com/en/code-security/secret-scanning/managing-alerts-from-secret-scanning/about-alerts (verified 2026-11-25)
#   remediation: |
#     Run a dedicated secret scanner (gitleaks, trufflehog, GitHub secret scanning) over
#     the whole repository, or check a smaller part of it.
#   risk: A partial scan mistaken for a clean one.
violations contains findings.finding(rego.metadata.rule(), message, {"path": "."}) if {
	gaps := [gap | some gap in _scan_gaps]
	count(gaps) > 0
	message := concat("", ["The secret content scan is incomplete: ", concat("; ", sort(gaps))])
}

# METADATA
# title: Placeholder credentials in the repository
# description: |
#   Text in the file looks like a credential but reads as a documented example or a
#   placeholder (AWS's AKIAIOSFODNN7EXAMPLE, ghp_XXXX…, values containing FAKE, DUMMY,
#   SAMPLE or a long run of one character). It is reported for the record, not judged
#   as a secret; a real credential in the same file is judged as one.
# custom:
#   id: AIP504
#   severity: info
#   remediation: Nothing, if it is an example; if it is real, rotate it and remove it.
#   risk: A real credential mistaken for a placeholder.
#   cwe: [CWE-798]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html (not verified)
violations contains findings.finding(rego.metadata.rule(), message, {"path": path, "line": line}) if {
	some path, entries in _placeholder_only
	line := min({e.line | some e in entries})
	kinds := concat(", ", sort({e.kind | some e in entries}))
	message := concat("", [path, " holds placeholder credential-like text (", kinds, ")"])
}

_scan_gaps contains gap if {
	n := input.secrets.content_scan.files_over_budget
	n > 0
	gap := concat("", [format_int(n, 10), " text files were not searched (file budget used up)"])
}

_scan_gaps contains "more secret-like files were found than are recorded (record cap reached)" if {
	input.secrets.content_scan.records_capped == true
}

# The secret-file facts as [path, kind, detected_by, line] rows (line 0: none), sorted so
# that each file's rows are adjacent. The facts come sorted; this does not rely on it.
_rows := sort([[f.path, f.kind, f.detected_by, object.get(f, "line", 0)] |
	some f in input.secrets.files
	not f.placeholder
])

# Files whose only secret-like content reads as documented examples or placeholders.
_placeholder_only[f.path] contains f if {
	some f in input.secrets.files
	f.placeholder
	not _files[f.path]
}

# Where each file's rows start, in order.
_starts := [i | some i, _ in _rows; _first_row_of_file(i)]

# Each secret-like file's rows, by path: a slice of the sorted rows, so grouping costs
# time linear in the number of rows (a hostile repository can have 10,000).
_files := {path: rows |
	some m, i in _starts
	path := _rows[i][0]
	rows := array.slice(_rows, i, _end_of_file(m))
}

_end_of_file(m) := _starts[m + 1] if {
	m + 1 < count(_starts)
} else := count(_rows)

_first_row_of_file(i) if i == 0

_first_row_of_file(i) if {
	i > 0
	_rows[i - 1][0] != _rows[i][0]
}

_credential(row) if row[2] == "content"

_credential(row) if credential_name_kinds[row[1]]

_credential_file(path) if {
	some row in _files[path]
	_credential(row)
}

# What the file looks like, e.g. "aws_access_key_id by content, env_file by name".
_kinds(path) := concat(", ", sort({concat(" by ", [row[1], row[2]]) | some row in _files[path]}))

# The first line of a content match; else a line a name rule needed; else the whole file.
_location(path) := {"path": path, "line": min(lines)} if {
	lines := {row[3] | some row in _files[path]; row[2] == "content"}
	count(lines) > 0
} else := {"path": path, "line": min(lines)} if {
	lines := {row[3] | some row in _files[path]; row[3] > 0}
	count(lines) > 0
} else := {"path": path}

# Assistants in use that read files (AGENTS.md is an instruction file, not a tool).
# Secret files that each assistant with an exclusion mechanism leaves readable.
_not_excluded := {tool: paths |
	some tool, e in project.exclusion_by_tool
	paths := {s.path | some s in e.sensitive; s.reason == "secret_file"; s.excluded == false}
}

# The assistants in use that can read each secret-like file, each with why (computed once).
_readers := {path: readers |
	some path, _ in _files
	readers := {reader |
		some tool in project.readers_in_use
		reader := _reader(tool, path)
	}
}

_reader(tool, _) := concat("", [tool, " (it has no exclusion mechanism)"]) if {
	not project.exclusion_by_tool[tool]
}

_reader(tool, path) := concat("", [tool, " (no exclusion configured)"]) if {
	_not_excluded[tool][path]
	count(project.exclusion_by_tool[tool].mechanism_files) == 0
}

_reader(tool, path) := concat("", [tool, " (not excluded by ", concat(", ", project.exclusion_by_tool[tool].mechanism_files), ")"]) if {
	_not_excluded[tool][path]
	count(project.exclusion_by_tool[tool].mechanism_files) > 0
}
