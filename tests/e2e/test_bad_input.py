"""Bad input: one clear error naming the entry or path, exit 2, nothing complete-looking."""

import json
import pathlib
import shutil

import pytest

from conftest import SOURCE_DIR, run_cli

CATALOGUE = SOURCE_DIR / "fixtures" / "aws-iot"


def test_unknown_backend_is_named(fixture_set, tmp_path):
    completed = run_cli("run", "--fixtures", fixture_set, "--out", tmp_path,
                        "--backend", "nosuchtls", check=2)
    assert 'unknown backend "nosuchtls"' in completed.stderr
    assert not (tmp_path / "report.json").exists()


def test_missing_fixture_set_is_named(tmp_path):
    missing = tmp_path / "nowhere"
    completed = run_cli("run", "--fixtures", missing, "--out", tmp_path / "out", check=2)
    assert str(missing / "manifest.json") in completed.stderr


def test_unwritable_output_folder_is_named(fixture_set, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    completed = run_cli("run", "--fixtures", fixture_set, "--out", blocker, check=2)
    assert str(blocker) in completed.stderr


def test_changed_fixture_file_is_detected(fixture_set, tmp_path):
    copy = tmp_path / "set"
    shutil.copytree(fixture_set, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    changed = copy / manifest["fixtures"][0]["files"]["chain"]
    changed.write_text(changed.read_text() + "\n")
    completed = run_cli("run", "--fixtures", copy, "--out", tmp_path / "out", check=2)
    assert str(changed) in completed.stderr and "SHA-256" in completed.stderr


@pytest.mark.parametrize("edit, expected", [
    (lambda text: text.replace('verdict = "ACCEPT"', 'verdict = "MAYBE"', 1), "verdict"),
    (lambda text: text + '\n[[fixture]]\nid = "broken"\n', "broken"),
    (lambda text: text + "\n[cert.orphan]\nkey = \"no-such-key\"\n", "orphan"),
    (lambda text: text + "\nthis is not toml\n", "sig.toml"),
], ids=["bad-verdict", "bad-fixture-id", "unknown-key", "toml-syntax"])
def test_malformed_catalogue_entry_is_named(tmp_path, edit, expected):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, catalogue)
    target = catalogue / "sig.toml"
    target.write_text(edit(target.read_text()))
    completed = run_cli("--catalogue", catalogue, "fixtures", "--out", tmp_path / "set", check=2)
    assert "sig.toml" in completed.stderr and expected in completed.stderr
    assert not (tmp_path / "set").exists()


def test_malformed_baseline_is_named(fixture_set, tmp_path):
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    (baselines / "openssl.toml").write_text(
        'backend = "openssl"\n[[deviation]]\ncase = "server/openssl/*"\nobserved = "ACCEPT"\n')
    completed = run_cli("--baselines", baselines, "run", "--fixtures", fixture_set,
                        "--out", tmp_path / "out", "--backend", "openssl", check=2)
    assert "openssl.toml" in completed.stderr and "reason" in completed.stderr


def test_filter_matching_nothing_is_an_error(fixture_set, tmp_path):
    completed = run_cli("run", "--fixtures", fixture_set, "--out", tmp_path,
                        "--filter", "nothing/*", check=2)
    assert "nothing/*" in completed.stderr


def test_unknown_option_is_a_usage_error():
    run_cli("run", "--no-such-option", check=2)
