package aipolicy.rules.instructions_content_test

import data.aipolicy.rules.instructions

file(path, matches) := {
	"path": path, "kind": "instructions", "truncated": false, "hidden_unicode": [],
	"remote_exec": [], "remote_include": [], "secrets": [], "content_matches": matches,
}

script(matches) := {
	"path": ".claude/skills/setup/scripts/install.sh", "skill": ".claude/skills/setup",
	"interpreter": "bash", "truncated": false, "remote_exec": [], "content_matches": matches,
}

match(line, kind, pattern, where, negated) := {
	"line": line, "kind": kind, "pattern": pattern, "excerpt": concat("", [kind, " excerpt"]),
	"where": where, "negated": negated,
}

violations(files, scripts) := vs if {
	facts := {"instructions": {"files": files, "skill_scripts": scripts, "files_over_budget": 0}}
	vs := instructions.violations with input as facts
}

found(files, scripts) := {[v.rule, v.location.path, v.location.line] | some v in violations(files, scripts)}

only(rule, files, scripts) := {v | some v in violations(files, scripts); v.rule == rule}

# AIP607

test_instructions_in_an_html_comment_are_one_finding_per_line if {
	files := [file("CLAUDE.md", [
		match(3, "override", "ignore_previous_instructions", "comment", false),
		match(3, "network_command", "network_command", "comment", false),
		match(5, "agent_address", "agent_imperative", "comment", false),
	])]
	found(files, []) == {["AIP607", "CLAUDE.md", 3], ["AIP607", "CLAUDE.md", 5]}
	some v in only("AIP607", files, [])
	v.location.line == 3
	v.severity == "high"
	v.message == "CLAUDE.md (instruction file) hides instructions in an HTML comment on line 3 (a network command, a prompt-injection phrase): override excerpt"
}

test_negated_comment_text_and_visible_text_are_not_hidden_instructions if {
	files := [file("CLAUDE.md", [
		match(3, "destructive", "rm_rf_root_or_home", "comment", true),
		match(4, "network_command", "network_command", "text", false),
	])]
	count(only("AIP607", files, [])) == 0
}

# AIP608

test_a_prompt_injection_phrase_in_text_is_reported if {
	files := [file("AGENTS.md", [match(7, "override", "new_identity", "text", false)])]
	found(files, []) == {["AIP608", "AGENTS.md", 7]}
	some v in only("AIP608", files, [])
	v.message == "AGENTS.md (instruction file) holds a prompt-injection phrase on line 7: override excerpt"
}

test_a_prompt_injection_phrase_in_code_or_a_comment_is_not_aip608 if {
	files := [file("AGENTS.md", [
		match(7, "override", "ignore_previous_instructions", "code", false),
		match(8, "override", "ignore_previous_instructions", "comment", false),
	])]
	found(files, []) == {["AIP607", "AGENTS.md", 8]}
}

# AIP609

test_role_tokens_in_text_are_reported_and_in_code_are_not if {
	files := [file("GEMINI.md", [
		match(2, "role_token", "chat_template_token", "text", false),
		match(9, "role_token", "inst_marker", "code", false),
	])]
	found(files, []) == {["AIP609", "GEMINI.md", 2]}
}

# AIP610

test_concealment_is_reported_in_text_only if {
	files := [file(".cursorrules", [
		match(4, "conceal", "do_not_tell_user", "text", false),
		match(6, "conceal", "covert_action", "code", false),
	])]
	found(files, []) == {["AIP610", ".cursorrules", 4]}
	some v in only("AIP610", files, [])
	v.message == ".cursorrules (instruction file) tells the agent to hide what it does from the user on line 4: conceal excerpt"
}

# AIP611

test_safety_bypass_in_text_code_and_skill_scripts_is_reported if {
	files := [file("CLAUDE.md", [
		match(2, "safety_bypass", "never_ask_phrase", "text", false),
		match(5, "safety_bypass", "skip_permissions_flag", "code", false),
	])]
	scripts := [script([match(3, "safety_bypass", "yolo_mode", "code", false)])]
	found(files, scripts) == {
		["AIP611", "CLAUDE.md", 2], ["AIP611", "CLAUDE.md", 5],
		["AIP611", ".claude/skills/setup/scripts/install.sh", 3],
	}
	some v in only("AIP611", [], scripts)
	v.message == ".claude/skills/setup/scripts/install.sh (script of skill .claude/skills/setup) turns off the agent's permission checks on line 3: safety_bypass excerpt"
}

test_a_negated_safety_bypass_is_protection if {
	found([file("CLAUDE.md", [match(2, "safety_bypass", "skip_permissions_flag", "text", true)])], []) == set()
}

# AIP612

test_destructive_commands_are_reported_unless_negated if {
	files := [file("CLAUDE.md", [
		match(2, "destructive", "git_force_push_main", "code", false),
		match(3, "destructive", "rm_rf_root_or_home", "text", true),
	])]
	scripts := [script([match(8, "destructive", "rm_rf_root_or_home", "code", false)])]
	found(files, scripts) == {["AIP612", "CLAUDE.md", 2], ["AIP612", ".claude/skills/setup/scripts/install.sh", 8]}
}

# AIP613

test_credential_exfiltration_is_critical if {
	scripts := [script([match(4, "credential_exfil", "pipe_to_network", "code", false)])]
	found([], scripts) == {["AIP613", ".claude/skills/setup/scripts/install.sh", 4]}
	some v in only("AIP613", [], scripts)
	v.severity == "critical"
}

test_a_negated_credential_mention_is_not_reported if {
	found([file("CLAUDE.md", [match(4, "credential_exfil", "send_phrase", "text", true)])], []) == set()
}

# AIP614

test_exfiltration_urls_are_reported if {
	files := [file(".windsurfrules", [match(6, "exfil_url", "markdown_image", "text", false)])]
	found(files, []) == {["AIP614", ".windsurfrules", 6]}
}

# AIP615

test_encoded_payloads_say_what_they_decode_to if {
	files := [file("CLAUDE.md", [
		match(4, "encoded_payload", "base64_blob", "text", false),
		match(5, "encoded_payload", "base64_pipe_shell", "code", false),
	])]
	found(files, []) == {["AIP615", "CLAUDE.md", 4], ["AIP615", "CLAUDE.md", 5]}
	messages := {v.message | some v in only("AIP615", files, [])}
	messages == {
		"CLAUDE.md (instruction file) holds an encoded payload that decodes to a command on line 4: encoded_payload excerpt",
		"CLAUDE.md (instruction file) decodes a payload and runs it on line 5: encoded_payload excerpt",
	}
}

test_files_without_content_matches_pass if {
	found([file("CLAUDE.md", [])], [script([])]) == set()
}
