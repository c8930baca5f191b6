package aipolicy.rules.ci_injection_test

import data.aipolicy.rules.ci_injection

path := ".github/workflows/agent.yml"

agent(changes) := object.union(
	{
		"tool": "claude-code", "via": "action", "path": path, "line": 12, "job": "agent",
		"step": 1, "triggers": ["push"], "on_pull_request": false, "on_push": true,
		"manual_only": false, "action": "anthropics/claude-code-action@v1", "command": null,
		"workflow_permissions": null, "job_permissions": null,
		"dangerously_skip_permissions": false, "yolo": false, "allowed_tools": null,
		"flags": [], "secrets": ["ANTHROPIC_API_KEY"],
	},
	changes,
)

step(index, line, uses, run, inputs) := {
	"index": index, "line": line, "name": null, "uses": uses, "run": run, "with": inputs,
	"env": [], "secrets": [], "if": null,
}

action_step(inputs) := step(1, 12, "anthropics/claude-code-action@v1", null, inputs)

checkout := step(0, 10, "actions/checkout@v4", null, {})

job(job_if, steps) := {
	"id": "agent", "line": 7, "name": null, "permissions": null, "permissions_line": null,
	"if": job_if, "uses": null, "container": null, "runs_on": ["ubuntu-latest"], "env": [],
	"secrets": [], "triggers": null, "manual": false, "template": false, "steps": steps,
}

scope(job_id, index, id, env) := {"path": path, "job": job_id, "step": index, "id": id, "line": 1, "env": env}

var(name, expression) := {"name": name, "line": 5, "expressions": [expression]}

facts(a, j, scopes, aws) := {
	"ci": {
		"workflows": [{
			"path": path, "platform": "github", "name": null, "triggers": a.triggers,
			"triggers_line": 2, "permissions": null, "permissions_line": null, "env": [],
			"secrets": [], "includes": [], "jobs": [j],
		}],
		"controls": [],
		"agents": [a],
	},
	"agentic_workflows": {"workflows": aws, "scopes": scopes},
}

run(inp) := vs if {
	vs := ci_injection.violations with input as inp
}

rules(inp) := {v.rule | some v in run(inp)}

only(inp, rule) := v if {
	[v] := [v | some v in run(inp); v.rule == rule]
}

plain := facts(agent({}), job(null, [checkout, action_step({"prompt": "Review the code"})]), [], [])

test_agent_with_a_fixed_prompt_passes if {
	rules(plain) == set()
}

test_no_facts_no_findings if {
	rules({"ci": {"workflows": [], "controls": [], "agents": []}}) == set()
}

# -- AIP210 / AIP211: attacker-controlled text in the prompt ---------------------------

title_prompt := action_step({"prompt": "Triage: ${{ github.event.issue.title }}"})

test_issue_title_in_prompt_on_issues_is_critical if {
	inp := facts(agent({"triggers": ["issues"]}), job(null, [checkout, title_prompt]), [], [])
	v := only(inp, "AIP210")
	v.severity == "critical"
	v.location == {"path": path, "line": 12}
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml puts attacker-controlled text into its prompt on issues: github.event.issue.title in input prompt"
	not "AIP211" in rules(inp)
}

test_issue_title_with_author_check_is_high if {
	j := job("contains(fromJSON('[\"OWNER\"]'), github.event.issue.author_association)", [checkout, title_prompt])
	inp := facts(agent({"triggers": ["issues"]}), j, [], [])
	rules(inp) == {"AIP211"}
	only(inp, "AIP211").severity == "high"
}

test_head_ref_through_step_env_on_pull_request_is_high if {
	s := step(1, 12, null, "claude -p \"Review branch $BRANCH\"", {})
	inp := facts(
		agent({"via": "run", "triggers": ["pull_request"]}),
		job(null, [checkout, s]),
		[scope("agent", 1, null, [var("BRANCH", "github.head_ref")])],
		[],
	)
	v := only(inp, "AIP211")
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml puts event text into its prompt: github.head_ref through step env BRANCH in run"
}

test_workflow_env_referenced_as_env_context_counts if {
	s := action_step({"prompt": "Answer: ${{ env.BODY }}"})
	inp := facts(
		agent({"triggers": ["issue_comment"]}),
		job(null, [checkout, s]),
		[scope(null, null, null, [var("BODY", "github.event.comment.body")])],
		[],
	)
	"AIP210" in rules(inp)
}

test_env_with_untrusted_text_not_referenced_in_prompt_passes if {
	inp := facts(
		agent({"triggers": ["issues"]}),
		job(null, [checkout, action_step({"prompt": "Triage issue ${{ github.event.issue.number }}"})]),
		[scope("agent", null, null, [var("TITLE", "github.event.issue.title")])],
		[],
	)
	rules(inp) == set()
}

test_env_referenced_only_as_a_longer_name_passes if {
	inp := facts(
		agent({"via": "run", "triggers": ["issues"]}),
		job(null, [checkout, step(1, 12, null, "claude -p \"Triage $TITLEX ${TITLE_2} env.TITLEs %TITLE\"", {})]),
		[scope("agent", null, null, [var("TITLE", "github.event.issue.title")])],
		[],
	)
	rules(inp) == set()
}

test_env_referenced_as_a_cmd_variable_counts if {
	inp := facts(
		agent({"via": "run", "triggers": ["issues"]}),
		job(null, [checkout, step(1, 12, null, "claude -p \"Triage %TITLE%\"", {})]),
		[scope("agent", null, null, [var("TITLE", "github.event.issue.title")])],
		[],
	)
	only(inp, "AIP210").message == "claude-code in job 'agent' of .github/workflows/agent.yml puts attacker-controlled text into its prompt on issues: github.event.issue.title through job env TITLE in run"
}

test_env_of_another_job_does_not_count if {
	inp := facts(
		agent({"triggers": ["issues"]}),
		job(null, [checkout, action_step({"prompt": "Use $TITLE"})]),
		[scope("other", null, null, [var("TITLE", "github.event.issue.title")])],
		[],
	)
	rules(inp) == set()
}

test_whole_event_object_counts if {
	s := action_step({"prompt": "Context: ${{ toJSON(github.event) }}"})
	inp := facts(agent({"triggers": ["pull_request_target"]}), job(null, [checkout, s]), [], [])
	"AIP210" in rules(inp)
}

test_generated_gh_aw_lock_is_not_judged_here if {
	lock_path := path
	aw := {"path": ".github/workflows/agent.md", "lock": {"path": lock_path, "present": true, "frontmatter_hash": "a", "compiler_version": null, "strict": true}, "frontmatter_hash": "a", "strict": null, "strict_line": null, "network_allowed": null, "network_line": null, "triggers_line": 2}
	inp := facts(agent({"triggers": ["issues"]}), job(null, [checkout, title_prompt]), [], [aw])
	rules(inp) == set()
}

# -- AIP212: content fetched with gh --------------------------------------------------

test_gh_issue_view_saved_before_the_agent_is_medium if {
	fetch := step(1, 11, null, "gh issue view 7 --json body > issue.json", {})
	s := step(2, 12, "anthropics/claude-code-action@v1", null, {"prompt": "Triage issue.json"})
	inp := facts(agent({"step": 2}), job(null, [checkout, fetch, s]), [], [])
	v := only(inp, "AIP212")
	v.severity == "medium"
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml is fed content fetched with gh (step 1)"
}

test_gh_piped_into_agent_cli_counts if {
	s := step(1, 12, null, "gh pr diff 3 | claude -p 'review this diff'", {})
	inp := facts(agent({"via": "run"}), job(null, [checkout, s]), [], [])
	only(inp, "AIP212").message == "claude-code in job 'agent' of .github/workflows/agent.yml is fed content fetched with gh (its own script)"
}

test_gh_after_the_agent_or_not_kept_passes if {
	not_kept := step(1, 11, null, "gh issue view 7", {})
	s := step(2, 12, "anthropics/claude-code-action@v1", null, {"prompt": "Triage"})
	after := step(3, 14, null, "gh api repos/o/r/issues > x.json", {})
	inp := facts(agent({"step": 2}), job(null, [checkout, not_kept, s, after]), [], [])
	rules(inp) == set()
}

# -- AIP213: the agent's output executed ---------------------------------------------------

test_agent_output_interpolated_into_a_later_script_is_high if {
	later := step(2, 20, null, "gh issue edit 1 --add-label ${{ steps.claude.outputs.label }}", {})
	inp := facts(
		agent({}),
		job(null, [checkout, action_step({"prompt": "Pick a label"}), later]),
		[scope("agent", 1, "claude", [])],
		[],
	)
	v := only(inp, "AIP213")
	v.severity == "high"
	v.message == "claude-code in job 'agent' of .github/workflows/agent.yml: its output reaches a shell: step 2 interpolates ${{ steps.claude.outputs.label }} into its script"
}

test_agent_output_evaluated_through_env_is_high if {
	later := step(2, 20, null, "eval \"$CMD\"", {})
	inp := facts(
		agent({}),
		job(null, [checkout, action_step({"prompt": "Suggest a command"}), later]),
		[scope("agent", 1, "claude", []), scope("agent", 2, null, [var("CMD", "steps.claude.outputs.result")])],
		[],
	)
	only(inp, "AIP213").message == "claude-code in job 'agent' of .github/workflows/agent.yml: its output reaches a shell: step 2 runs env CMD (the agent's output) as code"
}

test_agent_output_used_as_quoted_data_passes if {
	later := step(2, 20, null, "echo \"$SUMMARY\" >> \"$GITHUB_STEP_SUMMARY\"", {})
	inp := facts(
		agent({}),
		job(null, [checkout, action_step({"prompt": "Summarise"}), later]),
		[scope("agent", 1, "claude", []), scope("agent", 2, null, [var("SUMMARY", "steps.claude.outputs.result")])],
		[],
	)
	rules(inp) == set()
}

test_agent_output_in_env_with_a_longer_name_executed_passes if {
	later := step(2, 20, null, "eval \"$CMDX\"\necho \"$CMD\"", {})
	inp := facts(
		agent({}),
		job(null, [checkout, action_step({"prompt": "Suggest a command"}), later]),
		[scope("agent", 1, "claude", []), scope("agent", 2, null, [var("CMD", "steps.claude.outputs.result")])],
		[],
	)
	rules(inp) == set()
}

test_agent_output_of_a_longer_step_id_passes if {
	later := step(2, 20, null, "echo ${{ steps.claude2.outputs.x }} ${{ steps.my-claude.outputs.x }}", {})
	inp := facts(
		agent({}),
		job(null, [checkout, action_step({"prompt": "Summarise"}), later]),
		[scope("agent", 1, "claude", [])],
		[],
	)
	rules(inp) == set()
}

test_output_of_another_step_passes if {
	later := step(2, 20, null, "echo ${{ steps.other.outputs.x }}", {})
	inp := facts(
		agent({}),
		job(null, [checkout, action_step({"prompt": "Summarise"}), later]),
		[scope("agent", 1, "claude", [])],
		[],
	)
	rules(inp) == set()
}

# -- AIP220-AIP223: GitHub Agentic Workflows ------------------------------------------------

hash := "d08a835feeac59cb40f951e059683d5017f96e0a7d66e5b02e111009da166b02"

aw(changes) := object.union(
	{
		"path": ".github/workflows/triage.md",
		"lock": {"path": ".github/workflows/triage.lock.yml", "present": true, "frontmatter_hash": hash, "compiler_version": "v0.88.7", "strict": true},
		"frontmatter_hash": hash, "name": null, "triggers": ["issues"], "triggers_line": 2,
		"permissions": {"contents": "read"}, "permissions_line": 5, "engine": "claude",
		"engine_line": 7, "strict": null, "strict_line": null, "network": null,
		"network_allowed": ["defaults", "github"], "network_line": 8,
		"safe_outputs": ["add-comment"], "safe_outputs_line": 12, "tools": ["github"],
		"tools_line": 10, "imports": [],
	},
	changes,
)

aw_facts(w) := {"ci": {"workflows": [], "controls": [], "agents": []}, "agentic_workflows": {"workflows": [w], "scopes": []}}

test_read_only_gh_aw_workflow_with_current_lock_passes if {
	rules(aw_facts(aw({}))) == set()
}

test_missing_lock_is_high if {
	inp := aw_facts(aw({"lock": {"present": false, "frontmatter_hash": null, "strict": null}}))
	rules(inp) == {"AIP220"}
	v := only(inp, "AIP220")
	v.severity == "high"
	v.location == {"path": ".github/workflows/triage.md", "line": 2}
	v.message == "gh-aw workflow .github/workflows/triage.md has no compiled .github/workflows/triage.lock.yml"
}

test_lock_with_another_hash_is_stale if {
	inp := aw_facts(aw({"lock": {"frontmatter_hash": concat("", ["0000000000000", substring(hash, 13, -1)])}}))
	v := only(inp, "AIP221")
	v.message == ".github/workflows/triage.lock.yml is out of date with .github/workflows/triage.md: it records frontmatter hash 000000000000, the source hashes to d08a835feeac"
}

test_lock_without_hash_is_stale if {
	inp := aw_facts(aw({"lock": {"frontmatter_hash": null}}))
	only(inp, "AIP221").message == ".github/workflows/triage.lock.yml is out of date with .github/workflows/triage.md: it records no frontmatter hash"
}

test_source_hash_unknown_is_not_judged if {
	rules(aw_facts(aw({"frontmatter_hash": null, "lock": {"frontmatter_hash": "ff"}}))) == set()
}

test_strict_false_is_medium if {
	inp := aw_facts(aw({"strict": false, "strict_line": 4}))
	v := only(inp, "AIP222")
	v.severity == "medium"
	v.location == {"path": ".github/workflows/triage.md", "line": 4}
}

test_lock_compiled_non_strict_is_medium if {
	inp := aw_facts(aw({"lock": {"strict": false}}))
	only(inp, "AIP222").location == {"path": ".github/workflows/triage.lock.yml", "line": 1}
}

test_strict_true_passes if {
	rules(aw_facts(aw({"strict": true, "strict_line": 4}))) == set()
}

test_wildcard_network_is_medium if {
	inp := aw_facts(aw({"network_allowed": ["defaults", "*"]}))
	v := only(inp, "AIP223")
	v.severity == "medium"
	v.location == {"path": ".github/workflows/triage.md", "line": 8}
	v.message == "gh-aw workflow .github/workflows/triage.md allows network access to any host (network.allowed: \"*\")"
}

test_subdomain_wildcard_and_defaults_pass if {
	rules(aw_facts(aw({"network": "defaults", "network_allowed": ["*.example.com"]}))) == set()
}
