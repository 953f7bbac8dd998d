"""Times the manager screen's first view: from the start of a full page load of `#/plans/<id>/team` (signed
in, assets cached) until the reconciliation table shows its rows. Prints the median of 7 loads per user."""

import statistics
import sys

from playwright.sync_api import sync_playwright

base, plan, *users = sys.argv[1:]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    for entry in users:
        label, email = entry.split("=", 1)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(base + "/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill("parley-demo")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Your plans").wait_for()
        times = []
        for _ in range(7):
            page.goto(f"{base}/#/plans/{plan}/team")
            page.reload()
            page.locator("table.recon-table tbody tr").first.wait_for()
            times.append(page.evaluate("performance.now()"))
        rows = page.locator("table.recon-table tbody tr").count()
        pager = page.locator(".pager span")
        total = pager.inner_text() if pager.count() else f"{rows} rows"
        print(f"{label}: first view median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}); "
              f"{rows} rows on screen; {total}")
        context.close()
    browser.close()
