# METADATA
# title: Manifest
# description: The repository's own `.aipolicy.yaml` and how it relates to the org inventory.
package aipolicy.rules.manifest

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

manifest_location(field) := {"path": input.manifest.path, "line": input.manifest.lines[field]} if {
	input.manifest.lines[field]
} else := {"path": object.get(input.manifest, "path", ".aipolicy.yaml"), "line": 1}

# METADATA
# title: No .aipolicy.yaml manifest
# description: |
#   The repository does not say how sensitive it is, so the organisation's default
#   classification applies. Owners should state the classification explicitly.
# custom:
#   id: AIP090
#   severity: low
#   cwe: [CWE-1188]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Add a `.aipolicy.yaml` at the repository root with at least `version: 1`,
#     `project.id` and `classification` (run `aipolicy validate` to check it).
#   risk: A sensitive project silently judged by the default (looser) classification.
violations contains findings.finding(rego.metadata.rule(), message, {"path": ".aipolicy.yaml"}) if {
	not input.manifest.present
	not project.inventory_class
	message := concat("", [
		"no .aipolicy.yaml; the default classification '",
		data.org.default_classification, "' applies",
	])
}

# METADATA
# title: Manifest classification lower than the organisation's inventory
# description: |
#   The repository's manifest declares a less sensitive classification than the
#   organisation's inventory records. The inventory wins; the manifest is wrong.
# custom:
#   id: AIP091
#   severity: medium
#   cwe: [CWE-807]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: Set `classification` in `.aipolicy.yaml` to the inventory's value (or stricter).
#   risk: A repository trying to lower its own classification to unlock assistants.
violations contains findings.finding(rego.metadata.rule(), message, manifest_location("classification")) if {
	project.inventory_class
	project.class_rank[project.manifest_class] < project.class_rank[project.inventory_class]
	message := concat("", [
		"manifest says '", project.manifest_class, "' but the organisation's inventory says '",
		project.inventory_class, "'; '", project.inventory_class, "' applies",
	])
}

# METADATA
# title: Unknown classification in manifest
# description: The manifest names a classification the organisation does not define; the most sensitive one applies.
# custom:
#   id: AIP092
#   severity: high
#   cwe: [CWE-20]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: Use one of the organisation's classifications (`aipolicy validate` lists them).
#   risk: A typo that would otherwise leave a project unclassified.
violations contains findings.finding(rego.metadata.rule(), message, manifest_location("classification")) if {
	project.manifest_class_unknown
	message := concat("", [
		"unknown classification '", project.manifest_class, "'; treated as '",
		project.effective_class, "' (the most sensitive)",
	])
}

# METADATA
# title: Unknown data category in manifest
# description: |
#   The manifest declares a data category the organisation does not define, so no
#   vendor can be checked against it; every assistant is treated as not permitted to
#   receive it.
# custom:
#   id: AIP093
#   severity: medium
#   cwe: [CWE-20]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: Use one of the organisation's data categories (listed in its org data).
#   risk: Sensitive data described in words the policy cannot judge.
violations contains findings.finding(rego.metadata.rule(), message, manifest_location("data_categories")) if {
	input.manifest.present
	some c in object.get(input.manifest, "data_categories", [])
	not data.org.data_categories[c]
	message := concat("", ["unknown data category '", c, "'"])
}

# METADATA
# title: Unknown regulatory scope in manifest
# description: |
#   The manifest declares a regulatory scope the organisation does not define, so the
#   policy cannot tell what it requires.
# custom:
#   id: AIP094
#   severity: medium
#   cwe: [CWE-20]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: Use one of the organisation's regulatory scopes, or ask the policy owners to add it.
#   risk: A regulated project judged as if it were not.
violations contains findings.finding(rego.metadata.rule(), message, manifest_location("regulatory_scope")) if {
	input.manifest.present
	some s in object.get(input.manifest, "regulatory_scope", [])
	not data.org.regulatory_scopes[s]
	message := concat("", ["unknown regulatory scope '", s, "'"])
}
