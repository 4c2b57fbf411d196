"""`run --shard I/N` and `merge`: three shards of a selection, merged, are the unsharded run."""

import json
import shutil

import pytest

from conftest import load_report, run_cli

SELECTION = ["--backend", "openssl", "--filter", "server/*"]
SHARDS = 3


def _run(fixture_set, out, *extra, check=0, env=None):
    return run_cli("run", "--fixtures", fixture_set, "--out", out, *SELECTION, *extra,
                   check=check, env=env)


@pytest.fixture(scope="module")
def runs(fixture_set, tmp_path_factory):
    """The selection run whole, and as three shards (folders s1, s2, s3)."""
    root = tmp_path_factory.mktemp("shards")
    _run(fixture_set, root / "whole")
    for index in range(1, SHARDS + 1):
        _run(fixture_set, root / f"s{index}", "--shard", f"{index}/{SHARDS}")
    return root


def _shard_reports(root):
    return [root / f"s{index}" / "report.json" for index in range(1, SHARDS + 1)]


def _comparable(report):
    """A report without what differs between any two runs of the same plan: timestamps,
    timings and the shard field. Of the wire, only the plaintext handshake messages are
    kept: record lengths vary (an ECDSA signature's DER encoding does), and how the relay
    cuts and orders the encrypted records at the end of a case depends on timing (both
    sides close at once)."""
    report = {k: v for k, v in report.items() if k not in ("started", "finished", "shard")}
    cases = []
    for case in report["cases"]:
        case = {k: v for k, v in case.items() if k != "duration_ms"}
        case["wire"] = [(r["from"], r["messages"]) for r in case["wire"]
                        if r["type"] == "handshake"]
        cases.append(case)
    report["cases"] = cases
    return report


def test_shards_partition_the_plan(runs):
    whole = load_report(runs / "whole")
    shards = [load_report(path.parent) for path in _shard_reports(runs)]

    assert whole["shard"] is None
    digests = {s["shard"]["plan_digest"] for s in shards}
    assert len(digests) == 1
    for index, shard in enumerate(shards, start=1):
        assert shard["shard"]["index"] == index and shard["shard"]["total"] == SHARDS
        assert shard["shard"]["plan_size"] == len(whole["cases"])
        assert all(c["position"] % SHARDS == index - 1 for c in shard["cases"])
    positions = sorted(c["position"] for s in shards for c in s["cases"])
    assert positions == list(range(len(whole["cases"])))


def test_merged_report_equals_the_unsharded_run(runs, tmp_path):
    completed = run_cli("merge", "--out", tmp_path, *_shard_reports(runs), check=0)

    for name in ("report.json", "junit.xml", "summary.md"):
        assert (tmp_path / name).is_file(), name
    merged = load_report(tmp_path)
    whole = load_report(runs / "whole")
    assert merged["shard"] is None
    assert _comparable(merged) == _comparable(whole)
    assert "merged 3 shards" in completed.stdout


def test_merge_keeps_every_shard_case_as_recorded(runs, tmp_path):
    # Folders are read as their report.json; the order on the command line does not matter.
    folders = [path.parent for path in reversed(_shard_reports(runs))]
    run_cli("merge", "--out", tmp_path, *folders, check=0)

    merged = {c["id"]: c for c in load_report(tmp_path)["cases"]}
    for path in _shard_reports(runs):
        for case in load_report(path.parent)["cases"]:
            assert merged[case["id"]] == case


def test_list_takes_the_shard_from_gtest_variables(fixture_set):
    by_flag = run_cli("list", "--fixtures", fixture_set, *SELECTION, "--shard", "2/3", check=0)
    by_environment = run_cli("list", "--fixtures", fixture_set, *SELECTION, check=0,
                             env={"GTEST_SHARD_INDEX": "1", "GTEST_TOTAL_SHARDS": "3"})
    whole = run_cli("list", "--fixtures", fixture_set, *SELECTION, check=0)

    assert by_environment.stdout == by_flag.stdout
    assert by_flag.stdout.splitlines() == whole.stdout.splitlines()[1::3]


@pytest.mark.parametrize("env, named", [
    ({"GTEST_SHARD_INDEX": "1"}, "GTEST_TOTAL_SHARDS"),
    ({"GTEST_TOTAL_SHARDS": "3"}, "GTEST_SHARD_INDEX"),
    ({"GTEST_SHARD_INDEX": "3", "GTEST_TOTAL_SHARDS": "3"}, "GTEST_SHARD_INDEX"),
    ({"GTEST_SHARD_INDEX": "0", "GTEST_TOTAL_SHARDS": "zero"}, "GTEST_TOTAL_SHARDS"),
], ids=["index-alone", "total-alone", "index-too-big", "total-not-a-number"])
def test_invalid_gtest_variables_are_named(fixture_set, tmp_path, env, named):
    completed = _run(fixture_set, tmp_path, check=2, env=env)
    assert named in completed.stderr
    assert not (tmp_path / "report.json").exists()


@pytest.mark.parametrize("text", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_invalid_shard_flag_is_a_usage_error(fixture_set, tmp_path, text):
    completed = _run(fixture_set, tmp_path, "--shard", text, check=2)
    assert f'"{text}"' in completed.stderr


def test_update_baseline_refuses_a_shard(fixture_set, tmp_path):
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    completed = run_cli("--baselines", baselines, "run", "--fixtures", fixture_set,
                        "--out", tmp_path / "o", *SELECTION, "--shard", "1/3",
                        "--update-baseline", check=2)
    assert "--update-baseline" in completed.stderr
    assert list(baselines.iterdir()) == []


def test_missing_shard_is_named(runs, tmp_path):
    first, _, third = _shard_reports(runs)
    completed = run_cli("merge", "--out", tmp_path, first, third, check=2)
    assert "shard 2/3 is missing" in completed.stderr
    assert str(first) in completed.stderr and str(third) in completed.stderr
    assert not (tmp_path / "report.json").exists()


def test_duplicated_shard_is_named(runs, tmp_path):
    first, second, third = _shard_reports(runs)
    copy = tmp_path / "copy.json"
    shutil.copy(second, copy)
    completed = run_cli("merge", "--out", tmp_path / "m", first, second, copy, third, check=2)
    assert f"{copy}: shard 2/3 is given twice (also {second})" in completed.stderr
    assert not (tmp_path / "m").exists()


def test_shard_of_another_plan_is_named(runs, fixture_set, tmp_path):
    first, second, _ = _shard_reports(runs)
    other = tmp_path / "other"
    run_cli("run", "--fixtures", fixture_set, "--out", other, "--backend", "openssl",
            "--filter", "server/openssl/defaults/tls1.3/*", "--shard", "3/3", check=0)
    completed = run_cli("merge", "--out", tmp_path / "m", first, second, other / "report.json",
                        check=2)
    assert f"{other / 'report.json'}: shard.plan_digest" in completed.stderr
    assert not (tmp_path / "m" / "report.json").exists()


def test_unsharded_report_is_not_a_shard(runs, tmp_path):
    completed = run_cli("merge", "--out", tmp_path, runs / "whole" / "report.json", check=2)
    assert f"{runs / 'whole' / 'report.json'}: not a shard report" in completed.stderr


@pytest.mark.parametrize("damage, named", [
    (lambda report: "{ not json", "not JSON"),
    (lambda report: json.dumps({**report, "cases": report["cases"][1:]}), "totals"),
    (lambda report: json.dumps({**report, "cases": [
        {k: v for k, v in c.items() if k != "verdict"} for c in report["cases"]]}),
     "cases[0]"),
], ids=["not-json", "case-cut-out", "verdict-missing"])
def test_damaged_shard_report_is_named(runs, tmp_path, damage, named):
    first, second, third = _shard_reports(runs)
    damaged = tmp_path / "damaged.json"
    damaged.write_text(damage(json.loads(second.read_text())))
    completed = run_cli("merge", "--out", tmp_path / "m", first, damaged, third, check=2)
    assert f"{damaged}: " in completed.stderr and named in completed.stderr


def test_merged_exit_code_is_the_whole_runs(fixture_set, tmp_path):
    # Without a baseline, BoringSSL's accepted RSA-1024 key is a FAIL in both shards.
    empty = tmp_path / "no-baselines"
    empty.mkdir()
    for index in (1, 2):
        run_cli("--baselines", empty, "run", "--fixtures", fixture_set,
                "--out", tmp_path / f"s{index}", "--backend", "boringssl",
                "--filter", "server/boringssl/defaults/*/key::rsa1024", "--shard", f"{index}/2",
                check=1)
    run_cli("merge", "--out", tmp_path / "m", tmp_path / "s1", tmp_path / "s2", check=1)
    merged = load_report(tmp_path / "m")
    assert merged["exit_code"] == 1 and merged["totals"]["FAIL"] == 2


def test_gate_judges_stale_baseline_entries_on_the_whole_plan(fixture_set, tmp_path):
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    (baselines / "boringssl.toml").write_text(
        'backend = "boringssl"\n\n'
        '[[deviation]]\ncase = "server/boringssl/*/key::rsa*"\nobserved = "ACCEPT"\n'
        'reason = "Accepts RSA keys of any size."\n\n'
        '[[deviation]]\ncase = "server/boringssl/*/key::rsa2048"\nobserved = "REJECT"\n'
        'reason = "Stale on purpose: RSA-2048 is accepted."\n')
    selection = ["--backend", "boringssl", "--filter", "server/boringssl/*/key::rsa*", "--gate"]

    def run(out, *extra, check):
        run_cli("--baselines", baselines, "run", "--fixtures", fixture_set, "--out", out,
                *selection, *extra, check=check)
        return load_report(out)

    whole = run(tmp_path / "whole", check=1)
    # Shard 1/2 holds no RSA-1024 case, so there the first entry looks stale too; shard 2/2's
    # RSA-1024 cases are KNOWN through it. A shard leaves the gate to merge: exit 0.
    first = run(tmp_path / "s1", "--shard", "1/2", check=0)
    run(tmp_path / "s2", "--shard", "2/2", check=0)
    run_cli("merge", "--out", tmp_path / "m", tmp_path / "s1", tmp_path / "s2", check=1)
    merged = load_report(tmp_path / "m")

    assert len(first["stale_baseline"]) == 2
    assert [e["case"] for e in whole["stale_baseline"]] == ["server/boringssl/*/key::rsa2048"]
    assert merged["stale_baseline"] == whole["stale_baseline"]
    assert merged["exit_code"] == whole["exit_code"] == 1
