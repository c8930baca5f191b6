# METADATA
# title: Finding helper
# description: |
#   Builds every finding from the METADATA annotation of the rule that raised it,
#   so the rule id, title, severity and remediation live in exactly one place.
package aipolicy.lib.findings

# finding turns a rule's METADATA (from rego.metadata.rule()) plus a message and a
# location into the structured finding every reporter understands.
finding(meta, message, location) := {
	"rule": meta.custom.id,
	"title": meta.title,
	"description": object.get(meta, "description", ""),
	"severity": meta.custom.severity,
	"remediation": object.get(meta.custom, "remediation", ""),
	"risk": object.get(meta.custom, "risk", ""),
	"cwe": as_list(object.get(meta.custom, "cwe", [])),
	"owasp": as_list(object.get(meta.custom, "owasp", [])),
	"evidence": as_list(object.get(meta.custom, "evidence", [])),
	"message": message,
	"location": location,
}

# as_list makes a METADATA value that may be written as one item or a list a list.
as_list(x) := x if is_array(x)

else := [x]

# severity_rank orders severities; a higher number is worse.
severity_rank := {
	"info": 0,
	"low": 1,
	"medium": 2,
	"high": 3,
	"critical": 4,
}

# location_of returns the location of the first file in a list of file facts.
location_of(files) := {"path": files[0].path, "line": object.get(files[0], "line", 1)} if {
	count(files) > 0
}

location_of(files) := {"path": "."} if {
	count(files) == 0
}
