"""The CI gate on the per-backend baselines, baseline updates, tiers and output modes."""

import shutil

from conftest import SOURCE_DIR, load_report, run_cli

STALE_ENTRY = """
[[deviation]]
case = "server/openssl/*/key::rsa2048"
observed = "REJECT"
reason = "an entry for a deviation that does not happen"
"""


def baselines_copy(tmp_path):
    copy = tmp_path / "baselines"
    shutil.copytree(SOURCE_DIR / "baselines", copy)
    return copy


def test_stale_entry_fails_only_the_gate(fixture_set, tmp_path):
    baselines = baselines_copy(tmp_path)
    (baselines / "openssl.toml").write_text('backend = "openssl"\n' + STALE_ENTRY)
    args = ["--baselines", baselines, "run", "--fixtures", fixture_set, "--out", tmp_path / "o",
            "--tier", "smoke"]

    plain = run_cli(*args, check=0)
    gated = run_cli(*args, "--gate", check=1)

    assert "STALE" in plain.stdout and "STALE" in gated.stdout
    report = load_report(tmp_path / "o")
    assert report["gate"] is True
    assert [e["case"] for e in report["stale_baseline"]] == ["server/openssl/*/key::rsa2048"]
    assert "Stale baseline entries (1)" in (tmp_path / "o" / "summary.md").read_text()


def test_new_deviation_fails_the_gate(fixture_set, tmp_path):
    empty = tmp_path / "empty-baselines"
    empty.mkdir()
    run_cli("--baselines", empty, "run", "--fixtures", fixture_set, "--out", tmp_path / "o",
            "--backend", "boringssl", "--tier", "smoke", "--gate", check=1)
    report = load_report(tmp_path / "o")
    assert {c["verdict"] for c in report["cases"]} >= {"FAIL"}


def test_clean_run_passes_the_gate(fixture_set, tmp_path):
    run_cli("run", "--fixtures", fixture_set, "--out", tmp_path / "o", "--gate", check=0)


def test_update_baseline_records_new_and_drops_stale_keeping_reasons(fixture_set, tmp_path):
    baselines = baselines_copy(tmp_path)
    kept = (baselines / "boringssl.toml").read_text()
    # One existing entry is removed (its deviation becomes new), one stale one is added.
    (baselines / "openssl.toml").write_text('backend = "openssl"\n' + STALE_ENTRY)
    (baselines / "boringssl.toml").write_text(
        kept.replace('case = "server/boringssl/defaults/*/key::rsa1024"',
                     'case = "server/boringssl/defaults/tls1.2/no-such::case"'))

    run_cli("--baselines", baselines, "run", "--fixtures", fixture_set, "--out", tmp_path / "o",
            "--update-baseline", check=0)

    openssl = (baselines / "openssl.toml").read_text()
    boringssl = (baselines / "boringssl.toml").read_text()
    assert "key::rsa2048" not in openssl
    assert "server/boringssl/defaults/tls1.3/key::rsa1024" in boringssl  # the new deviation, exact id
    assert "no-such::case" in boringssl  # not judged by this run: kept
    assert "BoringSSL's X.509 verifier still accepts sha1WithRSAEncryption" in boringssl
    assert all(c["verdict"] != "FAIL" for c in load_report(tmp_path / "o")["cases"])
    # The rewritten baselines gate the same run clean.
    run_cli("--baselines", baselines, "run", "--fixtures", fixture_set, "--out", tmp_path / "o2",
            "--gate", check=0)


def test_smoke_tier_covers_every_family_and_backend_both_ways(fixture_set, full_run, tmp_path):
    run_cli("run", "--fixtures", fixture_set, "--out", tmp_path, "--tier", "smoke", check=0)
    smoke = load_report(tmp_path)
    full = load_report(full_run[1])
    assert smoke["tier"] == "smoke"
    assert len(smoke["cases"]) < len(full["cases"])
    covered = {(c["role"], c["backend"], c["family"], c["expected"]["verdict"])
               for c in smoke["cases"]}
    wanted = {(c["role"], c["backend"], c["family"], c["expected"]["verdict"])
              for c in full["cases"]}
    assert covered == wanted


def test_quiet_prints_no_table_and_verbose_a_line_per_case(fixture_set, tmp_path):
    quiet = run_cli("run", "--fixtures", fixture_set, "--out", tmp_path / "q", "--tier", "smoke",
                    "--quiet", check=0)
    verbose = run_cli("run", "--fixtures", fixture_set, "--out", tmp_path / "v", "--tier",
                      "smoke", "--verbose", check=0)
    assert "role/backend" not in quiet.stdout and quiet.stderr == ""
    cases = load_report(tmp_path / "v")["cases"]
    for case in cases:
        assert case["id"] in verbose.stderr
    run_cli("run", "--quiet", "--verbose", check=2)
