"""reports/report.schema.json: real reports pass it, broken ones fail it. (Every report the
other end-to-end tests read is checked too, in conftest.load_report.)"""

import copy

import pytest

from conftest import load_report, run_cli, schema_error


@pytest.fixture(scope="module")
def small_report(fixture_set, tmp_path_factory):
    out = tmp_path_factory.mktemp("schema-run")
    run_cli("run", "--fixtures", fixture_set, "--out", out, "--backend", "openssl",
            "--filter", "server/openssl/defaults/tls1.3/key::*", check=0)
    return load_report(out)


def test_a_real_report_matches_the_schema(small_report):
    assert schema_error(small_report) is None
    assert small_report["shard"] is None
    assert [c["position"] for c in small_report["cases"]] == list(range(len(small_report["cases"])))


def _set(path, value):
    def edit(report):
        target = report
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def _delete(path):
    def edit(report):
        target = report
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return edit


BROKEN = {
    "unknown-verdict": (_set(["cases", 0, "verdict"], "MAYBE"), "cases/0/verdict"),
    "missing-policy": (_delete(["policy"]), "policy"),
    "extra-top-level-field": (_set(["surprise"], 1), "surprise"),
    "extra-case-field": (_set(["cases", 0, "colour"], "red"), "colour"),
    "observed-lowercase": (_set(["cases", 0, "observed"], "accept"), "cases/0/observed"),
    "unknown-reason": (_set(["cases", 0, "reason"], "bad_luck"), "cases/0/reason"),
    "known-without-baseline": (_set(["cases", 0, "verdict"], "KNOWN"), "cases/0/baseline"),
    "position-negative": (_set(["cases", 0, "position"], -1), "cases/0/position"),
    "shard-digest-not-hex": (
        _set(["shard"], {"index": 1, "total": 2, "plan_size": 3, "plan_digest": "xyz"}),
        "shard"),
    "schema-version-1": (_set(["schema_version"], 1), "schema_version"),
    "timestamp-not-rfc3339": (_set(["started"], "yesterday"), "started"),
    "side-state-unknown": (_set(["cases", 0, "server", "state"], "asleep"), "cases/0/server"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_report_fails_validation(small_report, name):
    edit, where = BROKEN[name]
    report = copy.deepcopy(small_report)
    edit(report)

    error = schema_error(report)

    assert error is not None, name
    assert where in error, error
