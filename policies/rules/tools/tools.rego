# METADATA
# title: Tools
# description: Which AI assistants a project may use, from the org tool catalogue.
package aipolicy.rules.tools

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

# METADATA
# title: Prohibited AI assistant configured
# description: The repository configures an assistant the organisation has prohibited.
# custom:
#   id: AIP010
#   severity: high
#   cwe: [CWE-200, CWE-1357]
#   owasp: [LLM02:2025, LLM03:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Remove this assistant's configuration and switch to one of the assistants
#     listed as allowed for the project.
#   risk: Code and data sent to a vendor the organisation has not approved.
violations contains findings.finding(rego.metadata.rule(), message, findings.location_of(a.files)) if {
	project.ai_assistance != "prohibited"
	some a in project.in_use
	data.org.tools[a.tool].status == "prohibited"
	message := concat("", [a.tool, " is prohibited by the organisation"])
}

# METADATA
# title: AI assistant not approved for this classification
# description: |
#   The assistant is allowed in the organisation, but not for projects as sensitive
#   as this one (its max_classification is lower than the project's classification).
# custom:
#   id: AIP011
#   severity: high
#   cwe: [CWE-200, CWE-1357]
#   owasp: [LLM02:2025, LLM03:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: |
#     Use one of the assistants allowed for this classification, or ask the policy
#     owners to approve this assistant for it.
#   risk: Sensitive code sent to a vendor approved only for less sensitive work.
violations contains findings.finding(rego.metadata.rule(), message, findings.location_of(a.files)) if {
	project.ai_assistance != "prohibited"
	some a in project.in_use
	tool := data.org.tools[a.tool]
	tool.status != "prohibited"
	not project.tool_allowed_for_class(a.tool)
	message := concat("", [
		a.tool, " is approved up to '", tool.max_classification,
		"', but this project is '", project.effective_class, "'",
	])
}

# METADATA
# title: Restricted AI assistant used without declaring it
# description: |
#   Restricted assistants may be used only by projects that declare them in the
#   `assistants` list of their `.aipolicy.yaml`, so their use is visible and reviewed.
# custom:
#   id: AIP012
#   severity: medium
#   cwe: [CWE-1357]
#   owasp: [LLM02:2025, LLM03:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: Add the assistant to `assistants` in `.aipolicy.yaml`, or remove its configuration.
#   risk: Unreviewed use of an assistant the organisation allows only with care.
violations contains findings.finding(rego.metadata.rule(), message, findings.location_of(a.files)) if {
	some a in project.in_use
	data.org.tools[a.tool].status == "restricted"
	project.tool_allowed_for_class(a.tool)
	not project.declared_tools[a.tool]
	message := concat("", [a.tool, " is a restricted assistant and is not declared in .aipolicy.yaml"])
}

# METADATA
# title: AI assistant not in the organisation's catalogue
# description: The repository configures an assistant the org data does not list, so nobody has assessed it.
# custom:
#   id: AIP013
#   severity: medium
#   cwe: [CWE-1357]
#   owasp: [LLM02:2025, LLM03:2025]
#   evidence:
#     - https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/ (verified 2026-11-25)
#   remediation: Ask the policy owners to assess the assistant and add it to the tool catalogue, or remove its configuration.
#   risk: An unassessed vendor receives the project's code.
violations contains findings.finding(rego.metadata.rule(), message, findings.location_of(a.files)) if {
	project.ai_assistance != "prohibited"
	some a in project.in_use
	not data.org.tools[a.tool]
	message := concat("", [a.tool, " is not in the organisation's tool catalogue"])
}
