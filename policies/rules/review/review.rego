# METADATA
# title: Human review
# description: |
#   Code written with AI assistants must reach a human reviewer who owns it. From the
#   classification on which the org data requires the `review` control, a repository
#   where assistants are in use needs a CODEOWNERS file whose catch-all rule names an
#   owner, and a pull request template. Whether branch protection actually requires
#   code-owner review is a server-side setting and is not visible in the repository.
package aipolicy.rules.review

import data.aipolicy.lib.findings
import data.aipolicy.lib.project

# Review is required and AI assistance is in use (a prohibited project is left to the
# eligibility rule: there the assistants must go, not be reviewed).
_applies if {
	project.control_required("review")
	count(project.in_use) > 0
	project.ai_assistance != "prohibited"
}

_codeowners := input.review.codeowners

_assistants := concat(", ", sort([a.tool | some a in project.in_use]))

# METADATA
# title: No CODEOWNERS file
# description: |
#   AI assistants are in use and the organisation requires human review for this
#   classification, but the repository has no CODEOWNERS file (.github/CODEOWNERS,
#   CODEOWNERS, docs/CODEOWNERS or .gitlab/CODEOWNERS), so no change is routed to an
#   accountable owner for review.
# custom:
#   id: AIP300
#   severity: high
#   cwe: [CWE-1426]
#   owasp: [LLM09:2025]
#   evidence:
#     - https://docs.github.com/articles/about-codeowners (verified 2026-11-25)
#   remediation: |
#     Add a CODEOWNERS file (e.g. .github/CODEOWNERS) whose first rule `* @org/team`
#     names the owning team, and require code-owner review in branch protection.
#   risk: AI-generated changes merged without review by anyone accountable for the code.
violations contains findings.finding(rego.metadata.rule(), message, {"path": "."}) if {
	_applies
	not _codeowners.present
	message := concat("", [
		"No CODEOWNERS file, but AI assistants are in use (", _assistants,
		") and human review is required for '", project.effective_class, "' projects",
	])
}

# METADATA
# title: CODEOWNERS without a catch-all owner
# description: |
#   The CODEOWNERS file has no rule matching every file (`*`, `**`, `/**`, `**/*`,
#   `/**/*`), or its last such rule names no owner, so some files (new ones in
#   particular) have no code owner and changes to them need no owner's review.
# custom:
#   id: AIP301
#   severity: medium
#   cwe: [CWE-1426]
#   owasp: [LLM09:2025]
#   evidence:
#     - https://docs.github.com/articles/about-codeowners (verified 2026-11-25)
#   remediation: |
#     Add a catch-all rule such as `* @org/team` as the first rule of CODEOWNERS (later,
#     more specific rules override it), and do not end with an ownerless `*` rule.
#   risk: AI-generated changes to unowned files merged without an accountable reviewer.
violations contains findings.finding(rego.metadata.rule(), _catch_all_gap.message, _catch_all_gap.location) if {
	_applies
	_codeowners.present
}

# What is missing about the catch-all rule, when something is.
_catch_all_gap := {
	"message": concat("", [_codeowners.path, " has no catch-all rule (such as `* @org/team`) naming an owner for every file"]),
	"location": {"path": _codeowners.path},
} if {
	_codeowners.catch_all_owners == null
}

_catch_all_gap := {
	"message": concat("", [_codeowners.path, "'s last catch-all rule names no owner, leaving files unowned"]),
	"location": {"path": _codeowners.path, "line": _codeowners.catch_all_line},
} if {
	_codeowners.catch_all_owners == []
}

# METADATA
# title: No pull request template
# description: |
#   AI assistants are in use and human review is required, but the repository has no
#   pull request (or GitLab merge request) template to prompt authors to state what was
#   AI-generated and how it was checked.
# custom:
#   id: AIP302
#   severity: low
#   cwe: [CWE-1426]
#   owasp: [LLM09:2025]
#   evidence:
#     - https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/creating-a-pull-request-template-for-your-repository (not verified)
#   remediation: |
#     Add .github/pull_request_template.md (or .gitlab/merge_request_templates/Default.md)
#     with a checklist: AI assistance used, tests added, reviewer guidance.
#   risk: Reviewers cannot tell which changes were AI-generated and review them less carefully.
violations contains findings.finding(rego.metadata.rule(), message, {"path": "."}) if {
	_applies
	count(input.review.pr_templates) == 0
	message := concat("", [
		"No pull request template, but AI assistants are in use (", _assistants, ")",
	])
}
