package aipolicy.main_test

import data.aipolicy.main

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"tools": {
		"claude-code": {"status": "approved", "max_classification": "internal"},
		"windsurf": {"status": "prohibited", "max_classification": "public"},
	},
	"inventory": [],
}

facts(class, tools, fail_on) := {
	"context": {"now": "2026-01-01T00:00:00Z", "fail_on": fail_on},
	"manifest": {"present": true, "path": ".aipolicy.yaml", "classification": class, "lines": {}},
	"repository": {"remote": null},
	"assistants": [{"tool": t, "files": [{"path": t}]} | some t in tools],
}

test_clean_project_passes if {
	d := main.decision with input as facts("internal", ["claude-code"], "high") with data.org as org
	d.verdict == "pass"
	d.findings == []
	d.eligibility == {
		"status": "allowed",
		"classification": "internal",
		"classification_source": "manifest",
		"allowed_tools": ["claude-code"],
		"assistants_in_use": ["claude-code"],
	}
	d.summary.total == 0
}

test_high_finding_fails_at_default_threshold if {
	d := main.decision with input as facts("internal", ["windsurf"], "high") with data.org as org
	d.verdict == "fail"
	d.summary.by_severity.high == 1
	d.summary.failing == 1
}

test_threshold_above_the_finding_passes if {
	d := main.decision with input as facts("internal", ["windsurf"], "critical") with data.org as org
	d.verdict == "pass"
	d.summary.total == 1
	d.summary.failing == 0
}

test_findings_are_sorted_most_severe_first if {
	d := main.decision with input as facts("restricted", ["windsurf", "claude-code"], "high") with data.org as org
	[f.rule | some f in d.findings] == ["AIP001", "AIP001"]
	[f.location.path | some f in d.findings] == ["claude-code", "windsurf"]
	d.eligibility.status == "prohibited"
	d.eligibility.allowed_tools == []
}

test_fail_on_defaults_to_high if {
	inp := object.remove(facts("internal", ["windsurf"], "high"), ["context"])
	d := main.decision with input as inp with data.org as org
	d.fail_on == "high"
	d.verdict == "fail"
}

test_decision_is_undefined_without_org_data if {
	not main.decision with input as facts("internal", [], "high") with data.org as {}
}

waived_org := object.union(org, {"exceptions": [{
	"repository": "github.com/acme/app", "rule": "AIP010", "reason": "approved pilot",
	"approver": "ciso", "expires": "2026-12-31",
}]})

with_identity(f, source) := object.union(f, {"repository": {"remote": "github.com/acme/app", "identity_source": source}})

test_waived_finding_is_reported_as_waived_and_passes if {
	inp := with_identity(facts("internal", ["windsurf"], "high"), "ci")
	d := main.decision with input as inp with data.org as waived_org
	d.verdict == "pass"
	d.findings == []
	[w] := d.waived
	w.rule == "AIP010"
	w.waiver == {"reason": "approved pilot", "approver": "ciso", "expires": "2026-12-31", "path": "**"}
	d.summary.waived == 1
}

test_waiver_needs_a_trusted_identity if {
	inp := with_identity(facts("internal", ["windsurf"], "high"), "git-config")
	d := main.decision with input as inp with data.org as waived_org
	d.verdict == "fail"
	d.waived == []
}

test_expired_waiver_stops_applying if {
	base := with_identity(facts("internal", ["windsurf"], "high"), "ci")
	inp := json.patch(base, [{"op": "replace", "path": "/context/now", "value": "2027-01-02T00:00:00Z"}])
	d := main.decision with input as inp with data.org as waived_org
	d.verdict == "fail"
	{f.rule | some f in d.findings} == {"AIP010", "AIP098"}
}
