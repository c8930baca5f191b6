package aipolicy.rules.sandbox_test

import data.aipolicy.rules.sandbox

org := {
	"default_classification": "internal",
	"classifications": [
		{"id": "public", "ai_assistance": "allowed"},
		{"id": "internal", "ai_assistance": "allowed"},
		{"id": "confidential", "ai_assistance": "restricted"},
		{"id": "restricted", "ai_assistance": "prohibited"},
	],
	"controls": {"sandbox": {"required_from": "confidential"}},
	"inventory": [],
}

claude := {"tool": "claude-code", "files": [{"path": ".claude/settings.json", "line": 1}]}

cursor := {"tool": "cursor", "files": [{"path": ".cursorrules", "line": 1}]}

# A dev container with nothing set; tests override what they need.
devcontainer(overrides) := object.union(
	{
		"path": ".devcontainer/devcontainer.json", "name": null, "image": "mcr.microsoft.com/devcontainers/base:ubuntu",
		"dockerfile": null, "dockerfile_path": null, "compose_files": [], "service": null,
		"run_args": [], "network": null, "cap_add": [], "cap_drop": [], "privileged": false,
		"read_only": false, "security_opt": [], "mounts": [], "remote_user": null,
		"container_user": null, "features": [], "container_env": [], "commands": [],
		"agent_flags": [], "lines": {"image": 2, "runArgs": 3, "capAdd": 4, "privileged": 5, "features": 6, "securityOpt": 7},
	},
	overrides,
)

service(overrides) := object.union(
	{
		"path": "compose.yaml", "service": "claude", "line": 2, "devcontainer": false,
		"mentions": ["claude"], "image": null, "network_mode": null, "cap_add": [],
		"cap_drop": [], "privileged": false, "read_only": false, "security_opt": [],
		"user": null, "command": null, "entrypoint": null, "volumes": [], "agent_flags": [],
		"lines": {"privileged": 3, "cap_add": 4, "volumes": 5, "network_mode": 6, "security_opt": 7},
	},
	overrides,
)

firewall := {"hook": "postStartCommand", "name": null, "command": "sudo /usr/local/bin/init-firewall.sh", "truncated": false, "line": 9}

claude_feature := "ghcr.io/anthropics/devcontainer-features/claude-code:1.0"

facts(class, assistants, box, agent_config) := {
	"manifest": {"present": true, "classification": class},
	"repository": {"remote": null},
	"assistants": assistants,
	"sandbox": object.union({"devcontainers": [], "dockerfiles": [], "compose_services": []}, box),
	"agent_config": object.union({"claude_code": [], "gemini": [], "codex": []}, agent_config),
}

found(inp) := {[v.rule, v.location] | some v in sandbox.violations with input as inp with data.org as org}

messages(inp) := {v.message | some v in sandbox.violations with input as inp with data.org as org}

# No sandbox (AIP330)

test_confidential_project_with_assistants_and_no_sandbox_is_reported if {
	inp := facts("confidential", [claude, cursor], {}, {})
	found(inp) == {["AIP330", {"path": "."}]}
	messages(inp) == {"No sandbox confines the AI assistants in use (claude-code, cursor): no dev container restricts the network and no assistant's own sandbox is enabled"}
}

test_dev_container_with_an_open_network_is_no_sandbox if {
	found(facts("confidential", [claude], {"devcontainers": [devcontainer({})]}, {})) == {["AIP330", {"path": "."}]}
}

test_dev_container_with_a_named_network_is_no_sandbox if {
	box := {"devcontainers": [devcontainer({"network": "corp-net", "run_args": ["--network=corp-net"]})]}
	found(facts("confidential", [claude], box, {})) == {["AIP330", {"path": "."}]}
}

test_firewall_script_in_post_start_is_a_sandbox if {
	box := {"devcontainers": [devcontainer({"commands": [firewall]})]}
	found(facts("confidential", [claude], box, {})) == set()
}

test_firewall_script_in_post_create_is_a_sandbox if {
	fw := object.union(firewall, {"hook": "postCreateCommand", "command": "bash .devcontainer/setup-firewall.sh"})
	box := {"devcontainers": [devcontainer({"commands": [fw]})]}
	found(facts("confidential", [claude], box, {})) == set()
}

test_firewall_rules_that_drop_traffic_are_a_sandbox if {
	fw := object.union(firewall, {"command": "sudo iptables -P OUTPUT DROP"})
	box := {"devcontainers": [devcontainer({"commands": [fw]})]}
	found(facts("confidential", [claude], box, {})) == set()
}

test_firewall_script_run_on_the_host_is_no_sandbox if {
	fw := object.union(firewall, {"hook": "initializeCommand"})
	box := {"devcontainers": [devcontainer({"commands": [fw]})]}
	found(facts("confidential", [claude], box, {})) == {["AIP330", {"path": "."}]}
}

test_network_none_is_a_sandbox if {
	box := {"devcontainers": [devcontainer({"network": "none", "run_args": ["--network=none"]})]}
	found(facts("confidential", [claude], box, {})) == set()
}

test_compose_service_without_network_is_a_sandbox if {
	dc := devcontainer({"service": "dev", "compose_files": ["compose.yaml"]})
	svc := service({"service": "dev", "devcontainer": true, "mentions": [], "network_mode": "none"})
	found(facts("confidential", [claude], {"devcontainers": [dc], "compose_services": [svc]}, {})) == set()
}

test_agent_compose_service_without_network_is_a_sandbox if {
	found(facts("confidential", [claude], {"compose_services": [service({"network_mode": "none"})]}, {})) == set()
}

test_claude_code_sandbox_enabled_is_a_sandbox if {
	cc := {"path": ".claude/settings.json", "sandbox": {"line": 3, "enabled": {"value": true, "line": 4}}}
	found(facts("confidential", [claude], {}, {"claude_code": [cc]})) == set()
}

test_claude_code_sandbox_disabled_is_no_sandbox if {
	off := {"path": ".claude/settings.json", "sandbox": {"line": 3, "enabled": {"value": false, "line": 4}}}
	unset := {"path": ".claude/settings.local.json", "sandbox": null}
	found(facts("confidential", [claude], {}, {"claude_code": [off, unset]})) == {["AIP330", {"path": "."}]}
}

gemini_sandbox(v) := {"path": ".gemini/settings.json", "sandbox": [{"key": "tools.sandbox", "value": v, "line": 8}]}

codex_mode(v) := {"path": ".codex/config.toml", "sandbox_mode": {"value": v, "line": 3}}

test_gemini_sandbox_is_a_sandbox if {
	found(facts("confidential", [claude], {}, {"gemini": [gemini_sandbox(true)]})) == set()
	found(facts("confidential", [claude], {}, {"gemini": [gemini_sandbox("docker")]})) == set()
}

test_gemini_sandbox_switched_off_is_no_sandbox if {
	off := {"path": ".gemini/settings.json", "sandbox": [
		{"key": "tools.sandbox", "value": false, "line": 8},
		{"key": "sandbox", "value": true, "line": 2},
	]}
	found(facts("confidential", [claude], {}, {"gemini": [off]})) == {["AIP330", {"path": "."}]}
}

test_codex_sandbox_modes_that_confine_are_a_sandbox if {
	found(facts("confidential", [claude], {}, {"codex": [codex_mode("read-only")]})) == set()
	found(facts("confidential", [claude], {}, {"codex": [codex_mode("workspace-write")]})) == set()
	found(facts("confidential", [claude], {}, {"codex": [codex_mode("danger-full-access")]})) == {["AIP330", {"path": "."}]}
}

test_sandbox_is_not_required_below_its_classification if {
	found(facts("internal", [claude], {}, {})) == set()
}

test_sandbox_is_not_required_without_assistants if {
	found(facts("confidential", [], {}, {})) == set()
}

test_prohibited_project_is_left_to_the_eligibility_rule if {
	found(facts("restricted", [claude], {}, {})) == set()
}

# Dangerous agent containers (AIP331-AIP335), judged for an agent's container whatever
# the classification.

agent_dc(overrides) := devcontainer(object.union({"features": [claude_feature]}, overrides))

test_privileged_agent_dev_container_is_reported_on_a_public_project if {
	inp := facts("public", [], {"devcontainers": [agent_dc({"privileged": true})]}, {})
	found(inp) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 5}]}
	messages(inp) == {"The dev container .devcontainer/devcontainer.json is privileged"}
}

test_docker_in_docker_feature_makes_the_container_privileged if {
	dind := "ghcr.io/devcontainers/features/docker-in-docker:2"
	inp := facts("public", [], {"devcontainers": [agent_dc({"features": [claude_feature, dind]})]}, {})
	found(inp) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 6}]}
}

test_privileged_agent_compose_service_is_reported if {
	inp := facts("public", [], {"compose_services": [service({"privileged": true})]}, {})
	found(inp) == {["AIP331", {"path": "compose.yaml", "line": 3}]}
	messages(inp) == {"The compose service 'claude' in compose.yaml is privileged"}
}

test_dangerous_capabilities_are_reported_however_written if {
	inp := facts("public", [], {"devcontainers": [agent_dc({"cap_add": ["cap_sys_admin", "SYS_PTRACE", "NET_RAW"]})]}, {})
	found(inp) == {["AIP332", {"path": ".devcontainer/devcontainer.json", "line": 4}]}
	messages(inp) == {"The dev container .devcontainer/devcontainer.json adds the capability SYS_ADMIN"}
}

test_net_admin_without_a_firewall_is_reported if {
	inp := facts("public", [], {"compose_services": [service({"cap_add": ["NET_ADMIN", "ALL"]})]}, {})
	found(inp) == {["AIP332", {"path": "compose.yaml", "line": 4}]}
	messages(inp) == {
		"The compose service 'claude' in compose.yaml adds the capability NET_ADMIN",
		"The compose service 'claude' in compose.yaml adds the capability ALL",
	}
}

test_net_admin_for_the_firewall_of_the_reference_dev_container_passes if {
	dc := agent_dc({"cap_add": ["NET_ADMIN", "NET_RAW"], "commands": [firewall]})
	found(facts("confidential", [claude], {"devcontainers": [dc]}, {})) == set()
}

test_docker_socket_mounts_are_reported if {
	mount := {"spec": "source=/var/run/docker.sock,target=/var/run/docker.sock,type=bind", "origin": "mounts", "type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "line": 12}
	inp := facts("public", [], {"devcontainers": [agent_dc({"mounts": [mount]})]}, {})
	found(inp) == {["AIP333", {"path": ".devcontainer/devcontainer.json", "line": 12}]}
	messages(inp) == {"The dev container .devcontainer/devcontainer.json mounts /var/run/docker.sock"}
}

test_docker_outside_of_docker_feature_mounts_the_socket if {
	dood := "ghcr.io/devcontainers/features/docker-outside-of-docker:1"
	found(facts("public", [], {"devcontainers": [agent_dc({"features": [claude_feature, dood]})]}, {})) == {["AIP333", {"path": ".devcontainer/devcontainer.json", "line": 6}]}
}

test_docker_socket_volume_of_an_agent_service_is_reported if {
	svc := service({"volumes": ["./:/workspace", "/run/podman/podman.sock:/var/run/docker.sock"]})
	inp := facts("public", [], {"compose_services": [svc]}, {})
	found(inp) == {["AIP333", {"path": "compose.yaml", "line": 5}]}
	messages(inp) == {"The compose service 'claude' in compose.yaml mounts /run/podman/podman.sock"}
}

test_unconfined_security_options_are_reported if {
	dc := agent_dc({"security_opt": ["seccomp=unconfined", "no-new-privileges"]})
	svc := service({"security_opt": ["apparmor:unconfined"]})
	inp := facts("public", [], {"devcontainers": [dc], "compose_services": [svc]}, {})
	found(inp) == {
		["AIP334", {"path": ".devcontainer/devcontainer.json", "line": 7}],
		["AIP334", {"path": "compose.yaml", "line": 7}],
	}
}

test_host_namespaces_are_reported if {
	dc := agent_dc({"run_args": ["--pid", "host", "--network=host"], "network": "host"})
	svc := service({"network_mode": "host"})
	inp := facts("public", [], {"devcontainers": [dc], "compose_services": [svc]}, {})
	found(inp) == {
		["AIP335", {"path": ".devcontainer/devcontainer.json", "line": 3}],
		["AIP335", {"path": "compose.yaml", "line": 6}],
	}
	messages(inp) == {
		"The dev container .devcontainer/devcontainer.json shares the host's namespace with --pid=host",
		"The dev container .devcontainer/devcontainer.json shares the host's namespace with --network=host",
		"The compose service 'claude' in compose.yaml shares the host's namespace with network_mode: host",
	}
}

test_hardened_agent_container_passes if {
	dc := agent_dc({
		"run_args": ["--cap-drop=ALL", "--security-opt", "no-new-privileges", "--network=none"],
		"network": "none", "cap_drop": ["ALL"], "security_opt": ["no-new-privileges"],
	})
	found(facts("confidential", [claude], {"devcontainers": [dc]}, {})) == set()
}

test_agent_containers_are_recognised_by_what_they_run if {
	privileged := {"privileged": true, "features": []}
	by_flag := devcontainer(object.union(privileged, {"agent_flags": [{"flag": "--yolo", "line": 9}]}))
	by_command := devcontainer(object.union(privileged, {"commands": [{"hook": "postCreateCommand", "name": null, "command": "npm i -g @openai/codex", "truncated": false, "line": 9}]}))
	by_name := devcontainer(object.union(privileged, {"name": "Claude sandbox"}))
	by_path := devcontainer(object.union(privileged, {"path": ".devcontainer/agent/devcontainer.json"}))
	by_dockerfile := devcontainer(object.union(privileged, {"dockerfile_path": ".devcontainer/Dockerfile"}))
	dockerfile := {"path": ".devcontainer/Dockerfile", "devcontainer": true, "mentions": ["claude"]}
	found(facts("public", [], {"devcontainers": [by_flag]}, {})) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 5}]}
	found(facts("public", [], {"devcontainers": [by_command]}, {})) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 5}]}
	found(facts("public", [], {"devcontainers": [by_name]}, {})) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 5}]}
	found(facts("public", [], {"devcontainers": [by_path]}, {})) == {["AIP331", {"path": ".devcontainer/agent/devcontainer.json", "line": 5}]}
	found(facts("public", [], {"devcontainers": [by_dockerfile], "dockerfiles": [dockerfile]}, {})) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 5}]}
}

test_other_dev_containers_are_judged_only_when_a_sandbox_is_required if {
	dc := devcontainer({"privileged": true, "commands": [firewall]})
	found(facts("internal", [claude], {"devcontainers": [dc]}, {})) == set()
	found(facts("confidential", [], {"devcontainers": [dc]}, {})) == set()
	found(facts("confidential", [claude], {"devcontainers": [dc]}, {})) == {["AIP331", {"path": ".devcontainer/devcontainer.json", "line": 5}]}
}

test_non_agent_compose_services_are_not_judged if {
	svc := service({"service": "db", "mentions": [], "privileged": true, "volumes": ["/var/run/docker.sock:/var/run/docker.sock"]})
	found(facts("confidential", [claude], {"compose_services": [svc]}, {"claude_code": [{"path": ".claude/settings.json", "sandbox": {"line": 3, "enabled": {"value": true, "line": 4}}}]})) == set()
}

test_facts_without_sandbox_sections_raise_only_the_missing_sandbox if {
	inp := {"manifest": {"present": true, "classification": "confidential"}, "repository": {"remote": null}, "assistants": [claude]}
	found(inp) == {["AIP330", {"path": "."}]}
}
