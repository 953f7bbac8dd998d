"""A 412 shows "changed meanwhile" with the fresh values and keeps what the person typed; a network failure
says so and keeps it too."""

from playwright.sync_api import expect

from conftest import sign_in

expect.set_options(timeout=10_000)


def test_conflict_is_shown_and_typed_input_survives(open_page, org):
    base = org["base"]
    people = org["people"]
    plan = org["south"]["id"]
    xu = people["xu"]["id"]
    watched = open_page()
    page = watched.page
    sign_in(page, base, people["xu"]["email"])
    page.get_by_role("link", name="FY south targets").click()
    expect(page.get_by_role("heading", name="My targets")).to_be_visible()
    page.locator('fieldset[data-metric="revenue"]').get_by_label("An annual value with a distribution").check()
    page.get_by_label("Revenue (CNY) for the year").fill("900,000.50")
    page.get_by_label("Rationale").fill("Typed before the manager answered.")

    # Meanwhile the manager sends a top-down proposal (through the API: the rep's screen is under test).
    sol = org["api"].sign_in(people["manager2"]["email"])
    path = f"/v1/plans/{plan}/assignments/{xu}"
    sol.post(f"{path}/proposals", {"values": {"revenue": {"annual": 150_000_000, "distribution": "even"}},
                                   "rationale": "Top-down share of the South goal."}, if_match=sol.version(path))

    page.get_by_role("button", name="Submit estimate").click()
    banner = page.locator(".banner--error")
    expect(banner).to_contain_text("Changed meanwhile")
    expect(banner).to_contain_text("Top-down proposal")
    expect(banner).to_contain_text("125,000")  # the fresh values: 1,500,000.00 over 12 months
    expect(page.get_by_label("Revenue (CNY) for the year")).to_have_value("900,000.50")
    expect(page.get_by_label("Rationale")).to_have_value("Typed before the manager answered.")
    assert len(sol.get(path)["proposals"]) == 1, "the rep's stale proposal must not have been saved"

    # A network failure says so and keeps the input.
    page.context.set_offline(True)
    page.get_by_role("button", name="Submit estimate").click()
    expect(page.locator("form.proposal-form .error-summary")).to_contain_text("Could not reach Parley")
    expect(page.get_by_label("Revenue (CNY) for the year")).to_have_value("900,000.50")
    page.context.set_offline(False)

    # Having seen the fresh values, the rep sends on purpose: it goes through.
    page.get_by_role("button", name="Submit estimate").click()
    expect(page.locator("ol.timeline li.timeline-item")).to_have_count(2)
    proposals = sol.get(path)["proposals"]
    assert proposals[-1]["values"]["revenue"]["annual"] == 90_000_050
    watched.assert_clean(allowed_statuses=(412,), allowed_messages=("ERR_INTERNET_DISCONNECTED",))


def test_validation_errors_appear_next_to_their_fields(open_page, org):
    base = org["base"]
    watched = open_page()
    page = watched.page
    sign_in(page, base, org["people"]["xu"]["email"])
    page.get_by_role("link", name="FY south targets").click()
    revenue = page.locator('fieldset[data-metric="revenue"]')
    revenue.get_by_label("12 monthly values").check()
    cell = revenue.locator(".month-cell").nth(2)
    cell.locator("input").fill("12.345")
    page.get_by_label("Win rate (%)").fill("120")
    page.locator("form.proposal-form button[type=submit]").click()
    summary = page.locator("form.proposal-form .error-summary")
    expect(summary).to_contain_text("use at most 2 decimal places")
    expect(cell.locator(".field-error")).to_contain_text("use at most 2 decimal places")
    expect(page.locator(".field-error", has_text="Win rate")).to_be_visible()
    summary.get_by_role("link", name="2 decimal places").click()
    expect(cell.locator("input")).to_be_focused()
    watched.assert_clean()
