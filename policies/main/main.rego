# METADATA
# title: Decision
# description: |
#   Aggregates every rule under data.aipolicy.rules into one decision: eligibility,
#   findings (sorted, most severe first), summary and verdict. A new rule is a new
#   package under aipolicy.rules with a `violations` set; nothing here changes.
package aipolicy.main

import data.aipolicy.lib.context
import data.aipolicy.lib.findings
import data.aipolicy.lib.project
import data.aipolicy.lib.waiver

fail_on := object.get(object.get(input, "context", {}), "fail_on", "high")

# Every rule's findings, judged in their context (examples count less, never nothing).
raised contains context.adjust(f) if {
	some name
	some f in data.aipolicy.rules[name].violations
}

# Findings a current waiver (org data only) covers: reported as waived, not judged.
waived contains object.union(f, {"waiver": waiver.public(w)}) if {
	some f in raised
	some w in waiver.active
	waiver.covers(w, f)
}

waived_raw contains f if {
	some f in raised
	some w in waiver.active
	waiver.covers(w, f)
}

all_findings := raised - waived_raw

# Sorted most severe first, then by rule, path, line and message, so every engine
# (Wasm, opa eval, an OPA server) returns the same order.
sorted_findings := [entry[5] |
	some entry in sort([[
		0 - findings.severity_rank[f.severity],
		f.rule,
		f.location.path,
		object.get(f.location, "line", 0),
		f.message,
		f,
	] |
		some f in all_findings
	])
]

sorted_waived := [entry[3] |
	some entry in sort([[w.rule, w.location.path, w.message, w] | some w in waived])
]

failing contains f if {
	some f in all_findings
	findings.severity_rank[f.severity] >= findings.severity_rank[fail_on]
}

verdict := "fail" if count(failing) > 0

else := "pass"

by_severity[sev] := n if {
	some sev, _ in findings.severity_rank
	n := count([f | some f in all_findings; f.severity == sev])
}

eligibility := {
	"status": project.ai_assistance,
	"classification": project.effective_class,
	"classification_source": project.classification_source,
	"allowed_tools": sort([t | some t in project.allowed_tools]),
	"assistants_in_use": sort([t | some t in project.assistants_in_use]),
}

decision := {
	"schema_version": 1,
	"verdict": verdict,
	"fail_on": fail_on,
	"eligibility": eligibility,
	"findings": sorted_findings,
	"waived": sorted_waived,
	"summary": {
		"total": count(all_findings),
		"failing": count(failing),
		"waived": count(waived),
		"by_severity": by_severity,
	},
}
