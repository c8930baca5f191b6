# METADATA
# title: Waivers
# description: Waivers in the org data that no longer apply.
package aipolicy.rules.waivers

import data.aipolicy.lib.findings
import data.aipolicy.lib.waiver

# METADATA
# title: Waiver expired
# description: |
#   A waiver for this repository has expired, so the findings it covered count again.
#   Renew it (with a new approval) or fix what it waived.
# custom:
#   id: AIP098
#   severity: medium
#   cwe: [CWE-693]
#   owasp: []
#   evidence: []
#   remediation: Fix the waived findings, or ask the approver to renew the waiver with a new expiry.
#   risk: Temporary exceptions that silently become permanent.
violations contains findings.finding(rego.metadata.rule(), message, {"path": "."}) if {
	some w in waiver.expired
	message := concat("", [
		"the waiver of ", w.rule, " approved by ", w.approver, " expired on ", w.expires,
	])
}
