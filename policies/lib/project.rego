# METADATA
# title: Project context
# description: |
#   Derives the project's effective classification and the assistants it may use
#   from the org data (data.org) and the repository facts (input). The organisation's
#   inventory always wins over a repository's own manifest when it is stricter: a
#   repository can make itself stricter, never looser.
package aipolicy.lib.project

import data.aipolicy.lib.context

# rank of each classification, in the order the org data lists them (0 = least sensitive).
class_rank[c.id] := i if {
	some i, c in data.org.classifications
}

max_rank := count(data.org.classifications) - 1

classification_by_id[c.id] := c if {
	some c in data.org.classifications
}

# The classification the manifest declares, when the manifest is present and says one.
manifest_class := input.manifest.classification if {
	input.manifest.present
	is_string(input.manifest.classification)
}

# The manifest names a classification the organisation does not define.
manifest_class_unknown if {
	not class_rank[manifest_class]
	manifest_class
}

# The classification the organisation's inventory records for this repository.
inventory_entry := e if {
	some e in data.org.inventory
	e.repository == input.repository.remote
}

inventory_class := inventory_entry.classification

# Every classification claimed for the project; unknown names count as the most
# sensitive class (fail closed).
claimed_ranks contains class_rank[manifest_class]

claimed_ranks contains max_rank if manifest_class_unknown

claimed_ranks contains class_rank[inventory_class]

claimed_ranks contains class_rank[data.org.default_classification] if {
	not manifest_class
	not inventory_class
}

effective_rank := max(claimed_ranks)

effective_class := data.org.classifications[effective_rank].id

classification := data.org.classifications[effective_rank]

classification_source := "inventory" if {
	inventory_class
	class_rank[inventory_class] == effective_rank
} else := "manifest" if {
	manifest_class
} else := "default"

assistance_rank := {"allowed": 0, "restricted": 1, "prohibited": 2}

# Regulatory scopes the manifest declares (ids; unknown ones are flagged by a manifest rule).
declared_scopes contains s if {
	input.manifest.present
	some s in object.get(input.manifest, "regulatory_scope", [])
}

# Where each level of AI assistance comes from: the classification and every declared scope.
assistance_sources contains {"source": concat("", ["classification '", effective_class, "'"]), "level": classification.ai_assistance}

assistance_sources contains {"source": concat("", ["regulatory scope '", s, "'"]), "level": level} if {
	some s in declared_scopes
	level := data.org.regulatory_scopes[s].ai_assistance
}

# The most restrictive level of AI assistance that applies.
ai_assistance := level if {
	ranks := {assistance_rank[src.level] | some src in assistance_sources}
	some level, rank in assistance_rank
	rank == max(ranks)
}

# What makes AI assistance prohibited, for messages.
prohibited_by := sort([src.source | some src in assistance_sources; src.level == "prohibited"])

# Data categories the project holds (source code at least).
data_categories contains "source-code"

data_categories contains c if {
	input.manifest.present
	some c in object.get(input.manifest, "data_categories", [])
}

# Categories a tool's vendor may not receive but the project holds.
categories_not_permitted(tool_id) := {c |
	some c in data_categories
	not c in object.get(data.org.tools[tool_id], "data_categories", ["source-code"])
}

# Tools the project declares it intends to use (from its manifest).
declared_tools contains t if {
	input.manifest.present
	some t in object.get(input.manifest, "assistants", [])
}

# A catalogue tool is usable at a classification when it is not prohibited and its
# max_classification is at least as sensitive as the project's classification.
tool_allowed_for_class(tool_id) if {
	ai_assistance != "prohibited"
	tool := data.org.tools[tool_id]
	tool.status != "prohibited"
	class_rank[tool.max_classification] >= effective_rank
}

allowed_tools contains tool_id if {
	some tool_id, _ in data.org.tools
	tool_allowed_for_class(tool_id)
	count(categories_not_permitted(tool_id)) == 0
}

# Files that are present in repositories but do not show an assistant is used: JetBrains'
# `.noai` switches AI off; Zed's settings and tasks are general editor configuration.
not_usage_files := {".noai", ".zed/settings.json", ".zed/tasks.json"}

# A file that shows use: spelled as the tool spells it (case variants are only read on
# case-insensitive file systems), not one of the files above, and part of the project
# itself (configuration under docs/, examples/ or test fixtures is an example).
usage_file(f) if {
	not f.case_variant
	not f.path in not_usage_files
	context.of(f.path) == "project"
}

# Assistants configured in the repository, with only the files that show use.
in_use contains {"tool": a.tool, "files": files} if {
	some a in input.assistants
	files := [f | some f in a.files; usage_file(f)]
	count(files) > 0
}

# Assistants found configured in the repository, by tool id.
assistants_in_use contains a.tool if {
	some a in in_use
}

# The project's kind, from its manifest (library, service, web-service, ...).
kind := input.manifest.kind if {
	input.manifest.present
	input.manifest.kind
} else := "unknown"

# A control from data.org.controls is required for this project: its classification is
# at or above the control's required_from, and the control applies to the project's kind.
control_required(control_id) if {
	control := data.org.controls[control_id]
	class_rank[control.required_from] <= effective_rank
	_kind_applies(control)
}

_kind_applies(control) if not control.applies_to_kinds

_kind_applies(control) if kind in control.applies_to_kinds

# Assistants in use that read the repository's files (AGENTS.md is instructions many
# assistants read, not a reader of its own).
readers_in_use := {a.tool | some a in in_use; a.tool != "agents-md"}

# The context-exclusion facts of each assistant that has an exclusion mechanism.
exclusion_by_tool := {e.tool: e | some e in object.get(input, "context_exclusion", [])}
