"""The quarterly review of the locked plan: the team's manager requests an adjustment and sees its impact on the
goal before sending it (the same numbers the server then records), months that may no longer change cannot be
chosen, another approver approves and the new revision appears; a rejection needs a comment; the requester
may withdraw."""

from __future__ import annotations

from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, shot, sign_in
from running_plan import REVENUE_MONTH, running  # noqa: F401  (the fixture)
from test_tracking import number, sign_in_zh

expect.set_options(timeout=15_000)


def open_review(page, org, running, email):
    sign_in(page, org["base"], email)
    page.goto(f"{org['base']}/#/plans/{running['plan']['id']}/review")
    page.locator('div[data-ready="true"]').wait_for()


def test_an_adjustment_previewed_requested_approved_by_another_approver_and_its_revision(open_page, org, running):
    people = running["people"]
    path = running["path"]
    month = running["editable"][0]
    index = running["months"].index(month)

    watched = open_page()
    page = watched.page
    sign_in(page, org["base"], people["eve"]["email"])
    page.locator("li.card", has_text="FY running targets").get_by_role("link").click()
    page.get_by_role("link", name="Quarterly review").click()
    page.locator('div[data-ready="true"]').wait_for()
    form = page.locator("form.review-form")
    form.get_by_label("Reason").fill("Q review: a key account of Tom's orders early")
    rep = form.get_by_label("Rep")
    expect(rep.locator("option", has_text="Tom Track")).to_have_count(1)
    rep.select_option(label="Tom Track")
    form.get_by_label("Metric").select_option("revenue")
    months = form.get_by_label("Month")
    # Months up to the current one may no longer change: they cannot be chosen.
    for m in running["months"]:
        disabled = months.locator(f'option[value="{m}"]').evaluate("o => o.disabled")
        assert disabled == (m not in running["editable"]), m
    months.select_option(month)
    expect(form.locator(".change-before")).to_contain_text("Agreed now: 200,000.00")
    form.get_by_label("New value").fill("250,000.00")

    preview = form.locator(".impact-preview table.impact-table tbody tr")
    expect(preview).to_have_count(1)
    # The preview follows the typing (each keystroke may re-read the totals): wait for the typed value's.
    expect(preview.locator('td[data-figure="delta"]')).to_have_text("+50,000.00")
    shown = {f: number(preview.locator(f'td[data-figure="{f}"]').inner_text(), "currency")
             for f in ("goal", "agreed_before", "agreed_after")}
    assert shown == {"goal": REVENUE_MONTH * 3 * 12, "agreed_before": REVENUE_MONTH * 3 * 12,
                     "agreed_after": REVENUE_MONTH * 3 * 12 + 5_000_000}
    shot(page, "review-request-desktop-en")
    page.set_viewport_size(PHONE)
    shot(page, "review-request-phone-en")
    page.set_viewport_size(DESKTOP)
    form.get_by_role("button", name="Request the adjustment").click()
    expect(page.locator(".notices")).to_contain_text("Adjustment requested")

    # What the server recorded is what the preview showed.
    adjustments = running["leader"].get(f"{path}/adjustments")["items"]
    mine = [a for a in adjustments if a["reason"].startswith("Q review: a key account")]
    assert len(mine) == 1 and mine[0]["state"] == "pending"
    impact = mine[0]["impact"]
    assert [(i["unit_id"], i["metric"]) for i in impact] == [(running["unit"]["id"], "revenue")]
    assert {"goal": impact[0]["goal"], "agreed_before": impact[0]["agreed_before"],
            "agreed_after": impact[0]["agreed_after"]} == shown
    expect(page.locator(f'article.adjustment[data-adjustment-id="{mine[0]["id"]}"]')).to_contain_text("Pending")
    watched.assert_clean()

    # Another approver (the leader) approves it; the new revision appears.
    leader = open_page()
    lpage = leader.page
    open_review(lpage, org, running, org["people"]["leader"]["email"])
    card = lpage.locator(f'article.adjustment[data-adjustment-id="{mine[0]["id"]}"]')
    expect(card).to_contain_text("Tom Track")
    expect(card.locator("table.impact-table")).to_contain_text("East team")
    shot(lpage, "review-pending-desktop-en")
    lpage.set_viewport_size(PHONE)
    shot(lpage, "review-pending-phone-en")
    lpage.set_viewport_size(DESKTOP)
    card.get_by_role("button", name="Approve").click()
    expect(lpage.locator(".notices")).to_contain_text("Adjustment approved")
    revisions = running["leader"].get(f"{path}/assignments/{people['tom']['id']}/revisions")["items"]
    assert [r["revision"] for r in revisions] == [1, 2]
    assert revisions[1]["values"]["revenue"]["months"][index] == 25_000_000
    assert revisions[1]["adjustment_id"] == mine[0]["id"]
    lpage.locator("#" + lpage.locator("section[aria-labelledby=review-revisions] select").get_attribute("id")).select_option(
        label="Tom Track")
    revision2 = lpage.locator('li.revision[data-revision="2"]')
    expect(revision2).to_be_visible()
    expect(revision2.locator("td.cell--changed")).to_have_count(1)
    expect(revision2.locator("td.cell--changed")).to_contain_text("250,000.00")
    leader.assert_clean()


def test_a_rejection_needs_a_comment_and_the_requester_may_withdraw(open_page, org, running):
    people = running["people"]
    path = running["path"]
    month = running["editable"][-1]
    eve = running["eve"]
    reject_me = eve.post(f"{path}/adjustments", {"reason": "To reject", "changes": [
        {"rep_id": people["uma"]["id"], "metric": "visits", "month": month, "value": 30}]})
    withdraw_me = eve.post(f"{path}/adjustments", {"reason": "To withdraw", "changes": [
        {"rep_id": people["wang"]["id"], "metric": "visits", "month": month, "value": 35}]})

    leader = open_page()
    page = leader.page
    open_review(page, org, running, org["people"]["leader"]["email"])
    card = page.locator(f'article.adjustment[data-adjustment-id="{reject_me["id"]}"]')
    card.get_by_role("button", name="Reject").click()
    expect(card.locator(".error-summary")).to_contain_text("Enter the reason for rejecting the adjustment")
    card.get_by_label("Comment").fill("Visits stay as agreed.")
    card.get_by_role("button", name="Reject").click()
    expect(page.locator(".notices")).to_contain_text("Adjustment rejected")
    states = {a["id"]: a["state"] for a in eve.get(f"{path}/adjustments")["items"]}
    assert states[reject_me["id"]] == "rejected"
    leader.assert_clean()

    requester = open_page()
    rpage = requester.page
    open_review(rpage, org, running, people["eve"]["email"])
    card = rpage.locator(f'article.adjustment[data-adjustment-id="{withdraw_me["id"]}"]')
    expect(card.get_by_role("button", name="Approve")).to_have_count(0)
    card.get_by_role("button", name="Withdraw").click()
    expect(rpage.locator(".notices")).to_contain_text("Adjustment withdrawn")
    states = {a["id"]: a["state"] for a in eve.get(f"{path}/adjustments")["items"]}
    assert states[withdraw_me["id"]] == "withdrawn"
    requester.assert_clean()

    zh = open_page(locale="zh-CN")
    sign_in_zh(zh.page, org["base"], org["people"]["leader"]["email"])
    zh.page.goto(f"{org['base']}/#/plans/{running['plan']['id']}/review")
    zh.page.locator('div[data-ready="true"]').wait_for()
    expect(zh.page.get_by_role("heading", name="季度复盘").first).to_be_visible()
    shot(zh.page, "review-desktop-zh")
    zh.page.set_viewport_size(PHONE)
    shot(zh.page, "review-phone-zh")
    zh.assert_clean()
