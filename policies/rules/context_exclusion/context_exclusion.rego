# METADATA
# title: Context exclusion
# description: |
#   Sensitive data paths (the manifest's data_paths) that an AI assistant in use can
#   read: nothing in its exclusion mechanism covers them, or it has none. Secret-like
#   files readable by an assistant are judged by the secrets rules.
package aipolicy.rules.context_exclusion

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

# METADATA
# title: Sensitive data path not excluded from an assistant in use
# description: |
#   The manifest says where the project's sensitive data lives (data_paths), and an AI
#   assistant configured in the repository can read files there: its ignore file or
#   Claude Code Read deny rules do not cover the path, or it has no exclusion mechanism.
# custom:
#   id: AIP520
#   severity: high
#   cwe: [CWE-359, CWE-668]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://code.claude.com/docs/en/settings (verified 2026-11-25)
#     - https://code.claude.com/docs/en/permissions (verified 2026-11-25)
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Exclude the path from every assistant in use: a Read deny rule in
#     .claude/settings.json (e.g. "Read(./data/customers/**)"), the pattern in the tool's
#     ignore file (.cursorignore, .geminiignore or .aiexclude, .aiderignore, .aiignore,
#     ...), or stop using an assistant that cannot exclude files in this repository.
#     Better still, keep such data out of the repository.
#   risk: Personal, regulated or customer data sent to an AI vendor as context.
violations contains findings.finding(rego.metadata.rule(), message, _location(category)) if {
	some [category, pattern] in _data_paths
	readers := {reader |
		some tool in project.readers_in_use
		reader := _reader(tool, category, pattern)
	}
	count(readers) > 0
	message := concat("", [
		"Data path '", pattern, "' (", category, ") is not excluded from the context of ",
		concat(", ", sort(readers)),
	])
}

# Each (category, pattern) of the manifest's data_paths, as the collector judges them
# (negations and blank patterns are not paths).
_data_paths contains [category, pattern] if {
	input.manifest.present
	some category, patterns in object.get(input.manifest, "data_paths", {})
	some pattern in patterns
	trim_space(pattern) != ""
	not startswith(pattern, "!")
}

# The manifest line of the category's data_paths entry, else of data_paths.
_location(category) := {"path": input.manifest.path, "line": line} if {
	line := input.manifest.lines[concat(".", ["data_paths", category])]
} else := {"path": input.manifest.path, "line": line} if {
	line := input.manifest.lines.data_paths
} else := {"path": input.manifest.path}

# Assistants in use that read files (AGENTS.md is an instruction file, not a tool).
_reader(tool, _, _) := concat("", [tool, " (it has no exclusion mechanism)"]) if {
	not project.exclusion_by_tool[tool]
}

_reader(tool, category, pattern) := concat("", [tool, " (no exclusion configured)"]) if {
	_not_excluded(tool, category, pattern)
	count(project.exclusion_by_tool[tool].mechanism_files) == 0
}

_reader(tool, category, pattern) := concat("", [tool, " (not excluded by ", concat(", ", project.exclusion_by_tool[tool].mechanism_files), ")"]) if {
	_not_excluded(tool, category, pattern)
	count(project.exclusion_by_tool[tool].mechanism_files) > 0
}

_not_excluded(tool, category, pattern) if {
	_readable[tool][[pattern, concat(":", ["data_category", category])]]
}

# [path, reason] of every sensitive path each assistant with a mechanism leaves readable.
_readable := {tool: readable |
	some tool, e in project.exclusion_by_tool
	readable := {[s.path, s.reason] | some s in e.sensitive; s.excluded == false}
}
