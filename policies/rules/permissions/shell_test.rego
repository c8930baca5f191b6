package aipolicy.rules.permissions_test

# Shell allow rules (shell.rego); helpers are in permissions_test.rego.

import data.aipolicy.rules.permissions

# --- AIP182 / AIP183: shell commands --------------------------------------------------

test_destructive_commands_reported if {
	ids(
		[allow([
			"Bash(rm -rf:*)", "Bash(git push --force:*)", "Bash(git push -f *)",
			"Bash(git reset --hard:*)", "Bash(rm:*)", "Bash(git *)", "Bash(git push:*)",
			"Bash(git clean -fdx)", "Bash(mkfs:*)",
		])],
		"AIP182",
	) == {1, 2, 3, 4, 5, 6, 7, 8, 9}
}

test_specific_commands_not_destructive if {
	ids(
		[allow([
			"Bash(rm -rf node_modules)", "Bash(git push origin feature)", "Bash(git status)",
			"Bash(git log:*)", "Bash(npm run test *)", "Bash", "Bash(*)", "Bash(rmdir build)",
		])],
		"AIP182",
	) == set()
}

test_destructive_message_names_the_command if {
	some v in permissions.violations with input as facts([allow(["Bash(git push:*)"])], [], [])
	v.message == ".claude/settings.json allows git push --force without asking: Bash(git push:*)"
}

test_escalating_commands_reported if {
	ids(
		[allow([
			"Bash(sudo apt-get install:*)", "Bash(chmod:*)", "Bash(docker run:*)",
			"Bash(chown -R:*)", "Bash(doas *)", "Bash(chmod -R 777 /)",
		])],
		"AIP183",
	) == {1, 2, 3, 4, 5, 6}
}

test_harmless_or_unrestricted_not_escalating if {
	# Bash(sudo *) and Bash(sudo:*) are AIP102's (any command); chmod +x is harmless.
	ids(
		[allow([
			"Bash(sudo *)", "Bash(sudo:*)", "Bash(chmod +x build.sh)", "Bash(docker compose up)",
			"Bash(sumo run)", "Bash(docker build:*)",
		])],
		"AIP183",
	) == set()
}

test_glob_metacharacters_are_literal if {
	# `[` and `?` mean nothing to Claude Code; they must not widen the match.
	ids([allow(["Bash(rm -r? ~)", "Bash(rm -[rf]f ~)"])], "AIP182") == set()
}

test_gemini_shell_rules if {
	gemini := [{"path": ".gemini/settings.json", "allowed_tools": [{
		"key": "tools.allowed",
		"value": ["run_shell_command(git)", "run_shell_command(sudo)", "run_shell_command(git status)", "ShellTool(rm -rf)"],
		"line": 3,
	}]}]
	found_all([], gemini, []) == {["AIP182", 3], ["AIP183", 3]}
}

test_environment_dump_reported if {
	ids([allow(["Bash(printenv:*)", "Bash(env)", "Bash(env FOO=1 npm test)"])], "AIP185") == {1, 2}
}

# --- Deny and ask rules win over allow (Claude Code) -----------------------------------

# Shortened from a real .claude/settings.json (45ck/prompt-language): `git push *` is
# allowed, every force form is denied.
test_destructive_forms_all_denied_not_reported if {
	settings := claude_file({
		"allow": [rule("Bash(git push *)", 1)],
		"deny": [
			rule("Bash(git push --force*)", 2), rule("Bash(git push -f*)", 3),
			rule("Bash(*--force*)", 4), rule("Bash(git push *+*)", 5),
		],
	})
	ids([settings], "AIP182") == set()
}

test_force_push_by_refspec_slips_past_force_flag_denials if {
	settings := claude_file({
		"allow": [rule("Bash(git push *)", 1)],
		"deny": [rule("Bash(git push --force*)", 2), rule("Bash(git push -f*)", 3), rule("Bash(*--force*)", 4)],
	})
	ids([settings], "AIP182") == {1}
}

test_branch_deletion_and_discarding_changes_are_destructive if {
	every spec in ["Bash(git branch -D:*)", "Bash(git checkout .)", "Bash(git restore:*)", "Bash(git clean -fd)"] {
		ids([claude_file({"allow": [rule(spec, 1)]})], "AIP182") == {1}
	}
	every spec in ["Bash(git branch --list *)", "Bash(git checkout main)", "Bash(git restore --staged *)"] {
		ids([claude_file({"allow": [rule(spec, 1)]})], "AIP182") == set()
	}
}

test_destructive_form_left_by_deny_still_reported if {
	# `git push origin main --force` slips past `git push --force*`.
	settings := claude_file({
		"allow": [rule("Bash(git push *)", 1)],
		"deny": [rule("Bash(git push --force*)", 2), rule("Bash(git push -f*)", 3)],
	})
	some v in permissions.violations with input as facts([settings], [], [])
	v.message == ".claude/settings.json allows git push --force without asking: Bash(git push *)"
}

test_ask_rule_in_another_file_wins_over_allow if {
	local := object.union(claude_file({"ask": [rule("Bash(git reset --hard:*)", 1)]}), {"path": ".claude/settings.local.json"})
	found([allow(["Bash(git reset:*)"]), local]) == set()
}

test_bare_bash_deny_stops_every_shell_rule if {
	settings := claude_file({
		"allow": [rule("Bash(rm:*)", 1), rule("Bash(sudo apt-get install:*)", 2)],
		"deny": [rule("Bash", 3)],
	})
	found([settings]) == set()
}

test_sudo_rule_denied_not_reported if {
	settings := claude_file({
		"allow": [rule("Bash(sudo apt-get install:*)", 1)],
		"deny": [rule("Bash(sudo:*)", 2)],
	})
	ids([settings], "AIP183") == set()
}

test_deny_in_sample_settings_stops_nothing if {
	sample := object.union(claude_file({"deny": [rule("Bash(rm:*)", 1)]}), {"path": "docs/claude/settings.json"})
	ids([allow(["Bash(rm:*)"]), sample], "AIP182") == {1}
}
