package aipolicy.rules.waivers_test

import data.aipolicy.rules.waivers

w := {"repository": "github.com/acme/app", "rule": "AIP011", "reason": "pilot", "approver": "ciso", "expires": "2026-12-31"}

inp(now) := {"context": {"now": now}, "repository": {"remote": "github.com/acme/app", "identity_source": "ci"}}

test_expired_waiver_is_reported if {
	vs := waivers.violations with input as inp("2027-02-01T00:00:00Z") with data.org.exceptions as [w]
	[v] := [v | some v in vs]
	v.rule == "AIP098"
	v.message == "the waiver of AIP011 approved by ciso expired on 2026-12-31"
}

test_active_waiver_is_not_reported if {
	count(waivers.violations) == 0 with input as inp("2026-02-01T00:00:00Z") with data.org.exceptions as [w]
}
