package aipolicy.lib.context_test

import data.aipolicy.lib.context

finding(path, sev) := {"rule": "X", "severity": sev, "location": {"path": path}}

test_example_trees_are_examples if {
	context.of("docs/setup/.mcp.json") == "example"
	context.of("examples/agent/.claude/settings.json") == "example"
	context.of("tests/fixtures/repos/a/.env") == "example"
	context.of("pkg/testdata/CLAUDE.md") == "example"
}

test_project_files_are_the_project if {
	context.of(".mcp.json") == "project"
	context.of(".github/workflows/ci.yml") == "project"
	context.of("src/docs.py") == "project"
	context.of(".") == "project"
}

test_example_findings_drop_two_steps_by_default if {
	context.adjust(finding("docs/.mcp.json", "critical")) == {
		"rule": "X", "severity": "medium", "original_severity": "critical",
		"context": "example", "location": {"path": "docs/.mcp.json"},
	}
	context.adjust(finding("examples/x", "low")).severity == "info"
}

test_project_findings_keep_their_severity if {
	context.adjust(finding(".mcp.json", "high")) == {
		"rule": "X", "severity": "high", "context": "project", "location": {"path": ".mcp.json"},
	}
}

test_org_data_sets_paths_and_drop if {
	org := {"contexts": {"example": {"paths": ["demo/**"], "severity_drop": 1}}}
	f := context.adjust(finding("demo/.mcp.json", "high")) with data.org as org
	f.severity == "medium"
	context.of("docs/.mcp.json") == "project" with data.org as org
}
