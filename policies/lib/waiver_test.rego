package aipolicy.lib.waiver_test

import data.aipolicy.lib.waiver

w := {
	"repository": "github.com/acme/app",
	"rule": "AIP011",
	"path": ".cursor/**",
	"reason": "pilot",
	"approver": "ciso",
	"expires": "2026-12-31",
}

inp(source, now) := {
	"context": {"now": now},
	"repository": {"remote": "github.com/acme/app", "identity_source": source},
}

finding(path) := {"rule": "AIP011", "location": {"path": path}}

test_active_until_the_end_of_its_expiry_day if {
	count(waiver.active) == 1 with input as inp("ci", "2026-12-31T23:00:00Z") with data.org.exceptions as [w]
	count(waiver.expired) == 1 with input as inp("ci", "2027-01-01T00:00:00Z") with data.org.exceptions as [w]
}

test_untrusted_identity_gets_no_waiver if {
	count(waiver.for_repository) == 0 with input as inp("git-config", "2026-06-01T00:00:00Z") with data.org.exceptions as [w]
}

test_other_repository_gets_no_waiver if {
	i := json.patch(inp("ci", "2026-06-01T00:00:00Z"), [{"op": "replace", "path": "/repository/remote", "value": "github.com/acme/other"}])
	count(waiver.for_repository) == 0 with input as i with data.org.exceptions as [w]
}

test_path_glob_limits_the_waiver if {
	waiver.covers(w, finding(".cursor/rules/a.mdc"))
	not waiver.covers(w, finding(".codex/config.toml"))
	not waiver.covers(object.union(w, {"rule": "AIP010"}), finding(".cursor/rules/a.mdc"))
}

test_waiver_without_path_covers_every_path if {
	waiver.covers(object.remove(w, ["path"]), finding("anything/at/all"))
}
