"""Each verdict is the library's, not the harness's: the same fixtures through peers from
outside the project (openssl s_server as the service, openssl s_client and curl as the
device) must be accepted or refused exactly as tlsconform's OpenSSL server shim was."""

import json
import socket
import subprocess
import time

import pytest

from conftest import load_report

# Valid and invalid fixtures whose outcome the OpenSSL library itself decides.
FIXTURES = ["sig::rsa-pkcs1-sha256", "key::ec-p384", "validity::expired",
            "chain::untrusted-issuer", "sig::rsa-pkcs1-md5", "key::rsa1024"]
VERSIONS = {"tls1.2": "-tls1_2", "tls1.3": "-tls1_3"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manifest_entry(fixture_set, fixture_id):
    manifest = json.loads((fixture_set / "manifest.json").read_text())
    entry = next(f for f in manifest["fixtures"] if f["id"] == fixture_id)
    return manifest, {k: fixture_set / v for k, v in entry["files"].items() if v}


class SServer:
    """openssl s_server requiring a client certificate, with the library's defaults."""

    def __init__(self, fixture_set, files, version_flag):
        manifest = json.loads((fixture_set / "manifest.json").read_text())
        server = {k: fixture_set / v for k, v in manifest["server"].items() if k != "name"}
        self.trust = server["trust"]
        self.port = free_port()
        self.process = subprocess.Popen(
            ["openssl", "s_server", "-accept", f"127.0.0.1:{self.port}",
             "-cert", server["chain"], "-cert_chain", server["chain"], "-key", server["key"],
             "-CAfile", files["trust"], "-Verify", "5", "-verify_return_error",
             version_flag, "-www"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"openssl s_server did not listen: {self.close()}")

    def close(self):
        self.process.kill()
        return self.process.communicate()[0]


def s_client_accepted(server, files, version_flag):
    completed = subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{server.port}",
         "-servername", "localhost", "-CAfile", server.trust, "-cert", files["chain"],
         "-cert_chain", files["chain"], "-key", files["key"], "-auth_level", "0",
         "-cipher", "DEFAULT:@SECLEVEL=0", version_flag, "-ign_eof", "-quiet"],
        input="GET / HTTP/1.0\r\n\r\n", capture_output=True, text=True, timeout=20)
    return "HTTP/1.0 200 ok" in completed.stdout


@pytest.mark.parametrize("version", sorted(VERSIONS))
@pytest.mark.parametrize("fixture_id", FIXTURES)
def test_openssl_s_server_agrees_with_the_openssl_shim(full_run, fixture_set, fixture_id,
                                                        version):
    _, out = full_run
    case = {c["id"]: c for c in load_report(out)["cases"]}[
        f"server/openssl/defaults/{version}/{fixture_id}"]
    _, files = manifest_entry(fixture_set, fixture_id)

    server = SServer(fixture_set, files, VERSIONS[version])
    try:
        accepted = s_client_accepted(server, files, VERSIONS[version])
    finally:
        log = server.close()

    assert ("ACCEPT" if accepted else "REJECT") == case["observed"], log


@pytest.mark.parametrize("fixture_id", ["sig::ecdsa-sha384", "validity::not-yet-valid"])
def test_curl_as_device_agrees_with_the_openssl_shim(full_run, fixture_set, fixture_id):
    _, out = full_run
    case = {c["id"]: c for c in load_report(out)["cases"]}[f"server/openssl/defaults/tls1.3/{fixture_id}"]
    _, files = manifest_entry(fixture_set, fixture_id)
    server = SServer(fixture_set, files, "-tls1_3")
    try:
        completed = subprocess.run(
            ["curl", "--silent", "--show-error", "--max-time", "10", "--cacert", server.trust,
             "--cert", files["chain"], "--key", files["key"],
             f"https://localhost:{server.port}/"],
            capture_output=True, text=True)
    finally:
        server.close()
    accepted = completed.returncode == 0 and "s_server" in completed.stdout
    assert ("ACCEPT" if accepted else "REJECT") == case["observed"], completed.stderr
