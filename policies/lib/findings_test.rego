package aipolicy.lib.findings_test

import data.aipolicy.lib.findings

meta := {
	"title": "A title",
	"description": "What it checks.",
	"custom": {"id": "AIP999", "severity": "high", "remediation": "Fix it.", "risk": "Something bad."},
}

test_finding_copies_metadata if {
	f := findings.finding(meta, "the message", {"path": "a.txt", "line": 3})
	f == {
		"rule": "AIP999",
		"title": "A title",
		"description": "What it checks.",
		"severity": "high",
		"remediation": "Fix it.",
		"risk": "Something bad.",
		"cwe": [],
		"owasp": [],
		"evidence": [],
		"message": "the message",
		"location": {"path": "a.txt", "line": 3},
	}
}

test_finding_tolerates_missing_optional_metadata if {
	f := findings.finding({"title": "T", "custom": {"id": "X", "severity": "low"}}, "m", {"path": "."})
	f.description == ""
	f.remediation == ""
	f.risk == ""
}

test_severity_rank_is_ordered if {
	findings.severity_rank.info < findings.severity_rank.low
	findings.severity_rank.low < findings.severity_rank.medium
	findings.severity_rank.medium < findings.severity_rank.high
	findings.severity_rank.high < findings.severity_rank.critical
}

test_location_of_first_file if {
	findings.location_of([{"path": "CLAUDE.md", "line": 2}, {"path": "b"}]) == {"path": "CLAUDE.md", "line": 2}
}

test_location_of_defaults_line_to_one if {
	findings.location_of([{"path": "CLAUDE.md"}]) == {"path": "CLAUDE.md", "line": 1}
}

test_location_of_no_files_is_repo_root if {
	findings.location_of([]) == {"path": "."}
}

test_finding_carries_taxonomies_as_lists if {
	m := object.union(meta, {"custom": object.union(meta.custom, {"cwe": "CWE-78", "owasp": ["LLM06:2025", "ASI02:2026"]})})
	f := findings.finding(m, "msg", {"path": "."})
	f.cwe == ["CWE-78"]
	f.owasp == ["LLM06:2025", "ASI02:2026"]
}

test_finding_carries_evidence_as_a_list if {
	m := object.union(meta, {"custom": object.union(meta.custom, {"evidence": "https://example.com/doc (verified 2026-11-25)"})})
	f := findings.finding(m, "msg", {"path": "."})
	f.evidence == ["https://example.com/doc (verified 2026-11-25)"]
}
