# METADATA
# title: Eligibility
# description: Whether the project's classification permits AI coding assistance at all.
package aipolicy.rules.eligibility

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

# METADATA
# title: AI assistant configured where AI assistance is prohibited
# description: |
#   The project's classification or regulatory scope prohibits AI coding assistants, yet the repository
#   carries configuration for one. Configuration files mean the tool is (or will be)
#   used on this code.
# custom:
#   id: AIP001
#   severity: critical
#   cwe: [CWE-200, CWE-359]
#   owasp: [LLM02:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Remove the assistant's configuration files from the repository and stop using
#     AI assistants on it, or ask the policy owners to reclassify the project.
#   risk: Source code and data of the most sensitive projects sent to AI vendors.
violations contains findings.finding(rego.metadata.rule(), message, findings.location_of(a.files)) if {
	project.ai_assistance == "prohibited"
	some a in project.in_use
	message := concat("", [
		a.tool, " is configured, but AI assistance is prohibited for this project (",
		concat(", ", project.prohibited_by), ")",
	])
}
