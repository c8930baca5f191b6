package aipolicy.rules.ci_injection

# -- AIP213: agent output run by the agent's own script, a later section or a later job --

# Phrases for how a command runs the agent's output (ci.agents[].output_executed[].how).
how_phrase := {
	"eval": "with eval",
	"sh -c": "with sh -c",
	"| sh": "piped into a shell",
	"sh <": "as a shell's input",
	"source": "with source",
	"sh FILE": "as a shell script",
	"./FILE": "as a program",
	"$(...)": "as a command substitution",
	"$VAR": "as a command",
}

# Lines of the job that run what the agent command wrote: its stdout, a file it wrote or
# a variable that captured it (GitHub `run:` and GitLab script sections alike).
script_sinks(a) := [sprintf("line %d runs %s %s", [e.line, what, object.get(how_phrase, e.how, e.how)]) |
	some e in object.get(a, "output_executed", [])
	what := output_name(e.output)
]

output_name("stdout") := "its output"

output_name(o) := o if o != "stdout"

safe_name(name) if regex.match(`^[A-Za-z0-9_-]+$`, name)

# Outputs of the agent's job that carry the agent step's output (`outputs:` entries
# reading `steps.<agent>.outputs`), for later jobs to read as `needs.<job>.outputs.<name>`.
exported_outputs(a) := {name |
	id := agent_step_id(a)
	some name, value in object.get(job_of(a), "outputs", {})
	safe_name(name)
	is_string(value)
	id in step_outputs_read(value)
}

# A later job pastes the exported output into its script.
needs_sinks(a) := [sprintf("job '%s' step %d interpolates ${{ %s }} into its script", [j.id, s.index, e]) |
	safe_name(a.job)
	exported := exported_outputs(a)
	some w in input.ci.workflows
	w.path == a.path
	some j in w.jobs
	j.id != a.job
	some s in j.steps
	is_string(s.run)
	some e in expressions(s.run)
	some name in exported
	reads_job_output(e, a.job, name)
]

# A later job passes the exported output through env to eval, sh -c, source or $(...).
needs_env_sinks(a) := [sprintf("job '%s' step %d runs env %s (the agent's output) as code", [sc.job, s.index, v.name]) |
	safe_name(a.job)
	exported := exported_outputs(a)
	some sc in aw.scopes
	sc.path == a.path
	is_string(sc.job)
	sc.job != a.job
	some s in steps_in_scope(sc)
	is_string(s.run)
	executed := executed_names(s.run)
	some v in sc.env
	v.name in executed
	some e in v.expressions
	some name in exported
	reads_job_output(e, a.job, name)
]

steps_in_scope(sc) := [s |
	some w in input.ci.workflows
	w.path == sc.path
	some j in w.jobs
	j.id == sc.job
	some s in j.steps
	in_step_scope(sc, s)
]

in_step_scope(sc, _) if sc.step == null

in_step_scope(sc, s) if sc.step == s.index

later_sinks(a) := array.concat(script_sinks(a), array.concat(needs_sinks(a), needs_env_sinks(a)))
