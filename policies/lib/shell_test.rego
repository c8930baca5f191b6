package aipolicy.lib.shell_test

import data.aipolicy.lib.shell

test_wildcards_shells_interpreters_and_runners_run_everything if {
	every spec in [
		null, "", "*", ":*", "bash *", "sh -c *", "sudo *", "eval:*", "xargs *",
		"python3:*", "python *", "python3.12 *", "node:*", "ruby *", "perl:*", "pwsh *",
		"npx:*", "npx *", "uvx *", "pipx run *", "npm exec *", "sudo python3 *",
	] {
		shell.every_command(spec)
	}
}

test_specific_commands_do_not if {
	every spec in [
		"npm test", "npm run test *", "python3 -m pytest *", "node scripts/build.js",
		"npx prettier --write *", "git status", "bashful *", "nodemon *", "pythonic",
		"uvx ruff *",
	] {
		not shell.every_command(spec)
	}
}
