"""A crashing or hanging library costs one case, never the run; an interrupted run leaves
no report that looks complete."""

import json
import os
import signal
import subprocess
import time

from conftest import BIN, SOURCE_DIR, load_report, run_cli

TARGET = "server/boringssl/defaults/tls1.2/sig::ecdsa-sha256"


def fast_suite(tmp_path):
    """The default suite with a short case limit, so a hang costs seconds, not ten."""
    text = (SOURCE_DIR / "suites" / "default.toml").read_text()
    text = text.replace("case_timeout_ms = 10000", "case_timeout_ms = 3000")
    suite = tmp_path / "suite.toml"
    suite.write_text(text)
    return suite


def run_with_fault(fixture_set, tmp_path, fault):
    return run_cli("--suite", fast_suite(tmp_path), "run", "--fixtures", fixture_set,
                   "--out", tmp_path / "out", "--backend", "boringssl",
                   "--filter", "server/boringssl/defaults/tls1.2/sig::*",
                   env={"TLSCONFORM_SHIM_FAULT": fault})


def test_crashing_shim_costs_one_case(fixture_set, tmp_path):
    completed = run_with_fault(fixture_set, tmp_path, f"crash:{TARGET}")
    assert completed.returncode == 1, completed.stderr
    cases = {c["id"]: c for c in load_report(tmp_path / "out")["cases"]}
    assert cases[TARGET]["verdict"] == "CRASH"
    assert "SIGABRT" in cases[TARGET]["detail"]
    others = [c for i, c in cases.items() if i != TARGET]
    assert len(others) >= 5
    assert all(c["verdict"] in {"PASS", "KNOWN"} for c in others), others


def test_hanging_shim_is_a_timeout(fixture_set, tmp_path):
    completed = run_with_fault(fixture_set, tmp_path, f"hang:{TARGET}")
    assert completed.returncode == 1, completed.stderr
    cases = {c["id"]: c for c in load_report(tmp_path / "out")["cases"]}
    assert cases[TARGET]["verdict"] == "TIMEOUT"
    assert all(c["verdict"] in {"PASS", "KNOWN"} for i, c in cases.items() if i != TARGET)


def test_interrupted_run_leaves_only_a_partial_report(fixture_set, tmp_path):
    out = tmp_path / "out"
    # Every case hangs, so the run is surely still going when it is interrupted.
    process = subprocess.Popen(
        [str(BIN), "--suite", str(fast_suite(tmp_path)), "run", "--fixtures", str(fixture_set),
         "--out", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TLSCONFORM_SHIM_FAULT": "hang:*"})
    time.sleep(2)  # set-up takes well under a second with a generated fixture set
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert not (out / "report.json").exists()
    assert not (out / "junit.xml").exists()
    assert not (out / "summary.md").exists()
    partial = json.loads((out / "report.partial.json").read_text())
    assert partial["complete"] is False and partial["status"] == "interrupted"


def test_interrupted_run_keeps_an_earlier_complete_report(fixture_set, tmp_path):
    out = tmp_path / "out"
    run_cli("run", "--fixtures", fixture_set, "--out", out, "--backend", "openssl",
            "--filter", "server/openssl/defaults/tls1.3/key::*", check=0)
    before = (out / "report.json").read_text()
    process = subprocess.Popen(
        [str(BIN), "--suite", str(fast_suite(tmp_path)), "run", "--fixtures", str(fixture_set),
         "--out", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TLSCONFORM_SHIM_FAULT": "hang:*"})
    time.sleep(2)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert process.returncode == 130
    assert (out / "report.json").read_text() == before
    assert json.loads((out / "report.partial.json").read_text())["complete"] is False
