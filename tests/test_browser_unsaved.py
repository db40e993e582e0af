"""Typed work is never lost to a workflow button (issue 14, case 1), in a real browser.

"Submit for review" sends the verdict form, which the server saves first; any other form of the
workspace with unsaved changes stops the step in the browser (static/js/desk.js): nothing is sent,
everything typed stays, the panel holding the changes opens with a message naming it, and its first
changed field takes the focus. Leaving the page with unsaved changes asks first.
"""

from playwright.sync_api import expect

from claims import editing, workflow
from claims.models import Claim
from tests.browser import BROWSER_TEST, log_in
from tests.factories import ClaimFactory

pytestmark = BROWSER_TEST
pytest_plugins = ["tests.browser.fixtures"]  # the browser, contexts and screenshots

CLAIMANT = "Deputy mayor Ada Brennan"
EVIDENCE_URL = "https://records.example.org/schools-2024"
EVIDENCE_TITLE = "School building register 2024"
SUBMITTED = "Submitted for review. An editor will approve it or send it back."


def type_verdict(page, headline):
    form = page.locator("#verdict-form")
    form.get_by_label("Rating").select_option(label="False")
    form.get_by_label("Headline").fill(headline)
    form.get_by_label("Summary").fill("The register lists 12 new schools.")
    form.get_by_label("Explanation").fill("The city's own register counts 12.")


def press_submit(page):
    page.locator("#actions").get_by_role("button", name="Submit for review", exact=True).click()


def expect_not_submitted(claim):
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESEARCHING


def test_a_workflow_button_keeps_unsaved_forms(open_context, shot, checker, editor):
    edited, bare = ClaimFactory(), ClaimFactory()
    for claim in (edited, bare):
        workflow.assign(claim, by=editor, to=checker)
    editing.add_evidence(edited, by=checker, url=EVIDENCE_URL, title=EVIDENCE_TITLE, stance="refutes")
    page = log_in(open_context(), "checker")
    warning = page.locator("#unsaved-warning")

    # The claim form typed but not saved: Submit is not sent, the claim form says why and has the focus.
    page.goto(f"/desk/claims/{edited.pk}/")
    page.locator("summary", has_text="Edit the claim").click()
    claimant = page.locator("#claim-claimant")
    claimant.fill(CLAIMANT)
    page.locator("summary", has_text="Edit the claim").click()  # folded away: the refusal opens it again
    press_submit(page)
    expect(warning).to_have_text("Save or undo your changes to the claim before you submit for review.")
    expect(claimant).to_be_visible()
    expect(claimant).to_be_focused()
    expect(claimant).to_have_value(CLAIMANT)
    shot(page, "submit refused: the claim form has unsaved changes")
    expect_not_submitted(edited)
    assert edited.claimant != CLAIMANT

    # Leaving the page asks first; staying keeps what was typed.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("nav[aria-label='Breadcrumb']").get_by_role("link", name="My queue").click()
    expect(claimant).to_have_value(CLAIMANT)
    assert dialogs == ["beforeunload"]

    # Saved, the claim no longer holds Submit back, which saves the typed verdict and submits it.
    page.get_by_role("button", name="Save claim").click()
    expect(page.locator("main .alert-success")).to_have_text("Claim saved.")
    type_verdict(page, "Not 40 schools")
    press_submit(page)
    expect(page.locator("main .alert-success")).to_have_text(SUBMITTED)
    edited.refresh_from_db()
    assert (edited.status, edited.claimant) == (Claim.Status.IN_REVIEW, CLAIMANT)
    assert edited.verdicts.get().headline == "Not 40 schools"

    # A new evidence link typed but not added holds Submit back the same way.
    page.goto(f"/desk/claims/{bare.pk}/")
    new_link = page.locator("form[action$='/evidence/add/']")  # open: the claim has no link yet
    new_link.get_by_label("URL").fill(EVIDENCE_URL)
    new_link.get_by_label("Title").fill(EVIDENCE_TITLE)
    new_link.get_by_label("Stance").select_option(label="Refutes")
    press_submit(page)
    expect(warning).to_have_text("Save or undo your changes to the new evidence link before you submit for review.")
    expect(new_link.get_by_label("URL")).to_be_focused()
    expect(new_link.get_by_label("Title")).to_have_value(EVIDENCE_TITLE)
    expect_not_submitted(bare)
    assert not bare.evidence.exists()

    new_link.get_by_role("button", name="Add link").click()
    expect(page.locator("main .alert-success")).to_have_text("Evidence link added.")
    type_verdict(page, "Twelve, not 40")
    press_submit(page)
    expect(page.locator("main .alert-success")).to_have_text(SUBMITTED)
    shot(page, "submitted after adding the link")
    bare.refresh_from_db()
    assert bare.status == Claim.Status.IN_REVIEW
    assert list(bare.evidence.values_list("title", flat=True)) == [EVIDENCE_TITLE]
    assert bare.verdicts.get().headline == "Twelve, not 40"
