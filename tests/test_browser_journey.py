"""The desk end to end in a real browser: a piece goes in, a verdict comes out, and is corrected."""

import re

from playwright.sync_api import expect

from claims.models import Claim, Evidence, ReviewEvent
from tests.browser import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST
pytest_plugins = ["tests.browser.fixtures"]  # the browser, contexts and screenshots

# A made-up local news piece, written for this test: four sentences with figures or attributions.
PIECE = """Harbour traffic doubled, port says

The harbour authority said that 4,200 cargo ships docked at Port Elling in 2023, twice as many as in 2019.

According to the regional council, the new ferry line carried 310,000 passengers in its first year.

Mayor Ada Brennan claimed the dredging project cost 18 million euros less than planned.

Local fishermen say the water is quieter than it used to be. Is that true?

The council's own report lists 27 accidents in the harbour since 2020, more than in any earlier decade.
"""
TITLE = "Harbour traffic doubled, port says"
SHIPS = "The harbour authority said that 4,200 cargo ships docked at Port Elling in 2023, twice as many as in 2019."
FERRY = "According to the regional council, the new ferry line carried 310,000 passengers in its first year."
DREDGING = "Mayor Ada Brennan claimed the dredging project cost 18 million euros less than planned."


def workspace(page, claim):
    page.goto(f"/desk/claims/{claim.pk}/")


def add_evidence(page, *, url, title, stance):
    form = page.locator("form[action$='/evidence/add/']")
    if not form.is_visible():
        page.locator("summary", has_text="Add an evidence link").click()
    form.get_by_label("URL").fill(url)
    form.get_by_label("Title").fill(title)
    form.get_by_label("Stance").select_option(label=stance)
    form.get_by_role("button", name="Add link").click()


def save_verdict(page, *, rating, headline, summary, public_note=None):
    form = page.locator("form[action$='/verdict/']")
    if public_note is not None:
        form.get_by_label("Correction note for readers").fill(public_note)
    form.get_by_label("Rating").select_option(label=rating)
    form.get_by_label("Headline").fill(headline)
    form.get_by_label("Summary").fill(summary)
    form.get_by_role("button", name="Save draft").click()
    expect(page.locator("main .alert-success")).to_contain_text("Verdict draft saved.")


def take_step(page, label, comment=None):
    """Press a workflow button of the page; steps that need a comment open their panel first."""
    if comment is None:
        page.get_by_role("button", name=label, exact=True).click()
        return
    page.locator("summary", has_text=f"{label}…").click()
    form = page.locator(f"form:has(button:text-is('{label}'))")
    form.get_by_role("textbox").fill(comment)
    form.get_by_role("button", name=label, exact=True).click()


def test_a_piece_becomes_a_published_verdict_and_is_corrected(open_context, shot, checker, editor, editor2):
    # The fact-checker imports a piece by pasting it and keeps three of its candidates.
    desk_checker = log_in(open_context(), "checker")
    shot(desk_checker, "checker logged in: queue")
    desk_checker.goto("/desk/intake/")
    desk_checker.get_by_label("Paste the text").fill(PIECE)
    shot(desk_checker, "intake: piece pasted")
    desk_checker.get_by_role("button", name="Find candidate claims").click()
    expect(desk_checker.locator("h1")).to_have_text(TITLE)
    candidates = desk_checker.locator("li.candidate")
    expect(candidates).to_have_count(4)
    for quote in (SHIPS, FERRY, DREDGING):
        candidates.filter(has=desk_checker.locator("blockquote", has_text=quote)).get_by_label(
            re.compile("^Keep")
        ).check()
    shot(desk_checker, "intake: three candidates ticked")
    desk_checker.get_by_role("button", name="Save the ticked claims").click()
    expect(desk_checker.locator("main .alert-success")).to_have_text(f"Stored “{TITLE}” with 3 new claims.")
    shot(desk_checker, "intake: stored")
    kept = Claim.objects.filter(piece__title=TITLE)
    assert sorted(kept.values_list("statement", flat=True)) == sorted([SHIPS, FERRY, DREDGING])
    assert set(kept.values_list("status", flat=True)) == {Claim.Status.NEW}
    claim = kept.get(statement=SHIPS)

    # An editor assigns one of them to the fact-checker on the triage page.
    desk_editor = log_in(open_context(), "editor")
    desk_editor.goto("/desk/triage/")
    row = desk_editor.locator(f"#claim-{claim.pk}")
    row.get_by_label("Assign to").select_option(label="checker")
    shot(desk_editor, "triage: assigning")
    row.get_by_role("button", name="Assign").click()
    expect(desk_editor.locator("main .alert-success")).to_contain_text("is assigned to checker now.")
    expect(desk_editor.locator(f"#claim-{claim.pk}")).to_have_count(0)
    shot(desk_editor, "triage: assigned")

    # The fact-checker finds it in the queue, adds two evidence links and a verdict, and submits.
    desk_checker.goto("/desk/")
    desk_checker.get_by_role("link", name=SHIPS).first.click()
    expect(desk_checker.locator("h1")).to_have_text(SHIPS)
    add_evidence(
        desk_checker, url="https://port-elling.example.org/stats/2023", title="Port statistics 2023", stance="Supports"
    )
    expect(desk_checker.locator("main .alert-success")).to_have_text("Evidence link added.")
    add_evidence(
        desk_checker, url="https://port-elling.example.org/stats/2019", title="Port statistics 2019", stance="Supports"
    )
    expect(desk_checker.locator("#evidence .evidence-title")).to_have_text(
        ["Port statistics 2023", "Port statistics 2019"]
    )
    save_verdict(
        desk_checker, rating="Mostly true", headline="Ship numbers did double", summary="The port counted 4,200 ships."
    )
    shot(desk_checker, "workspace: evidence and draft")
    take_step(desk_checker, "Submit for review")
    expect(desk_checker.locator("main .alert-success")).to_contain_text("Submitted for review.")
    shot(desk_checker, "workspace: submitted")

    # The editor sends it back with a comment.
    desk_editor.goto("/desk/review/")
    desk_editor.get_by_role("link", name=SHIPS).first.click()
    expect(desk_editor.locator("h1")).to_have_text(SHIPS)
    shot(desk_editor, "review: first submission")
    sent_back = "Both yearly counts are in the sources: rate it True and give the 2019 figure."
    take_step(desk_editor, "Request changes", sent_back)
    expect(desk_editor.locator("main .alert-success")).to_contain_text("Sent back to checker with your comment.")

    # The fact-checker sees the comment, fixes the verdict and resubmits.
    workspace(desk_checker, claim)
    expect(desk_checker.locator("#history")).to_contain_text(sent_back)
    shot(desk_checker, "workspace: sent back with a comment")
    save_verdict(
        desk_checker,
        rating="True",
        headline="Ship numbers did double",
        summary="The port counted 4,200 ships in 2023 and 2,100 in 2019.",
    )
    take_step(desk_checker, "Submit for review")
    expect(desk_checker.locator("main .alert-success")).to_contain_text("Submitted for review.")

    # The editor approves: the verdict is public.
    desk_editor.goto(f"/desk/review/{claim.pk}/")
    shot(desk_editor, "review: resubmitted")
    take_step(desk_editor, "Approve")
    expect(desk_editor.locator("main .alert-success")).to_contain_text("Approved and published.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED

    # A reader finds it on the home page, reads it, and follows it to the highlighted piece.
    reader = open_context().new_page()
    reader.goto("/")
    shot(reader, "home")
    reader.get_by_role("link", name="Ship numbers did double").click()
    expect(reader.locator("h1")).to_have_text("Ship numbers did double")
    expect(reader.locator(".claim-panel-rating .rating-badge")).to_have_text("True")
    expect(reader.locator(".evidence .evidence-title")).to_have_text(["Port statistics 2023", "Port statistics 2019"])
    expect(reader.locator(".verdict-summary")).to_have_text("The port counted 4,200 ships in 2023 and 2,100 in 2019.")
    expect(reader.locator("#corrections")).to_have_count(0)
    shot(reader, "verdict")
    reader.get_by_role("link", name="Read the piece with the checked claims highlighted").click()
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator(".piece-body mark")).to_have_text([SHIPS])
    shot(reader, "piece")

    # The editor reopens it for a correction and writes it; the four-eyes rule stops them approving it.
    desk_editor.goto(f"/desk/review/{claim.pk}/")
    reason = "The 2019 count covered cargo and passenger ships alike."
    take_step(desk_editor, "Reopen for correction", reason)
    expect(desk_editor.locator("main .alert-success")).to_contain_text("Reopened for correction.")
    workspace(desk_editor, claim)
    expect(desk_editor.locator("#verdict")).to_contain_text(reason)
    save_verdict(
        desk_editor,
        rating="True",
        headline="Ship numbers did double",
        summary="The port counted 4,200 cargo ships in 2023 and 2,100 ships of all kinds in 2019.",
        public_note="We compared like with like: the 2019 count covered every kind of ship.",
    )
    take_step(desk_editor, "Submit for review")
    desk_editor.goto(f"/desk/review/{claim.pk}/")
    expect(desk_editor.get_by_role("button", name="Approve", exact=True)).to_be_disabled()
    expect(desk_editor.locator(".step-list")).to_contain_text("four-eyes rule")
    shot(desk_editor, "review: correction, four-eyes")

    # Another editor approves the correction, and the reader sees the correction note.
    other_editor = log_in(open_context(), "editor2")
    other_editor.goto(f"/desk/review/{claim.pk}/")
    expect(other_editor.locator(".diff")).to_contain_text("Changes from the published revision 1")
    take_step(other_editor, "Approve")
    expect(other_editor.locator("main .alert-success")).to_contain_text("Approved and published.")
    shot(other_editor, "review: correction approved")
    reader.goto(claim.get_absolute_url())
    expect(reader.locator("#corrections")).to_contain_text("the 2019 count covered every kind of ship")
    expect(reader.locator("main")).not_to_contain_text(reason)  # the reopen reason is internal
    expect(reader.locator(".updated-flag")).to_contain_text("Corrected")
    expect(reader.locator(".verdict-summary")).to_have_text(
        "The port counted 4,200 cargo ships in 2023 and 2,100 ships of all kinds in 2019."
    )
    shot(reader, "verdict: corrected")
    approvals = ReviewEvent.objects.filter(claim=claim, step="approve").order_by("id")
    assert [event.actor.username for event in approvals] == ["editor", "editor2"]


def test_the_second_editor_approving_the_same_claim_is_told_it_is_already_handled(
    open_context, shot, in_review_claim, editor, editor2
):
    first, second = log_in(open_context(), "editor"), log_in(open_context(), "editor2")
    for page in (first, second):
        page.goto(f"/desk/review/{in_review_claim.pk}/")
        expect(page.get_by_role("button", name="Approve", exact=True)).to_be_enabled()
    take_step(first, "Approve")
    expect(first.locator("main .alert-success")).to_contain_text("Approved and published.")
    shot(first, "first editor approved")
    take_step(second, "Approve")
    expect(second.locator("main .alert-danger")).to_contain_text("This claim is already handled: it is published now")
    shot(second, "second editor: already handled")
    assert ReviewEvent.objects.filter(claim=in_review_claim, step="approve").count() == 1


def test_a_javascript_url_as_evidence_gets_a_field_error(open_context, shot, researching_claim, checker):
    before = list(Evidence.objects.filter(claim=researching_claim).values_list("url", flat=True))
    page = log_in(open_context(), "checker")
    workspace(page, researching_claim)
    add_evidence(page, url="javascript:alert(document.cookie)", title="A trap", stance="Refutes")
    url_field = page.locator("form[action$='/evidence/add/']").get_by_label("URL")
    expect(url_field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(url_field).to_be_focused()
    error = page.locator("form[action$='/evidence/add/'] .invalid-feedback")
    expect(error).to_contain_text("http://")
    expect(url_field).to_have_value("javascript:alert(document.cookie)")
    shot(page, "javascript url refused")
    assert list(Evidence.objects.filter(claim=researching_claim).values_list("url", flat=True)) == before
