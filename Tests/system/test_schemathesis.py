"""Schema-driven fuzzing: schemathesis against the real `parley serve`, driven by the document the server itself
serves at /openapi.json, with a fixed seed and a bounded number of examples (schemathesis.toml). Any failed
check (a 5xx, a response that violates the document, a rule of HTTP the server breaks) fails the test.

Two runs, each against a fresh organization: the examples, coverage and fuzzing phases; then the stateful
scenarios on their own, which follow the document's `links` from a plan to its goal, publication,
assignments, proposals and their acceptance. (In one run, schemathesis would leave out of the stateful phase
every operation that mostly answered the earlier phases' generated data with 4xx, which is most of them.)"""
import collections
import json
import re
import subprocess
import sys
from pathlib import Path


from parley_process import ROOT, Server, demo, fresh_database

HERE = Path(__file__).resolve().parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def run_schemathesis(phases, report):
    _, env = fresh_database()
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
            f"{server.url}/openapi.json", "--url", server.url, "--phases", phases,
            "--report", "har", "--report-har-path", str(report),
        ]
        result = subprocess.run(command, cwd=ROOT, env=fuzz_env, capture_output=True, text=True, timeout=900)
    finally:
        server.stop()
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, "schemathesis reported failures:\n" + output[-20000:]


def statuses(report):
    """{(method, path with identifiers as {id}): Counter of statuses} from a HAR report."""
    uuid = re.compile(r"/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)")
    seen = collections.defaultdict(collections.Counter)
    for entry in json.loads(report.read_text())["log"]["entries"]:
        path = uuid.sub("/{id}", re.sub(r"^https?://[^/]+", "", entry["request"]["url"]).split("?")[0])
        seen[(entry["request"]["method"], path)][entry["response"]["status"]] += 1
    return seen


def test_schemathesis_examples_coverage_and_fuzzing_find_no_failure(tmp_path):
    run_schemathesis("examples,coverage,fuzzing", tmp_path / "fuzz.har")


def test_schemathesis_stateful_scenarios_find_no_failure_and_reach_the_negotiation(tmp_path):
    report = tmp_path / "stateful.har"
    run_schemathesis("stateful", report)
    seen = statuses(report)
    for (method, path), answers in sorted(seen.items()):
        print(f"{method:6} {path:58} {dict(sorted(answers.items()))}")
    # The links take the scenarios past 404: each of these steps needs an identifier from the one before it.
    # How far a run gets varies (schemathesis follows a link's values with a probability, by true randomness,
    # and ends the phase when it sees fit): most runs go on to assignments, proposals and accepts (the table
    # above), every run seen so far got this far.
    assert seen[("POST", "/v1/plans")][201] > 0, dict(seen[("POST", "/v1/plans")])
    assert seen[("PUT", "/v1/plans/{id}/goals/{id}")][201] > 0, dict(seen[("PUT", "/v1/plans/{id}/goals/{id}")])
    transitions = seen[("POST", "/v1/plans/{id}/transitions")]
    assert sum(n for status, n in transitions.items() if status not in (401, 404)) > 0, dict(transitions)
