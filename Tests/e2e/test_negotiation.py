"""The whole negotiation through the UI only: a rep estimates with funnel assumptions, the manager sees it in
the reconciliation and counters, the rep sees the counter appear live and accepts, a leader submits (explaining
the gap the guard asks about) and a second approver approves; the plan shows locked."""

import re

from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, shot, sign_in

expect.set_options(timeout=10_000)


def open_plan(page, name):
    page.get_by_role("link", name=name).click()


def metric(page, key):
    return page.locator(f'fieldset[data-metric="{key}"]')


def test_whole_negotiation_through_the_ui(open_page, org):
    base = org["base"]
    people = org["people"]

    # The rep signs in and sees the plans they take part in, with their state.
    rep = open_page()
    sign_in(rep.page, base, people["ruby"]["email"])
    card = rep.page.locator("li.card", has_text="FY north targets")
    expect(card).to_contain_text("In discussion")
    expect(card).to_contain_text("Waiting for estimate")
    expect(rep.page.locator("li.card", has_text="FY south targets")).to_have_count(0)
    shot(rep.page, "home-rep-desktop-en")
    open_plan(rep.page, "FY north targets")
    page = rep.page
    expect(page.get_by_role("heading", name="My targets")).to_be_visible()
    expect(page.locator(".next-step")).to_contain_text("Submit your estimate")

    # The estimate: revenue as an annual value, leads and visits too, and the funnel behind it.
    metric(page, "revenue").get_by_label("An annual value with a distribution").check()
    page.get_by_label("Revenue (CNY) for the year").fill("1,150,000.00")
    metric(page, "qualified_leads").get_by_label("An annual value with a distribution").check()
    page.get_by_label("Qualified leads for the year").fill("240")
    metric(page, "visits").get_by_label("An annual value with a distribution").check()
    page.get_by_label("Visits for the year").fill("480")
    page.get_by_label("Qualified leads", exact=True).fill("230")
    page.get_by_label("Win rate (%)").fill("20")
    # The verdict follows the typing: a smaller deal size is inconsistent, the right one consistent.
    page.get_by_label("Average deal size (CNY)").fill("20,000")
    expect(page.locator(".verdict")).to_contain_text("Inconsistent")
    expect(page.locator(".verdict")).to_contain_text("CN¥920,000.00")
    page.get_by_label("Average deal size (CNY)").fill("25,000.00")
    expect(page.locator(".verdict")).to_contain_text("Consistent")
    expect(page.locator(".verdict")).to_contain_text("CN¥1,150,000.00")
    expect(metric(page, "revenue").locator(".total")).to_contain_text("CN¥1,150,000.00")
    page.get_by_label("Rationale").fill("Three renewals and the new Harbin distributor.")
    page.get_by_role("button", name="Submit estimate").click()
    timeline = page.locator("ol.timeline")
    expect(timeline.locator("li.timeline-item")).to_have_count(1)
    expect(timeline).to_contain_text("Estimate")
    expect(timeline).to_contain_text("Three renewals and the new Harbin distributor.")
    expect(timeline).to_contain_text("Consistent")
    expect(page.locator(".status-panel")).to_contain_text("Estimate submitted")
    page.evaluate("window.__stillTheSamePage = true")

    # The manager sees the estimate in the reconciliation and who has not answered.
    manager = open_page()
    sign_in(manager.page, base, people["manager"]["email"])
    open_plan(manager.page, "FY north targets")
    mpage = manager.page
    expect(mpage.get_by_role("heading", name="Reconciliation: North team")).to_be_visible()
    row = mpage.locator("tr", has=mpage.get_by_role("link", name="Ruby Rep"))
    expect(row).to_contain_text("Estimate to review")
    expect(row).to_contain_text("1,150,000.00")
    expect(mpage.locator(".answered")).to_contain_text("All 2 reps have answered")
    expect(mpage.locator("tfoot")).to_contain_text("2,400,000.00")
    shot(mpage, "manager-team-desktop-en")
    mpage.set_viewport_size(PHONE)
    shot(mpage, "manager-team-phone-en")
    mpage.set_viewport_size(DESKTOP)

    # ... drills down to the rep and counters.
    mpage.get_by_role("link", name="Ruby Rep").click()
    expect(mpage.get_by_role("heading", name="Targets of Ruby Rep")).to_be_visible()
    expect(mpage.get_by_role("button", name="Accept the rep's estimate")).to_be_visible()
    metric(mpage, "revenue").get_by_label("An annual value with a distribution").check()
    mpage.get_by_label("Revenue (CNY) for the year").fill("1200000")
    mpage.get_by_label("Rationale").fill("The Harbin distributor alone is worth 50,000.00 more.")
    mpage.get_by_role("button", name="Send proposal").click()
    expect(mpage.locator("ol.timeline li.timeline-item")).to_have_count(2)

    # The rep sees the counter appear without reloading, and accepts it.
    accept = page.get_by_role("button", name="Accept the manager's proposal")
    expect(accept).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("Top-down proposal")
    expect(page.locator("ol.timeline")).to_contain_text("The Harbin distributor alone is worth 50,000.00 more.")
    assert page.evaluate("window.__stillTheSamePage") is True
    shot(page, "rep-targets-desktop-en")
    page.set_viewport_size(PHONE)
    shot(page, "rep-targets-phone-en")
    page.set_viewport_size(DESKTOP)
    accept.click()
    expect(page.locator(".banner--success")).to_contain_text("Agreed")
    expect(page.get_by_role("heading", name="Agreed targets")).to_be_visible()
    expect(page.locator(".status-panel")).to_contain_text("Agreed")

    # The leader submits; the guard asks for the gap to be explained (agreed 2,350,000 against 2,400,000).
    leader = open_page()
    sign_in(leader.page, base, people["leader"]["email"])
    open_plan(leader.page, "FY north targets")
    lpage = leader.page
    expect(lpage.get_by_role("heading", name="Plan workflow")).to_be_visible()
    submit = lpage.get_by_role("button", name="Submit for approval")
    submit.click()
    expect(lpage.locator('form[data-action="submit_for_approval"] .error-summary')).to_contain_text("Explain the gap")
    lpage.get_by_label("Gap explanation").fill("Sam's territory shrank in March; the rest is covered by Ruby.")
    submit.click()
    expect(lpage.locator(".banner--success")).to_contain_text("Submit for approval")
    expect(lpage.locator(".plan-meta")).to_contain_text("Waiting for approval")
    # The submitter may not approve: the button follows allowed_actions.
    expect(lpage.get_by_role("button", name="Approve the plan")).to_have_count(0)
    expect(lpage.locator("table")).to_contain_text("Submitted")
    shot(lpage, "leader-approval-desktop-en")
    lpage.set_viewport_size(PHONE)
    shot(lpage, "leader-approval-phone-en")

    # A second approver approves.
    approver = open_page()
    sign_in(approver.page, base, people["approver"]["email"])
    open_plan(approver.page, "FY north targets")
    apage = approver.page
    # Rejecting needs a reason: the form says so and sends nothing.
    apage.get_by_role("button", name="Reject the plan").click()
    expect(apage.locator('form[data-action="reject"] .field-error:not([hidden])')).to_contain_text(
        "Enter the reason for rejecting the plan")
    expect(apage.locator(".plan-meta")).to_contain_text("Waiting for approval")
    apage.get_by_role("button", name="Approve the plan").click()
    expect(apage.locator(".plan-meta")).to_contain_text("Approved and locked")
    record = apage.locator("table", has_text="Decision")
    expect(record).to_contain_text("Approved")
    expect(record).to_contain_text("Lin Leader")  # the submitter; the approver sees themself as "You"
    expect(record).to_contain_text("Sam's territory shrank in March")
    expect(apage.locator("section", has_text="Audit chain")).to_contain_text("Intact")
    shot(apage, "approver-locked-desktop-en")

    # The rep's open screen shows the plan locked, live.
    expect(page.locator(".plan-meta")).to_contain_text("Approved and locked")
    expect(page.locator(".status-panel")).to_contain_text(re.compile("approved and locked", re.I))
    assert page.evaluate("window.__stillTheSamePage") is True

    for watched in (rep, manager, approver):
        watched.assert_clean()
    leader.assert_clean(allowed_statuses=(422,))  # the guard's answer, shown as the gap question


def test_leader_publishes_and_drills_down(open_page, org):
    base = org["base"]
    watched = open_page()
    page = watched.page
    sign_in(page, base, org["people"]["leader"]["email"])
    page.get_by_role("link", name="FY south stretch draft").click()
    expect(page.locator(".plan-meta")).to_contain_text("Draft")
    # Only what allowed_actions offers: publish now, then open the discussion.
    expect(page.locator("form.action-card")).to_have_count(1)
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.locator(".plan-meta")).to_contain_text("Proposed")
    page.get_by_role("button", name="Open the discussion").click()
    expect(page.locator(".plan-meta")).to_contain_text("In discussion")
    expect(page.get_by_role("button", name="Publish the plan")).to_have_count(0)

    # The leader's team view starts at the plan's scope; filter to who has not answered, find, drill to a rep.
    page.get_by_role("link", name="My team").click()
    expect(page.get_by_role("heading", name="Reconciliation: South team")).to_be_visible()
    expect(page.locator(".answered")).to_contain_text("2 of 2 reps have not answered yet")
    page.get_by_role("button", name="Show who has not answered").click()
    expect(page.locator("table.recon-table tbody tr")).to_have_count(2)
    page.get_by_label("Find by name").fill("rao")
    expect(page.locator("table.recon-table tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Rao Ramp").click()
    expect(page.get_by_role("heading", name="Targets of Rao Ramp")).to_be_visible()
    expect(page.locator(".status-panel")).to_contain_text("Waiting for estimate")
    watched.assert_clean()


def test_sign_in_and_reach_a_plan_by_keyboard(open_page, org):
    watched = open_page()
    page = watched.page
    page.goto(org["base"] + "/")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(org["people"]["xu"]["email"])
    page.keyboard.press("Tab")
    page.keyboard.type("parley-e2e-pass")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your plans", level=1)).to_be_visible()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "FY south targets":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My targets")).to_be_visible()
    watched.assert_clean()
