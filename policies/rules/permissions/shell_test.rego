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
