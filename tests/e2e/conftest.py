"""Shared set-up of the end-to-end tests: the built CLI, one fixture set, one full run."""

import json
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(
    os.environ.get("TLSCONFORM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BIN = pathlib.Path(os.environ.get("TLSCONFORM_BIN", SOURCE_DIR / "build" / "bin" / "tlsconform"))

# Every case of a full run must end in one of these: a deviation of a library is KNOWN
# (baselined), never a FAIL, and nothing may crash, hang or break the harness.
CLEAN_VERDICTS = {"PASS", "KNOWN", "INFO", "SKIP"}


def run_cli(*args, check=None, timeout=900, env=None):
    """Runs the tlsconform CLI; returns the CompletedProcess (text mode)."""
    completed = subprocess.run(
        [str(BIN), *map(str, args)], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})})
    if check is not None:
        assert completed.returncode == check, (
            f"exit {completed.returncode}, expected {check}\n"
            f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
    return completed


def load_report(out_dir):
    return json.loads((pathlib.Path(out_dir) / "report.json").read_text())


@pytest.fixture(scope="session")
def fixture_set(tmp_path_factory):
    """One generated fixture set shared by every test."""
    out = tmp_path_factory.mktemp("fixtures") / "set"
    run_cli("fixtures", "--out", out, check=0)
    return out


@pytest.fixture(scope="session")
def full_run(tmp_path_factory, fixture_set):
    """The default suite against every built backend: the README's main job."""
    out = tmp_path_factory.mktemp("full-run")
    completed = run_cli("run", "--fixtures", fixture_set, "--out", out)
    return completed, out
