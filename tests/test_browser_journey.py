"""The desk end to end in a real browser: a piece goes in, a verdict comes out, and is corrected.

The journey runs at a laptop's width and a phone's, and covers the daily loop of issue 14 case by case
(the numbers in the comments): work typed before pressing a workflow button is kept (1), sent-back and
correction work shows its state (2), the review screen has what an editor decides on (3), the public
address follows the headline and old ones redirect (4), a pasted piece keeps its paragraphs, heading and
captioned photo apart (5), desk and public site link both ways and editors search the desk (6), the
check-worthiness score stays (7), and times carry their zone, messages are plain words, the 404 page fits
a phone, the sub-navigation works there and the verdict page names its author and editor (8).
"""

import re

import pytest
from playwright.sync_api import expect

from claims import editing
from claims.models import Claim, ClaimSlugRedirect, Evidence, ReviewEvent
from tests.browser import BROWSER_TEST, log_in
from tests.browser.layout import LAPTOP, PHONE, overflow

pytestmark = BROWSER_TEST
pytest_plugins = ["tests.browser.fixtures"]  # the browser, contexts and screenshots

# A made-up local news piece, written for this test, pasted as news sites give it: one paragraph a line,
# a byline, a heading, and a photo's caption ending with its credit.
TITLE = "Harbour traffic doubled, port says"
BYLINE = "Lena Moor"
BEFORE = "Port Elling had its busiest year on record."  # the quote's context on the review screen
SHIPS = "The harbour authority said that 4,200 cargo ships docked at Port Elling in 2023, twice as many as in 2019."
FERRY = "According to the regional council, the new ferry line carried 310,000 passengers in its first year."
DREDGING = "Mayor Ada Brennan claimed the dredging project cost 18 million euros less than planned."
HEADING = "What the mayor says"
CAPTION = "Cranes unload a container ship at Port Elling on 3 March, the busiest day of the year."
CREDIT = "Photo: Ines Vidal/Port Elling Press"
PIECE = f"""{TITLE}
By {BYLINE}
{BEFORE} {SHIPS}
{FERRY}
{HEADING}
{DREDGING}
Local fishermen say the water is quieter than it used to be. Is that true?
{CAPTION} {CREDIT}
The council's own report lists 27 accidents in the harbour since 2020, more than in any earlier decade.
"""
# The people of the journey, by their full names: the verdict page names only people who have one.
NAMES = {"checker": ("Nora", "Lindqvist"), "editor": ("Tomas", "Ferreira"), "editor2": ("Amara", "Okafor")}
CHECKER, EDITOR, EDITOR2 = (" ".join(NAMES[name]) for name in ("checker", "editor", "editor2"))
HEADLINE = "Ship numbers did double"
ADDRESS = "port-elling-ships-2023"
WHEN_WITH_ZONE = re.compile(r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC")  # factcheck/formats: "30 Nov 2026, 14:05 UTC"
VIEWPORTS = {"laptop": LAPTOP, "phone": PHONE}


def fits(page, shot, step):
    """A screenshot of the page, which must fit its window's width (nothing sticking out to scroll to)."""
    shot(page, step)
    assert overflow(page) == "", f"{step} ({page.url})"


def subnav(page, name):
    """Go to a desk page by its link in the desk's sub-navigation, as a person would at any width."""
    page.locator("nav.desk-subnav").get_by_role("link", name=name, exact=True).click()


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


def type_verdict(page, *, rating=None, headline=None, summary=None, explanation=None, public_note=None):
    """Type into the verdict form without saving it: only what is given changes."""
    form = page.locator("form[action$='/verdict/']")
    if public_note is not None:
        form.get_by_label("Correction note for readers").fill(public_note)
    if rating is not None:
        form.get_by_label("Rating").select_option(label=rating)
    for label, text in (("Headline", headline), ("Summary", summary), ("Explanation", explanation)):
        if text is not None:
            form.get_by_label(label).fill(text)


def take_step(page, label, comment=None):
    """Press a workflow button of the page; steps that need a comment open their panel first."""
    if comment is None:
        page.get_by_role("button", name=label, exact=True).click()
        return
    page.locator("summary", has_text=f"{label}…").click()
    form = page.locator(f"form:has(button:text-is('{label}'))")
    form.get_by_role("textbox").fill(comment)
    form.get_by_role("button", name=label, exact=True).click()


def expect_success(page, text):
    expect(page.locator("main .alert-success")).to_contain_text(text)


def name_the_people(*users):
    for user in users:
        user.first_name, user.last_name = NAMES[user.username]
        user.save(update_fields=["first_name", "last_name"])


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_a_piece_becomes_a_published_verdict_and_is_corrected(width, open_context, shot, checker, editor, editor2):
    name_the_people(checker, editor, editor2)

    def person(username=None):
        context = open_context(viewport=VIEWPORTS[width])
        return log_in(context, username) if username else context.new_page()

    # The fact-checker lands on their own queue, pastes a piece and keeps three of its candidates (5).
    desk_checker = person("checker")
    expect(desk_checker).to_have_url(re.compile(r"/desk/mine/$"))
    fits(desk_checker, shot, "checker logged in: my queue")
    subnav(desk_checker, "Intake")
    desk_checker.get_by_label("Paste the text").fill(PIECE)
    desk_checker.get_by_role("button", name="Find candidate claims").click()
    expect(desk_checker.locator("h1")).to_have_text(TITLE)
    candidates = desk_checker.locator("li.candidate")
    expect(candidates.filter(has_text=SHIPS)).to_have_count(1)
    for not_a_claim in (BYLINE, "Ines Vidal", HEADING):  # bylines, credits and headings never become claims
        expect(candidates.filter(has_text=not_a_claim)).to_have_count(0)
    for quote in (SHIPS, FERRY, DREDGING):
        candidates.filter(has=desk_checker.locator("blockquote", has_text=quote)).get_by_label(
            re.compile("^Keep")
        ).check()
    fits(desk_checker, shot, "intake: three candidates ticked")
    desk_checker.get_by_role("button", name="Save the ticked claims").click()
    expect(desk_checker.locator("main .alert-success")).to_have_text(f"Stored “{TITLE}” with 3 new claims.")
    kept = Claim.objects.filter(piece__title=TITLE)
    assert sorted(kept.values_list("statement", flat=True)) == sorted([SHIPS, FERRY, DREDGING])
    claim, ferry = kept.get(statement=SHIPS), kept.get(statement=FERRY)
    # The piece is the newsroom's own reporting: an editor says we may publish its text (imports default to no;
    # the restricted piece page has its own layout test).
    editing.set_republishing(claim.piece, by=editor, allowed=True)

    # An editor lands on the review queue, goes to triage, sees each claim's score, and assigns one (6, 7).
    desk_editor = person("editor")
    expect(desk_editor).to_have_url(re.compile(r"/desk/review/$"))
    subnav(desk_editor, "Triage")
    row = desk_editor.locator(f"#claim-{claim.pk}")
    expect(row.locator(".score-reasons summary")).to_have_text(re.compile(r"Check-worthiness\s+[01]\.\d\d$"))
    row.get_by_label("Assign to").select_option(label=CHECKER)
    fits(desk_editor, shot, "triage: scores, assigning")
    row.get_by_role("button", name="Assign").click()
    expect_success(desk_editor, f"is assigned to {CHECKER} now.")
    expect(desk_editor.locator(f"#claim-{claim.pk}")).to_have_count(0)

    # The fact-checker's queue has a score column; taking a new claim says so in plain words (7, 8).
    subnav(desk_checker, "My queue")
    mine = desk_checker.locator("table.claim-list").first.locator("tr", has_text=SHIPS)
    expect(mine.locator("td[data-label='Score']")).to_have_text(re.compile(r"[01]\.\d\d"))
    fits(desk_checker, shot, "my queue: assigned claim with its score")
    desk_checker.locator("tr", has_text=FERRY).get_by_role("button", name=re.compile("^Take")).click()
    expect(desk_checker.locator("main .alert-success")).to_have_text("You took this claim.")
    expect(desk_checker.locator("h1")).to_have_text(FERRY)

    # The fact-checker says who made the claim, when and where, and adds two evidence links.
    workspace(desk_checker, claim)
    desk_checker.locator("summary", has_text="Edit the claim").click()
    desk_checker.get_by_label("Claimant").fill("Port Elling harbour authority")
    desk_checker.get_by_label("Date said").fill("2024-01-15")
    desk_checker.get_by_label("Where it appeared").fill("https://port-elling.example.org/news/harbour-traffic")
    desk_checker.get_by_role("button", name="Save claim").click()
    expect_success(desk_checker, "Claim saved.")
    add_evidence(
        desk_checker, url="https://port-elling.example.org/stats/2023", title="Port statistics 2023", stance="Supports"
    )
    expect_success(desk_checker, "Evidence link added.")
    add_evidence(
        desk_checker, url="https://port-elling.example.org/stats/2019", title="Port statistics 2019", stance="Supports"
    )
    expect(desk_checker.locator("#evidence .evidence-title")).to_have_text(
        ["Port statistics 2023", "Port statistics 2019"]
    )

    # Submit without saving first: refused for the missing summary, everything typed is still there;
    # with the summary typed, the same button saves the verdict and submits it (1).
    explanation = "The port's yearly reports count 4,200 ships in 2023."
    type_verdict(desk_checker, rating="Mostly true", headline=HEADLINE, explanation=explanation)
    take_step(desk_checker, "Submit for review")
    expect(desk_checker.locator("main .alert-danger")).to_contain_text("Before submitting, add a summary")
    verdict_form = desk_checker.locator("form[action$='/verdict/']")
    expect(verdict_form.get_by_label("Headline")).to_have_value(HEADLINE)
    expect(verdict_form.get_by_label("Explanation")).to_have_value(explanation)
    expect(verdict_form.get_by_label("Rating").locator("option:checked")).to_have_text("Mostly true")
    fits(desk_checker, shot, "workspace: refused submit keeps the typed verdict")
    type_verdict(desk_checker, summary="The port counted 4,200 ships.")
    take_step(desk_checker, "Submit for review")
    expect(desk_checker.locator("main .alert-success")).to_have_text(
        "Submitted for review. An editor will approve it or send it back."
    )
    expect(desk_checker.locator("#verdict")).to_contain_text("The port counted 4,200 ships.")
    fits(desk_checker, shot, "workspace: submitted without saving first")
    claim.refresh_from_db()
    assert claim.slug == "ship-numbers-did-double"  # the address follows the headline (4)

    # The review screen: the quote in its context, who said it, when and where, and the preview (3).
    subnav(desk_editor, "Review")
    desk_editor.get_by_role("link", name=SHIPS).first.click()
    expect(desk_editor.locator("h1")).to_have_text(SHIPS)
    expect(desk_editor.locator(".quote-context mark")).to_have_text(SHIPS)
    expect(desk_editor.locator(".quote-context")).to_have_text(f"{BEFORE} {SHIPS}")
    source = desk_editor.locator("section[aria-labelledby='source-heading']")
    for shown in (
        "Port Elling harbour authority",
        "15 Jan 2024",
        "https://port-elling.example.org/news/harbour-traffic",
    ):
        expect(source).to_contain_text(shown)
    fits(desk_editor, shot, "review: first submission")
    desk_editor.get_by_role("link", name="Preview the public page").click()
    expect(desk_editor.locator(".preview-banner")).to_contain_text("Preview: not published.")
    expect(desk_editor.locator("h1")).to_have_text(HEADLINE)
    fits(desk_editor, shot, "preview of the public page")
    desk_editor.go_back()
    sent_back = "Both yearly counts are in the sources: rate it True and give the 2019 figure."
    take_step(desk_editor, "Request changes", sent_back)
    expect_success(desk_editor, f"Sent back to {CHECKER} with your comment.")

    # The fact-checker's queue and workspace say "Changes requested", the editor's note on top, dated with
    # its zone (2, 8); they choose the public address, then fix the verdict and submit it again.
    subnav(desk_checker, "My queue")
    expect(desk_checker.locator("tr", has_text=SHIPS).locator(".status-badge")).to_have_text("Changes requested")
    fits(desk_checker, shot, "my queue: changes requested")
    desk_checker.get_by_role("link", name=SHIPS).first.click()
    expect(desk_checker.locator(".desk-meta .status-badge")).to_have_text("Changes requested")
    request = desk_checker.locator(".changes-request")
    expect(request).to_contain_text(f"{EDITOR} requested changes")
    expect(request).to_contain_text(sent_back)
    expect(request.locator("time")).to_have_text(WHEN_WITH_ZONE)
    assert request.bounding_box()["y"] < desk_checker.locator("#claim").bounding_box()["y"]  # on top of the page
    fits(desk_checker, shot, "workspace: changes requested, the note on top")
    desk_checker.locator("summary", has_text="Edit the claim").click()
    desk_checker.get_by_label("Address of the verdict page").fill(ADDRESS)
    desk_checker.get_by_role("button", name="Save claim").click()
    expect_success(desk_checker, "Claim saved.")
    type_verdict(desk_checker, rating="True", summary="The port counted 4,200 ships in 2023 and 2,100 in 2019.")
    take_step(desk_checker, "Submit for review")
    expect_success(desk_checker, "Submitted for review.")

    # The editor sees what changed since the request, and approves: the message links to the live page (3, 6).
    desk_editor.goto(f"/desk/review/{claim.pk}/")
    changes = desk_editor.locator("section[aria-labelledby='since-heading']")
    expect(changes).to_contain_text(sent_back)
    expect(changes.locator("h3", has_text="Rating")).not_to_contain_text("unchanged")
    expect(changes.locator("h3", has_text="Headline")).to_contain_text("unchanged")
    fits(desk_editor, shot, "review: changes since the request")
    take_step(desk_editor, "Approve")
    expect_success(desk_editor, "Approved and published.")
    fits(desk_editor, shot, "review queue: approved, with a link to the live page")
    desk_editor.locator("main .alert-success").get_by_role("link", name="Open the live page").click()
    expect(desk_editor).to_have_url(re.compile(f"/verdicts/{ADDRESS}/$"))
    expect(desk_editor.get_by_role("link", name="Open in the desk")).to_have_attribute(
        "href", f"/desk/claims/{claim.pk}/"
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED

    # A reader finds it on the home page; the page names its author and approving editor (8).
    reader = person()
    reader.goto("/")
    fits(reader, shot, "home")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader).to_have_url(re.compile(f"/verdicts/{ADDRESS}/$"))
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".claim-panel-rating .rating-badge")).to_have_text("True")
    expect(reader.locator(".verdict-byline")).to_have_text(f"Fact check by {CHECKER} · approved by {EDITOR}")
    expect(reader.locator(".evidence .evidence-title")).to_have_text(["Port statistics 2023", "Port statistics 2019"])
    expect(reader.locator(".verdict-summary")).to_have_text("The port counted 4,200 ships in 2023 and 2,100 in 2019.")
    expect(reader.locator("#corrections")).to_have_count(0)
    expect(reader.get_by_role("link", name="Open in the desk")).to_have_count(0)
    fits(reader, shot, "verdict")

    # The earlier addresses, from the statement and from the headline, redirect for good to the chosen one (4).
    old_addresses = list(ClaimSlugRedirect.objects.filter(claim=claim).values_list("old_slug", flat=True))
    assert "ship-numbers-did-double" in old_addresses and len(old_addresses) == 2
    for old in old_addresses:
        response = reader.request.get(f"/verdicts/{old}/", max_redirects=0)
        assert (response.status, response.headers["location"]) == (301, f"/verdicts/{ADDRESS}/"), old
    reader.goto("/verdicts/ship-numbers-did-double/")
    expect(reader).to_have_url(re.compile(f"/verdicts/{ADDRESS}/$"))

    # The piece page keeps its paragraphs, heading and captioned photo apart, the claim marked (5).
    reader.get_by_role("link", name="Read the piece with the checked claims highlighted").click()
    expect(reader.locator("h1")).to_have_text(TITLE)
    body = reader.locator(".piece-body")
    expect(body.locator("mark")).to_have_text([SHIPS])
    expect(body.locator("> p")).to_have_count(5)
    expect(body.locator("h2.piece-heading")).to_have_text(HEADING)
    expect(body.locator("figure.piece-figure figcaption")).to_contain_text(CAPTION)
    expect(body.locator("figure.piece-figure .piece-credit")).to_contain_text(CREDIT)
    expect(body.locator("p", has_text="Ines Vidal")).to_have_count(0)
    expect(reader.locator(".piece-meta")).to_contain_text(BYLINE)
    fits(reader, shot, "piece: paragraphs, heading, caption with credit")

    # A mistyped address gets the styled "not found" page, which fits a phone too (8).
    assert reader.goto("/verdicts/no-such-fact-check/").status == 404
    expect(reader.locator("h1")).to_have_text("We could not find that page")
    fits(reader, shot, "404")

    # An editor searches the whole desk (6).
    desk_editor.goto("/desk/review/")
    desk_editor.get_by_label("Search the desk").fill("harbour authority")
    desk_editor.get_by_label("Search the desk").press("Enter")
    found = desk_editor.locator("table.claim-list tr", has_text=SHIPS)
    expect(found.locator(".status-badge")).to_have_text("Published")
    expect(found.locator("time")).to_have_text(WHEN_WITH_ZONE)
    fits(desk_editor, shot, "desk search")

    # The editor reopens it for a correction: the fact-checker's queue and workspace say so (2).
    desk_editor.goto(f"/desk/review/{claim.pk}/")
    reason = "The 2019 count covered cargo and passenger ships alike."
    take_step(desk_editor, "Reopen for correction", reason)
    expect_success(desk_editor, "Reopened for correction.")
    subnav(desk_checker, "My queue")
    expect(desk_checker.locator("tr", has_text=SHIPS).locator(".status-badge")).to_have_text("Correction in progress")
    workspace(desk_checker, claim)
    expect(desk_checker.locator(".desk-meta .status-badge")).to_have_text("Correction in progress")
    fits(desk_checker, shot, "workspace: correction in progress")

    # The editor writes the correction, with a note for readers and one more source; four-eyes stops
    # them approving what they wrote.
    workspace(desk_editor, claim)
    expect(desk_editor.locator("#verdict")).to_contain_text(reason)
    add_evidence(
        desk_editor,
        url="https://port-elling.example.org/stats/method",
        title="How the port counts ships",
        stance="Context",
    )
    expect_success(desk_editor, "Evidence link added.")
    note = "We compared like with like: the 2019 count covered every kind of ship."
    type_verdict(
        desk_editor,
        public_note=note,
        rating="Mostly true",
        summary="The port counted 4,200 cargo ships in 2023 and 2,100 ships of all kinds in 2019.",
    )
    take_step(desk_editor, "Submit for review")
    expect_success(desk_editor, "Submitted for review.")
    desk_editor.goto(f"/desk/review/{claim.pk}/")
    expect(desk_editor.get_by_role("button", name="Approve", exact=True)).to_be_disabled()
    expect(desk_editor.locator(".step-list")).to_contain_text("four-eyes rule")

    # Another editor lands on the review queue and sees the whole change, evidence included (3, 6).
    other_editor = person("editor2")
    expect(other_editor).to_have_url(re.compile(r"/desk/review/$"))
    other_editor.get_by_role("link", name=SHIPS).first.click()
    diff = other_editor.locator("section[aria-labelledby='diff-heading']")
    expect(diff).to_contain_text("Changes from the published revision 1")
    for changed in ("Rating", "Summary", "Evidence", "Correction note for readers"):
        expect(diff.locator("h3", has_text=changed)).not_to_contain_text("unchanged")
    expect(diff.locator(".diff-text")).to_contain_text(["How the port counts ships"])
    fits(other_editor, shot, "review: the correction's changes, evidence included")
    take_step(other_editor, "Approve")
    expect_success(other_editor, "Approved and published.")

    # Readers see the dated correction note and the rating change; the reopen reason stays internal.
    reader.goto(claim.get_absolute_url())
    corrections = reader.locator("#corrections")
    expect(corrections).to_contain_text(note)
    expect(corrections).to_contain_text("The rating changed from True to Mostly true.")
    expect(reader.locator("main")).not_to_contain_text(reason)
    expect(reader.locator(".updated-flag")).to_contain_text("Corrected")
    expect(reader.locator(".verdict-byline")).to_contain_text(f"approved by {EDITOR2}")
    expect(reader.locator(".evidence .evidence-title")).to_have_count(3)
    fits(reader, shot, "verdict: corrected")
    approvals = ReviewEvent.objects.filter(claim=claim, step="approve").order_by("id")
    assert [event.actor.username for event in approvals] == ["editor", "editor2"]
    assert Claim.objects.get(pk=ferry.pk).assignee == checker


def test_the_second_editor_approving_the_same_claim_is_told_it_is_already_handled(
    open_context, shot, in_review_claim, editor, editor2
):
    first, second = log_in(open_context(), "editor"), log_in(open_context(), "editor2")
    for page in (first, second):
        page.goto(f"/desk/review/{in_review_claim.pk}/")
        expect(page.get_by_role("button", name="Approve", exact=True)).to_be_enabled()
    take_step(first, "Approve")
    expect_success(first, "Approved and published.")
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
