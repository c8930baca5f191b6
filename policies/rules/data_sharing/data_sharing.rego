# METADATA
# title: Data sharing
# description: What data each assistant's vendor may receive, against what the project holds.
package aipolicy.rules.data_sharing

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

# METADATA
# title: Project data not permitted for the assistant's vendor
# description: |
#   The project declares data categories (in `.aipolicy.yaml`) that the organisation's
#   contract with this assistant's vendor does not cover. Using the assistant sends
#   that data to the vendor.
# custom:
#   id: AIP020
#   severity: high
#   cwe: [CWE-359, CWE-200]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Use an assistant whose vendor may receive these categories (see the allowed
#     assistants), or keep the data out of this repository.
#   risk: Regulated or customer data sent to a vendor without a contract covering it.
violations contains findings.finding(rego.metadata.rule(), message, findings.location_of(a.files)) if {
	project.ai_assistance != "prohibited"
	some a in project.in_use
	data.org.tools[a.tool].status != "prohibited"
	missing := project.categories_not_permitted(a.tool)
	count(missing) > 0
	message := concat("", [
		a.tool, "'s vendor may not receive this project's data categories: ",
		concat(", ", sort([c | some c in missing])),
	])
}
