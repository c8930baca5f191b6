# METADATA
# title: Project context
# description: |
#   Derives the project's effective classification and the assistants it may use
#   from the org data (data.org) and the repository facts (input). The organisation's
#   inventory always wins over a repository's own manifest when it is stricter: a
#   repository can make itself stricter, never looser.
package aipolicy.lib.project

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

ai_assistance := classification.ai_assistance

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
}

# Assistants found configured in the repository, by tool id.
assistants_in_use contains a.tool if {
	some a in input.assistants
}
