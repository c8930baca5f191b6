# METADATA
# title: Finding context
# description: |
#   Configuration under docs/, examples/, templates/, test fixtures, vendored trees and
#   similar is an example, not the project's own setup: its findings are kept, marked
#   `context: example`, and judged with a lower severity. The org data sets the paths and
#   how many steps lower (data.org.contexts.example); nothing is dropped.
package aipolicy.lib.context

default_example_paths := [
	"docs/**", "doc/**", "examples/**", "example/**", "samples/**", "templates/**",
	"**/fixtures/**", "**/__fixtures__/**", "**/testdata/**", "**/test-data/**",
	"vendor/**", "**/vendor/**", "third_party/**", "**/third_party/**",
]

_settings := s if {
	s := data.org.contexts.example
} else := {}

example_paths := object.get(_settings, "paths", default_example_paths)

severity_drop := object.get(_settings, "severity_drop", 2)

order := ["info", "low", "medium", "high", "critical"]

rank := {s: i | some i, s in order}

# The context of a path: "example" when it lies in an example tree.
of(path) := "example" if {
	some pattern in example_paths
	glob.match(pattern, ["/"], path)
} else := "project"

lowered(severity) := order[max([0, rank[severity] - severity_drop])]

# A finding as judged in its context.
adjust(f) := object.union(f, {
	"context": "example",
	"severity": lowered(f.severity),
	"original_severity": f.severity,
}) if {
	of(f.location.path) == "example"
} else := object.union(f, {"context": "project"})
