"""Security of the web UI: headers, values rendered as text only, no reach into another rep's assignment,
the token kept out of URLs and in sessionStorage, sign-out revoking it, and a wrong password said plainly."""

import re

import requests
from playwright.sync_api import expect

from conftest import shot, sign_in

expect.set_options(timeout=10_000)
XSS = "<img src=x onerror=alert(1)>"


def test_headers_and_caching(org):
    base = org["base"]
    page = requests.get(base + "/", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    csp = page.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-cache"
    # No inline script anywhere: every script is a module file of the same origin.
    assert "<script>" not in page.text
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page.text)
    assert scripts and all(s.startswith("/assets/") for s in scripts)
    asset = requests.get(base + scripts[0], timeout=10)
    assert asset.status_code == 200
    assert asset.headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in asset.headers["Cache-Control"] and "max-age=31536000" in asset.headers["Cache-Control"]
    assert asset.headers["X-Content-Type-Options"] == "nosniff"
    version = scripts[0].split("/")[2]
    assert requests.get(f"{base}/assets/not-{version}/js/app.js", timeout=10).status_code == 404
    assert requests.get(f"{base}/assets/{version}/../../sql/0001_identity.sql", timeout=10).status_code == 404
    # The API answers with the same headers.
    api = requests.get(base + "/healthz", timeout=10)
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_wrong_password_is_said_plainly(open_page, org):
    watched = open_page()
    sign_in(watched.page, org["base"], org["people"]["xu"]["email"], "not-the-password", expect_home=False)
    summary = watched.page.locator(".error-summary")
    expect(summary).to_contain_text("The email or password is wrong")
    expect(watched.page.locator(".field-error:not([hidden])")).to_contain_text("The email or password is wrong")
    # The summary links to the field.
    summary.get_by_role("link").click()
    expect(watched.page.get_by_label("Password")).to_be_focused()
    shot(watched.page, "signin-error-desktop-en")
    watched.assert_clean(allowed_statuses=(401,))


def test_a_rep_cannot_reach_another_reps_assignment(open_page, org):
    base = org["base"]
    people = org["people"]
    plan = org["north"]["id"]
    watched = open_page()
    page = watched.page
    sign_in(page, base, people["ruby"]["email"])
    # Tampering with the address: Sam's assignment, then the team screen, then another plan's rep.
    page.goto(f"{base}/#/plans/{plan}/targets/{people['sam']['id']}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Sam")
    expect(page.locator("main")).not_to_contain_text("1,150,000")
    page.goto(f"{base}/#/plans/{plan}/targets/{people['sam']['id'].upper()}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(f"{base}/#/plans/{plan}/team")
    expect(page.locator(".failure")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Sam Rep")
    page.goto(f"{base}/#/plans/{org['south']['id']}/targets/{people['xu']['id']}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    # The token never appears in a URL, lives in sessionStorage, and sign-out revokes it.
    token = page.evaluate("JSON.parse(sessionStorage.getItem('parley.session')).token")
    assert token and token not in page.url
    page.goto(f"{base}/#/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator(".banner")).to_contain_text("You have signed out")
    assert page.evaluate("sessionStorage.getItem('parley.session')") is None
    assert requests.get(base + "/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 401
    watched.assert_clean(allowed_statuses=(403, 404))


def test_markup_in_a_rationale_and_a_comment_renders_as_text(open_page, org):
    base = org["base"]
    watched = open_page()
    page = watched.page
    sign_in(page, base, org["people"]["rao"]["email"])
    page.get_by_role("link", name="FY south targets").click()
    expect(page.get_by_role("heading", name="My targets")).to_be_visible()
    # Rao is ramping: revenue cannot be typed into a ramp month.
    revenue = page.locator('fieldset[data-metric="revenue"]')
    ramp_months = page.evaluate("document.querySelectorAll('fieldset[data-metric=revenue] .month-cell--ramp').length")
    assert ramp_months >= 1
    first = revenue.locator(".month-cell").first
    expect(first.locator("input")).to_be_disabled()
    expect(first).to_contain_text("Ramp month: does not apply")
    expect(page.locator(".ramp-note")).to_contain_text("ramp months")
    inputs = revenue.locator(".month-cell input:not([disabled])")
    for i in range(inputs.count()):
        inputs.nth(i).fill("10,000")
    for key in ("qualified_leads", "visits"):
        cells = page.locator(f'fieldset[data-metric="{key}"] .month-cell input')
        for i in range(cells.count()):
            cells.nth(i).fill("5")
    page.get_by_label("Rationale").fill(XSS)
    before = page.locator("li.timeline-item").count()
    page.locator("form.proposal-form button[type=submit]").click()
    expect(page.locator("li.timeline-item")).to_have_count(before + 1)
    expect(page.locator("li.timeline-item").last.locator(".rationale-body")).to_have_text(XSS)
    page.get_by_label("Add a comment").fill(XSS)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment-body")).to_have_text(XSS)
    # Replies render the same way.
    page.get_by_text("Reply", exact=True).click()
    page.get_by_label("Your reply").fill(f"re: {XSS}")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".comment-replies .comment-body")).to_have_text(f"re: {XSS}")
    assert page.locator("main img").count() == 0
    shot(page, "rep-ramping-desktop-en")
    watched.assert_clean()
