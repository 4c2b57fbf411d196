"""Shared set-up of the end-to-end tests: the built CLI, one fixture set, one full run."""

import functools
import json
import os
import pathlib
import subprocess

import jsonschema
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


SCHEMA_PATH = SOURCE_DIR / "reports" / "report.schema.json"


@functools.cache
def report_validator():
    """The JSON Schema of report.json (draft 2020-12), itself checked once."""
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_error(report):
    """The most relevant violation of the report.json schema as "path: message", or None."""
    error = jsonschema.exceptions.best_match(report_validator().iter_errors(report))
    if error is None:
        return None
    path = "/".join(map(str, error.absolute_path)) or "(top level)"
    return f"{path}: {error.message[:500]}"


def load_report(out_dir):
    """Reads OUT_DIR/report.json; a report that breaks reports/report.schema.json fails the
    test, so every report an end-to-end test reads is checked against the schema."""
    path = pathlib.Path(out_dir) / "report.json"
    report = json.loads(path.read_text())
    error = schema_error(report)
    if error is not None:
        pytest.fail(f"{path} does not match {SCHEMA_PATH.name}: {error}")
    return report


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
