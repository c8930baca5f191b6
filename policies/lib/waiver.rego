# METADATA
# title: Waivers
# description: |
#   Exceptions granted in org data (data.org.exceptions). A waiver names a repository,
#   a rule id, optionally a path glob, and an expiry date. It applies only while it has
#   not expired (the clock is input.context.now) and only when the repository's identity
#   comes from a trusted source (the CI environment or the --repository option), never
#   from the repository's own git configuration, which the repository controls.
package aipolicy.lib.waiver

trusted_identity if {
	input.repository.identity_source in {"ci", "option"}
}

now_ns := time.parse_rfc3339_ns(input.context.now)

# The last nanosecond of the expiry day, UTC.
expiry_ns(w) := time.parse_rfc3339_ns(concat("", [w.expires, "T23:59:59Z"]))

# Waivers that name this repository.
for_repository contains w if {
	trusted_identity
	some w in object.get(data.org, "exceptions", [])
	w.repository == input.repository.remote
}

active contains w if {
	some w in for_repository
	expiry_ns(w) >= now_ns
}

expired contains w if {
	some w in for_repository
	expiry_ns(w) < now_ns
}

covers(w, f) if {
	w.rule == f.rule
	not w.path
}

covers(w, f) if {
	w.rule == f.rule
	glob.match(w.path, ["/"], f.location.path)
}

# What a decision shows about a waiver.
public(w) := {
	"reason": w.reason,
	"approver": w.approver,
	"expires": w.expires,
	"path": object.get(w, "path", "**"),
}
