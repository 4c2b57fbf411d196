"""`tlsconform diff`: two real runs, one without baselines, differ in exactly the cases the
baselines made KNOWN."""

import json

import pytest

from conftest import load_report, run_cli

SELECTION = ["--backend", "boringssl", "--filter", "server/*"]


@pytest.fixture(scope="module")
def runs(fixture_set, tmp_path_factory):
    """The same selection with the repository's baselines (old) and with none (new)."""
    root = tmp_path_factory.mktemp("diff")
    (root / "no-baselines").mkdir()
    run_cli("run", "--fixtures", fixture_set, "--out", root / "old", *SELECTION, check=0)
    run_cli("--baselines", root / "no-baselines", "run", "--fixtures", fixture_set,
            "--out", root / "new", *SELECTION, check=1)
    return root


def _changed_rows(markdown):
    """The case ids and cells of the "Changed cases" table of a Markdown diff."""
    rows, inside = {}, False
    for line in markdown.splitlines():
        if line.startswith("## "):
            inside = line.startswith("## Changed cases")
        elif inside and line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_diff_lists_exactly_the_cases_the_baselines_made_known(runs):
    old, new = load_report(runs / "old"), load_report(runs / "new")
    known = {c["id"] for c in old["cases"] if c["verdict"] == "KNOWN"}
    assert known, "the BoringSSL baseline should make some server cases KNOWN"
    assert known == {c["id"] for c in new["cases"] if c["verdict"] == "FAIL"}

    completed = run_cli("diff", runs / "old" / "report.json", runs / "new" / "report.json",
                        check=1)

    rows = _changed_rows(completed.stdout)
    assert set(rows) == known
    for cells in rows.values():
        requirement, verdict, observed, reason = cells
        assert verdict == "KNOWN → FAIL"
        assert "→" not in observed and "→" not in reason  # only the verdict changed
    assert f"{len(known)} changed, 0 added, 0 removed." in completed.stdout
    assert "## Added" not in completed.stdout and "## Removed" not in completed.stdout


def test_same_report_is_no_change(runs):
    completed = run_cli("diff", runs / "old", runs / "old", check=0)
    assert "No case changed." in completed.stdout


def test_html_to_a_file_is_self_contained(runs, tmp_path):
    out = tmp_path / "diff.html"
    completed = run_cli("diff", runs / "old", runs / "new", "--format", "html", "--output", out,
                        check=1)

    assert completed.stdout == ""
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "http" not in page and "<link" not in page
    for case in load_report(runs / "old")["cases"]:
        if case["verdict"] == "KNOWN":
            assert f"<code>{case['id']}</code>" in page
    assert "KNOWN → FAIL" in page


def test_added_and_removed_cases_and_library_change(runs, tmp_path):
    report = json.loads((runs / "old" / "report.json").read_text())
    removed = report["cases"].pop(0)
    report["totals"][removed["verdict"]] -= 1
    report["totals"]["total"] -= 1
    report["totals"]["reason_differs"] -= int(removed["reason_differs"])
    report["backends"][0]["library"] = "BoringSSL (next)"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(report))

    removal = run_cli("diff", runs / "old", edited, check=1)
    addition = run_cli("diff", edited, runs / "old", check=1)

    assert "## Removed cases (1)" in removal.stdout and removed["id"] in removal.stdout
    assert "## Added cases (1)" in addition.stdout and removed["id"] in addition.stdout
    assert "BoringSSL (next)" in removal.stdout


@pytest.mark.parametrize("content, named", [
    (None, "no such file"),
    ("[1, 2", "not JSON"),
    (json.dumps({"schema": "tlsconform-report", "schema_version": 2}), "tool_version: missing"),
], ids=["missing", "not-json", "missing-field"])
def test_bad_input_is_named(runs, tmp_path, content, named):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content)
    completed = run_cli("diff", runs / "old", path, check=2)
    assert f"{path}: " in completed.stderr and named in completed.stderr
    assert completed.stdout == ""


def test_unknown_format_is_a_usage_error(runs):
    run_cli("diff", runs / "old", runs / "new", "--format", "pdf", check=2)
