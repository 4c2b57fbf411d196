"""The main job end to end: `tlsconform run` over every built backend, and its reports."""

import fnmatch
import json
import re
import xml.etree.ElementTree as ElementTree

from conftest import CLEAN_VERDICTS, load_report, run_cli

FIXTURE = r"(?P<version>tls1\.[23])/(?P<fixture>[a-z0-9-]+::[a-z0-9._-]+)"
CASE_IDS = {
    "server": re.compile(rf"^server/(?P<backend>[a-z0-9]+)/(?P<config>defaults|enforcing)/{FIXTURE}$"),
    "client": re.compile(rf"^client/(?P<backend>[a-z0-9]+)/{FIXTURE}$"),
    "interop": re.compile(rf"^interop/(?P<backend>[a-z0-9]+)/(?P<peer>[a-z0-9]+)/{FIXTURE}$"),
}


def test_full_run_exits_clean_and_writes_three_reports(full_run):
    completed, out = full_run
    assert completed.returncode == 0, completed.stdout + completed.stderr
    for name in ("report.json", "junit.xml", "summary.md"):
        assert (out / name).is_file(), name
    assert not (out / "report.partial.json").exists()
    # The summary table is printed on stdout.
    assert "role/backend" in completed.stdout
    assert "server/openssl" in completed.stdout


def test_every_case_has_a_clean_verdict(full_run):
    _, out = full_run
    report = load_report(out)
    assert report["schema"] == "tlsconform-report"
    assert report["schema_version"] == 2
    assert report["server_configurations"] == ["defaults", "enforcing"]
    assert report["complete"] is True and report["status"] == "complete"
    bad = [(c["id"], c["verdict"], c["detail"]) for c in report["cases"]
           if c["verdict"] not in CLEAN_VERDICTS]
    assert bad == []


def test_case_ids_read_role_sides_configuration_version_fixture(full_run):
    _, out = full_run
    report = load_report(out)
    roles = set()
    for case in report["cases"]:
        roles.add(case["role"])
        match = CASE_IDS[case["role"]].match(case["id"])
        assert match, case["id"]
        parts = match.groupdict()
        assert (case["backend"], case["version"], case["fixture"]) == (
            parts["backend"], parts["version"], parts["fixture"])
        assert case["server_config"] == parts.get("config", "defaults"), case["id"]
        if case["role"] == "interop":
            assert case["peer"] == parts["peer"], case["id"]
        else:
            assert case["peer"] == report["reference_backend"], case["id"]
    assert roles == {"server", "client", "interop"}


def test_every_fixture_runs_under_both_versions_in_the_server_role(full_run, fixture_set):
    _, out = full_run
    report = load_report(out)
    manifest = json.loads((fixture_set / "manifest.json").read_text())
    ids = {c["id"] for c in report["cases"]}
    for backend in (b["name"] for b in report["backends"]):
        for fixture in manifest["fixtures"]:
            for version in ("tls1.2", "tls1.3"):
                for config in ("defaults", "enforcing"):
                    assert f"server/{backend}/{config}/{version}/{fixture['id']}" in ids
                if fixture["expect"]["verdict"] == "ACCEPT":
                    assert f"client/{backend}/{version}/{fixture['id']}" in ids


def test_interop_matrix_pairs_every_backend_with_every_backend(full_run, fixture_set):
    _, out = full_run
    report = load_report(out)
    manifest = json.loads((fixture_set / "manifest.json").read_text())
    ids = {c["id"] for c in report["cases"]}
    names = [b["name"] for b in report["backends"]]
    for client in names:
        for server in names:
            for fixture in manifest["fixtures"]:
                assert f"interop/{client}/{server}/tls1.2/{fixture['id']}" in ids


def test_both_bundled_backends_are_built_and_run(full_run):
    _, out = full_run
    names = {b["name"] for b in load_report(out)["backends"]}
    assert {"openssl", "boringssl"} <= names


def test_valid_fixtures_record_the_negotiated_parameters(full_run):
    _, out = full_run
    for case in load_report(out)["cases"]:
        if case["verdict"] != "PASS" or case["observed"] != "ACCEPT":
            continue
        server = case["server"]["result"]
        assert server["version"] == case["version"], case["id"]
        assert server["cipher"], case["id"]
        if case["server"]["backend"] == "wolfssl" and case["version"] == "tls1.3":
            # wolfSSL 5.5 cannot see the client's TLS 1.3 CertificateVerify scheme
            # (harness/backends/wolfssl/README.md): it must say so with null, not guess.
            assert server["signature_scheme"] is None, case["id"]
        else:
            assert server["signature_scheme"], case["id"]
        assert server["peer_certificate"]["verified"] is True, case["id"]


def test_rejections_carry_a_normalized_reason_and_an_alert(full_run):
    _, out = full_run
    reasons = {"untrusted_issuer", "expired", "not_yet_valid", "bad_signature",
               "unsupported_algorithm", "weak_key", "key_usage", "revoked", "key_mismatch",
               "no_certificate", "protocol", "other"}
    for case in load_report(out)["cases"]:
        if case["observed"] != "REJECT":
            continue
        assert case["reason"] in reasons, (case["id"], case["reason"])
        if case["role"] == "server":
            # The rejection is the server's (the library under test): it names its reason.
            assert case["server"]["result"]["reason"] in reasons, case["id"]


def test_expired_certificate_is_rejected_as_expired_by_openssl(full_run):
    _, out = full_run
    cases = {c["id"]: c for c in load_report(out)["cases"]}
    for version in ("tls1.2", "tls1.3"):
        case = cases[f"server/openssl/defaults/{version}/validity::expired"]
        assert case["observed"] == "REJECT"
        assert case["reason"] == "expired"
        assert "fatal:certificate_expired" in case["server"]["result"]["alerts"]["sent"]


def test_known_deviations_match_a_baseline_entry_with_a_reason(full_run):
    _, out = full_run
    report = load_report(out)
    summary = (out / "summary.md").read_text()
    for case in report["cases"]:
        if case["verdict"] == "KNOWN":
            assert case["baseline"]["reason"], case["id"]
            assert f"`{case['id']}`" in summary


def test_junit_lists_every_case(full_run):
    _, out = full_run
    report = load_report(out)
    root = ElementTree.parse(out / "junit.xml").getroot()
    testcases = root.findall("./testsuite/testcase")
    assert len(testcases) == len(report["cases"])
    failures = root.findall("./testsuite/testcase/failure")
    assert failures == []


def test_filter_selects_matching_cases_only(fixture_set, tmp_path):
    glob = "server/openssl/defaults/tls1.2/sig::*"
    run_cli("run", "--fixtures", fixture_set, "--out", tmp_path, "--backend", "openssl",
            "--filter", glob, check=0)
    ids = [c["id"] for c in load_report(tmp_path)["cases"]]
    assert ids and all(fnmatch.fnmatchcase(i, glob) for i in ids)


def test_list_prints_the_plan_without_running(tmp_path):
    completed = run_cli("list", "--backend", "boringssl", "--filter", "client/*", check=0)
    lines = completed.stdout.split()
    assert lines and all(line.startswith("client/boringssl/") for line in lines)


def test_last_out_wins_so_run_sh_default_can_be_overridden(fixture_set, tmp_path):
    first, last = tmp_path / "first", tmp_path / "last"
    run_cli("run", "--fixtures", fixture_set, "--out", first, "--backend", "openssl",
            "--filter", "client/*/tls1.2/key::*", "--out", last, check=0)
    assert (last / "report.json").is_file()
    assert not first.exists()


def test_findings_compare_the_libraries_of_a_complete_run(full_run, tmp_path):
    _, out = full_run
    report = load_report(out)
    target = tmp_path / "FINDINGS.md"
    run_cli("findings", out / "report.json", "--output", target, check=0)
    text = target.read_text()
    for backend in report["backends"]:
        assert f"- `{backend['name']}`: {backend['library']}" in text
    # Every fixture of the run has its row, and every KNOWN server-role deviation its "!".
    for case in report["cases"]:
        assert f"| `{case['fixture']}` |" in text, case["fixture"]
    assert "## Where the libraries disagree" in text


def test_findings_refuse_a_partial_report(tmp_path, full_run):
    _, out = full_run
    report = json.loads((out / "report.json").read_text())
    report["complete"], report["status"] = False, "interrupted"
    (tmp_path / "report.json").write_text(json.dumps(report))
    completed = run_cli("findings", tmp_path / "report.json", check=2)
    assert "complete, unsharded run" in completed.stderr
