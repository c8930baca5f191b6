"""The SARIF report: valid SARIF 2.1.0, rules carry their taxonomies, nothing the
repository controls escapes its plain-text slot."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aipolicy.core import check
from aipolicy.report.sarif import SarifReporter, artifact_uri, plain
from tests.conftest import NOW, ROOT

SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "fixtures" / "tool-schemas" / "sarif-schema-2.1.0.json").read_text()
)


def sarif_of(repo: Path, policy: Any, **kwargs: Any) -> dict[str, Any]:
    result = check(repo, policy, now=NOW, **kwargs)
    document: dict[str, Any] = json.loads(SarifReporter().render(result))
    return document


def assert_valid_sarif(document: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert problems == []


def git_repo(path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "add", "-A"], check=True)
    return path


@pytest.mark.parametrize(
    "repo",
    ["examples/shadow-ai-service", "examples/docs-site", "tests/fixtures/repos/ciinj-issue-title"],
)
def test_reports_are_valid_sarif_2_1_0(repo: str, current_policy: Any) -> None:
    assert_valid_sarif(sarif_of(ROOT / repo, current_policy))


def test_every_rule_links_its_cwe_and_owasp_ids_to_the_run_taxonomies(
    current_policy: Any,
) -> None:
    run = sarif_of(ROOT / "tests/fixtures/repos/ciinj-issue-title", current_policy)["runs"][0]
    taxonomies = run["taxonomies"]
    assert [t["name"] for t in taxonomies] == ["CWE", "OWASP-LLM-Top-10", "OWASP-Agentic-Top-10"]
    assert [s["index"] for s in run["tool"]["driver"]["supportedTaxonomies"]] == [0, 1, 2]
    rules = run["tool"]["driver"]["rules"]
    assert rules, "the fixture must produce findings"
    for rule in rules:
        props = rule["properties"]
        assert props["cwe"] and props["owasp"] and props["evidence"], rule["id"]
        targets = {
            (r["target"]["toolComponent"]["index"], r["target"]["id"])
            for r in rule["relationships"]
        }
        expected = {(0, cwe.removeprefix("CWE-")) for cwe in props["cwe"]} | {
            (1 if o.startswith("LLM") else 2, o) for o in props["owasp"]
        }
        assert targets == expected, rule["id"]
        for index, taxon in targets:
            assert {"id": taxon} in [{"id": t["id"]} for t in taxonomies[index]["taxa"]], (
                rule["id"],
                taxon,
            )
        assert {f"external/cwe/{c.lower()}" for c in props["cwe"]} <= set(props["tags"])


def test_rule_metadata_matches_the_rego_annotations(current_policy: Any, opa: Any) -> None:
    inspected = subprocess.run(
        [opa.path, "inspect", "--annotations", "--format", "json", str(ROOT / "policies")],
        check=True,
        capture_output=True,
        text=True,
    )
    meta = {
        a["annotations"]["custom"]["id"]: a["annotations"]
        for a in json.loads(inspected.stdout)["annotations"]
        if a["annotations"].get("scope") == "rule"
    }
    run = sarif_of(ROOT / "examples/shadow-ai-service", current_policy)["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        custom = meta[rule["id"]]["custom"]

        def as_list(value: Any) -> list[Any]:
            return value if isinstance(value, list) else [value]

        assert rule["shortDescription"]["text"] == meta[rule["id"]]["title"]
        assert rule["properties"]["cwe"] == as_list(custom["cwe"])
        assert rule["properties"]["owasp"] == as_list(custom["owasp"])
        assert rule["properties"]["evidence"] == as_list(custom["evidence"])
        assert rule["properties"]["severity"] == custom["severity"]


def test_results_point_at_file_and_line_with_levels_from_severity(current_policy: Any) -> None:
    run = sarif_of(ROOT / "examples/shadow-ai-service", current_policy)["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    windsurf = by_rule["AIP010"]
    assert windsurf["level"] == "error"
    assert windsurf["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".windsurfrules", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert run["properties"]["verdict"] == "fail"
    assert windsurf["properties"]["failsGate"] is True
    assert windsurf["properties"]["repositoryLevel"] is False


def test_every_result_has_a_physical_location_repository_level_ones_at_the_manifest(
    current_policy: Any,
) -> None:
    run = sarif_of(ROOT / "examples/shadow-ai-service", current_policy)["runs"][0]
    for result in run["results"]:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    codeowners = next(r for r in run["results"] if r["ruleId"] == "AIP300")
    assert codeowners["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".aipolicy.yaml", "uriBaseId": "%SRCROOT%"}
    }
    assert codeowners["properties"]["repositoryLevel"] is True


def test_waived_findings_are_results_with_an_accepted_suppression(
    tmp_path: Path, current_policy: Any
) -> None:
    repo = git_repo(
        tmp_path / "portal",
        {
            ".aipolicy.yaml": "version: 1\nproject: {id: portal, name: Portal, owner: web}\n"
            "classification: confidential\nkind: service\nassistants: [cursor]\n",
            ".cursor/rules/style.mdc": "Use tabs.\n",
        },
    )
    document = sarif_of(repo, current_policy, repository="github.com/example-corp/customer-portal")
    assert_valid_sarif(document)
    waived = [r for r in document["runs"][0]["results"] if r["ruleId"] == "AIP011"]
    assert len(waived) == 1
    assert waived[0]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Cursor pilot for the portal team, under the data processing "
            "addendum of 2026-10. (approved by ciso@example.com, expires 2027-03-31)",
        }
    ]
    assert waived[0]["properties"]["failsGate"] is False


def test_hostile_paths_and_messages_stay_plain_text(tmp_path: Path, current_policy: Any) -> None:
    hostile_dir = "keys [click](0) \x1b[31m\u202e%41#frag"
    repo = git_repo(tmp_path / "hostile", {f"{hostile_dir}/id_rsa": "not a key\n"})
    document = sarif_of(repo, current_policy)
    assert_valid_sarif(document)
    results = [
        r
        for r in document["runs"][0]["results"]
        if "keys" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    ]
    assert results, "the id_rsa file must be reported"
    for result in results:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("keys%20%5Bclick%5D%280%29%20%1B%5B31m%E2%80%AE%2541%23frag/")
        text = result["message"]["text"]
        assert "\x1b" not in text and "\u202e" not in text
        assert re.search(r"(?<!\\)[\[\]]", text) is None, text
        assert "\\[click\\](0)" in text


def test_plain_text_escaping() -> None:
    assert plain("see [here](1)") == "see \\[here\\](1)"
    assert plain("bell\x07 rtl\u202e") == "bell\\x07 rtl\\u{202e}"
    assert artifact_uri("/etc/passwd") == "etc/passwd"
    assert artifact_uri("a b/ü.txt") == "a%20b/%C3%BC.txt"
    assert artifact_uri(".") == "."
