"""Schema-driven fuzzing: schemathesis against the real `parley serve`, driven by the document the server itself
serves at /openapi.json. Every phase runs (examples, coverage, fuzzing, and stateful scenarios that follow the
document's `links` from a plan to its goal, publication, assignments, proposals and their acceptance), with a
fixed seed and a bounded number of examples (schemathesis.toml). Any failed check (a 5xx, a response that
violates the document, a rule of HTTP the server breaks) fails the test."""
import os
import subprocess
import sys
from pathlib import Path

from parley_process import ROOT, Server, demo, fresh_database

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_schemathesis_finds_no_failure(tmp_path):
    name, env = fresh_database()
    _, users = demo(env)
    server = Server(env).start()
    try:
        fuzz_env = dict(
            env,
            PARLEY_FUZZ_ADMIN_TOKEN=users["admin"][0][1],
            PARLEY_FUZZ_LEADER_TOKEN=users["leader"][0][1],
            # DELETE /v1/sessions/current revokes the token it is sent with.
            PARLEY_FUZZ_SPARE_TOKEN=users["viewer"][0][1],
        )
        command = [
            str(SCHEMATHESIS), "--config-file", str(HERE / "schemathesis.toml"), "--no-color", "run",
            f"{server.url}/openapi.json", "--url", server.url,
            "--report", "junit", "--report-dir", str(tmp_path),
        ]
        result = subprocess.run(command, cwd=ROOT, env=fuzz_env, capture_output=True, text=True, timeout=900)
        output = result.stdout + result.stderr
        print(output)
        assert result.returncode == 0, "schemathesis reported failures:\n" + output[-20000:]
    finally:
        server.stop()
