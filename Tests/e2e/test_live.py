"""Live updates: the stream is read with fetch (Authorization header, no token in the URL); events made on
another server instance arrive within a second; after a dropped connection (the instance the page talks to
stops and comes back) the stream resumes with Last-Event-ID, so what happened meanwhile still arrives."""

import time

from playwright.sync_api import expect

from conftest import free_port, sign_in, start_server


def test_stream_from_another_instance_resumes_after_a_drop(open_page, org, server):
    people = org["people"]
    # A second instance of the server against the same database: the page talks to it, changes go to the first.
    port = free_port()
    log = server["logs"] / "second.log"
    second = start_server(server["bin"], server["env"], port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        watched = open_page()
        watched.base = base
        page = watched.page
        streams = []
        page.on("request", lambda r: streams.append(r) if r.url.endswith("/stream") else None)
        sign_in(page, base, people["manager2"]["email"])
        page.get_by_role("link", name="FY south targets").click()
        expect(page.locator(".live")).to_have_text("Live")
        first = streams[-1]
        assert first.headers.get("authorization", "").startswith("Bearer ")
        assert "token" not in first.url
        page.get_by_label("Metric").select_option("qualified_leads")
        row = page.locator("tr", has=page.get_by_role("link", name="Rao Ramp"))

        rao = org["api"].sign_in(people["rao"]["email"])  # talks to the first instance
        path = f"/v1/plans/{org['south']['id']}/assignments/{people['rao']['id']}"
        started = time.monotonic()
        rao.post(f"{path}/proposals", {"values": {"qualified_leads": {"months": [7] * 12}}}, if_match=rao.version(path))
        expect(row).to_contain_text("84", timeout=5_000)
        assert time.monotonic() - started < 2.5  # within a second of the event, plus the browser's own work

        # The page's instance goes away; meanwhile Rao answers again; the instance comes back.
        second.kill()  # a crash: the connection drops without a goodbye
        second.wait()
        expect(page.locator(".live")).not_to_have_text("Live", timeout=10_000)
        rao.post(f"{path}/proposals", {"values": {"qualified_leads": {"months": [9] * 12}}}, if_match=rao.version(path))
        second = start_server(server["bin"], server["env"], port, log)
        expect(page.locator(".live")).to_have_text("Live", timeout=20_000)
        resumed = streams[-1]
        assert resumed is not first
        assert int(resumed.headers.get("last-event-id", "0")) > 0
        expect(row).to_contain_text("108", timeout=10_000)
        watched.assert_clean(allowed_messages=("ERR_CONNECTION_REFUSED", "ERR_EMPTY_RESPONSE",
                                               "ERR_CONNECTION_RESET", "ERR_INCOMPLETE_CHUNKED_ENCODING"))
    finally:
        second.kill()
        second.wait()
