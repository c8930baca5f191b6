package aipolicy.rules.ci_injection_references_test

import data.aipolicy.rules.ci_injection

# -- env variables a text references ---------------------------------------------------

test_every_reference_form_is_found if {
	ci_injection.referenced_names("Use $A, ${B}, ${{ env.C }} and %D% here") == {"A", "B", "C", "D"}
}

test_a_longer_name_is_not_the_shorter_one if {
	ci_injection.referenced_names("$AX ${AX} env.AX %AX%") == {"AX"}
	not "A" in ci_injection.referenced_names("$A_ ${A1} env.Ab %Ab%")
}

test_env_context_needs_a_word_boundary_before if {
	ci_injection.referenced_names("xenv.A myenv.B") == set()
	ci_injection.referenced_names("env.A (env.B) .env.C é env.D") == {"A", "B", "C", "D"}
	ci_injection.referenced_names("éenv.E") == {"E"} # é is not an ASCII word character
}

test_env_context_chains_and_adjacent_percents_are_all_found if {
	ci_injection.referenced_names("env.env.A") == {"env", "A"}
	ci_injection.referenced_names("env.myenv.A env.envy") == {"myenv", "envy"}
	ci_injection.referenced_names("%A%B%") == {"A", "B"}
	ci_injection.referenced_names("%A %B") == set()
}

test_a_dollar_without_a_name_references_nothing if {
	ci_injection.referenced_names("$ ${ $1 $$ ${{ github.event.issue.title }} % %%") == set()
	ci_injection.referenced_names("$$A ${{A") == {"A"}
}

# -- env variables a script runs as code -----------------------------------------------

test_variables_after_a_code_trigger_on_the_same_line_are_executed if {
	ci_injection.executed_names("eval \"$A\"") == {"A"}
	ci_injection.executed_names("bash -c \"$B\"\nzsh   -c ${C}\nsh -c x$D") == {"B", "C", "D"}
	ci_injection.executed_names("source $E\nx=$(echo $F)") == {"E", "F"}
}

test_every_variable_after_the_first_trigger_is_executed if {
	ci_injection.executed_names("echo $A; eval \"$B $C\"; sh -c $D") == {"B", "C", "D"}
}

test_variables_at_the_start_of_a_line_are_executed if {
	ci_injection.executed_names("$A --flag\n\t ${B} x\necho $C") == {"A", "B"}
}

test_variables_used_as_data_are_not_executed if {
	ci_injection.executed_names("echo \"$A\" >> \"$GITHUB_STEP_SUMMARY\"") == set()
	ci_injection.executed_names("eval true\necho $A") == set()
	ci_injection.executed_names("evaluate $A; resource $B; bash -cx $C; bash-c $D; $ (E)") == set()
}

test_word_boundaries_hold_for_executed_names if {
	ci_injection.executed_names("eval $AX") == {"AX"}
	ci_injection.executed_names("$AX") == {"AX"}
}

test_sh_and_dash_c_on_separate_lines_still_run_code if {
	ci_injection.executed_names("bash\n-c $A") == {"A"}
	ci_injection.executed_names("echo x; sh  \n \n  -c \"$B\"") == {"B"}
	ci_injection.executed_names("push\n-c $C") == set()
	ci_injection.executed_names("bash\nx\n-c $D") == set()
}

# -- step and job outputs --------------------------------------------------------------

test_step_outputs_read_are_found if {
	ci_injection.step_outputs_read("steps.claude.outputs.result") == {"claude"}
	ci_injection.step_outputs_read("fromJSON(steps.my-agent_2.outputs.x) || steps.b.outputs") == {"my-agent_2", "b"}
}

test_step_outputs_need_boundaries if {
	ci_injection.step_outputs_read("xsteps.a.outputs .steps.b.outputs -steps.c.outputs") == set()
	ci_injection.step_outputs_read("steps.a.outputsx steps.b.output steps.c.d.outputs") == set()
}

test_job_output_read_exactly if {
	ci_injection.reads_job_output("needs.review.outputs.plan", "review", "plan")
	ci_injection.reads_job_output("toJSON(needs.review.outputs.plan)", "review", "plan")
	not ci_injection.reads_job_output("needs.review.outputs.planb", "review", "plan")
	not ci_injection.reads_job_output("needs.reviews.outputs.plan", "review", "plan")
	not ci_injection.reads_job_output("xneeds.review.outputs.plan", "review", "plan")
	not ci_injection.reads_job_output("needs.review.outputs.pla", "review", "plan")
}

# A word boundary falls between a word character and `-`, as in the regex it replaces.
test_job_output_names_with_dashes_follow_word_boundaries if {
	ci_injection.reads_job_output("needs.j.outputs.plan-b", "j", "plan")
	ci_injection.reads_job_output("needs.j.outputs.plan-b", "j", "plan-b")
	ci_injection.reads_job_output("needs.j.outputs.plan-b", "j", "plan-")
	not ci_injection.reads_job_output("needs.j.outputs.plan-", "j", "plan-")
	not ci_injection.reads_job_output("needs.j.outputs.plan--b", "j", "plan-")
}
