"""Stored XSS: what a fact-checker types into any text field stays text on every page that shows it.

Checked in the browser with the Content-Security-Policy switched off (`bypass_csp`), so
the test sees the escaping itself, not the CSP standing in for it: no dialog opens,
no payload script runs, no element or javascript: link comes out of the payloads.
"""

import json

import pytest
from playwright.sync_api import expect

from claims import editing
from claims.models import Claim
from tests.browser import log_in

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.browser.fixtures"]  # the browser, contexts and screenshots


def payload(field):
    """A payload named after its field: breaks out of text, attributes, <title> and <textarea>."""
    return (
        f"{field}: </textarea></title><script>window.__xss=1</script>\"'><img src=x onerror=alert(1)>"
        f"<svg onload=alert(1)> [x](javascript:alert(1))"
    )


PIECE = """Harbour traffic doubled, port says

The harbour authority said that 4,200 cargo ships docked at Port Elling in 2023, twice as many as in 2019.

Mayor Ada Brennan claimed the dredging project cost 18 million euros less than planned.
"""
SHIPS = "The harbour authority said that 4,200 cargo ships docked at Port Elling in 2023, twice as many as in 2019."
DREDGING = "Mayor Ada Brennan claimed the dredging project cost 18 million euros less than planned."

# What each page must show as text: proof that the payloads reached it.
ON_REVIEW = ["claim statement", "claim claimant", "verdict headline", "verdict summary"]
ON_REVIEW += ["evidence title", "evidence publisher", "evidence note", "comment"]
ON_WORKSPACE = ON_REVIEW + ["piece title"]
ON_VERDICT = ["claim statement", "claim claimant", "piece title", "verdict headline", "verdict summary"]
ON_VERDICT += ["evidence title", "evidence publisher", "evidence note"]


class Watcher:
    """Records every dialog the pages of a browser context open (and dismisses it)."""

    def __init__(self, context):
        self.dialogs = []
        context.on("dialog", self.record)

    def record(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message} on {dialog.page.url if dialog.page else '?'}")
        dialog.dismiss()


HANDLERS = """[...document.querySelectorAll('*')].flatMap(element => [...element.attributes]
    .filter(attribute => attribute.name.startsWith('on')
        || /^\\s*javascript:/i.test(attribute.value) && ['href', 'src', 'action'].includes(attribute.name))
    .map(attribute => `<${element.localName} ${attribute.name}=${attribute.value}>`))"""


def assert_inert(page, watcher, shot, step, shows=()):
    """The page ran no payload and grew no element from one; the named fields' payloads are on it as text."""
    shot(page, step)
    where = f"{step} ({page.url})"
    assert watcher.dialogs == [], where
    assert page.evaluate("typeof window.__xss") == "undefined", where
    assert page.evaluate(HANDLERS) == [], where
    assert page.locator("img[src=x], svg[onload]").count() == 0, where
    inline = page.locator("script:not([src])")
    types = [inline.nth(i).get_attribute("type") for i in range(inline.count())]
    assert all(kind == "application/ld+json" for kind in types), f"{where}: inline scripts {types}"
    documents = []
    for i in range(inline.count()):
        try:
            documents.append(json.loads(inline.nth(i).text_content()))
        except json.JSONDecodeError as error:
            raise AssertionError(f"{where}: a JSON-LD script does not parse: {error}") from None
    text = page.locator("body").inner_text()
    for field in shows:
        assert payload(field) in text, f"{where}: the {field} is not shown as text"
    return documents


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{payload('unescaped')}</p>",
        '<p title="x"><img src=x onerror="window.__xss=1"></p>',
        '<a href="javascript:alert(1)">x</a>',
        '<script type="application/ld+json">{"claimReviewed": "</script><script>window.__xss=1</script>"}</script>',
    ],
    ids=["text", "attribute", "link", "json-ld"],
)
def test_the_check_catches_markup_that_is_not_escaped(browser, html):
    context = browser.new_context(bypass_csp=True)
    watcher = Watcher(context)
    page = context.new_page()
    page.set_content(f"<!doctype html><title>t</title><body>{html}</body>")
    with pytest.raises(AssertionError):
        assert_inert(page, watcher, lambda page, step: None, "unescaped")
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_payloads_in_every_field_a_fact_checker_fills_stay_text(open_context, shot, checker, editor):
    desk = open_context(bypass_csp=True)
    watcher = Watcher(desk)
    page = log_in(desk, "checker")

    # The intake: the piece's title and publisher, then a kept candidate's statement and claimant.
    page.goto("/desk/intake/")
    page.get_by_label("Paste the text").fill(PIECE)
    page.get_by_label("Title", exact=True).fill(payload("piece title"))
    page.get_by_label("Canonical address").fill("https://port-elling.example.org/news/harbour")
    page.get_by_label("Publisher").fill(payload("piece publisher"))
    page.get_by_role("button", name="Find candidate claims").click()
    assert_inert(page, watcher, shot, "intake candidates", ["piece title", "piece publisher"])
    expect(page.get_by_label("Title of the piece")).to_have_value(payload("piece title"))
    for quote in (SHIPS, DREDGING):
        page.locator("li.candidate", has_text=quote).get_by_label("Keep").check()
    dredging = page.locator("li.candidate", has_text=DREDGING)
    dredging.get_by_label("Statement to check").fill(payload("intake statement"))
    dredging.get_by_label("Claimant").fill(payload("intake claimant"))
    page.get_by_role("button", name="Save the ticked claims").click()
    expect(page.locator("main .alert-success")).to_contain_text("with 2 new claims")
    ships = Claim.objects.get(statement=SHIPS)
    editing.set_republishing(ships.piece, by=editor, allowed=True)  # our own reporting: the piece page shows it
    intake_claim = Claim.objects.get(statement=payload("intake statement"))

    # The claim taken from the intake: its statement, claimant and quote.
    page.goto(f"/desk/claims/{intake_claim.pk}/")
    page.get_by_role("button", name="Take this claim").click()
    page.locator("summary", has_text="Edit the claim").click()
    page.get_by_label("Verbatim quote").fill(payload("claim quote"))
    page.get_by_role("button", name="Save claim").click()
    expect(page.locator("main .alert-success")).to_have_text("Claim saved.")
    assert_inert(page, watcher, shot, "intake claim workspace", ["intake statement", "intake claimant"])
    page.locator("summary", has_text="Edit the claim").click()
    expect(page.get_by_label("Verbatim quote")).to_have_value(payload("claim quote"))

    # The claim that goes all the way to the public: claim, evidence, verdict, comment.
    page.goto(f"/desk/claims/{ships.pk}/")
    page.get_by_role("button", name="Take this claim").click()
    page.locator("summary", has_text="Edit the claim").click()
    page.get_by_label("Statement checked").fill(payload("claim statement"))
    page.get_by_label("Claimant").fill(payload("claim claimant"))
    page.get_by_label("Verbatim quote").fill(payload("claim quote"))
    page.get_by_role("button", name="Save claim").click()
    expect(page.locator("main .alert-success")).to_have_text("Claim saved.")
    evidence = page.locator("form[action$='/evidence/add/']")
    evidence.get_by_label("URL").fill("https://port-elling.example.org/stats")
    evidence.get_by_label("Title").fill(payload("evidence title"))
    evidence.get_by_label("Publisher").fill(payload("evidence publisher"))
    evidence.get_by_label("Note or quote").fill(payload("evidence note"))
    evidence.get_by_role("button", name="Add link").click()
    expect(page.locator("main .alert-success")).to_have_text("Evidence link added.")
    verdict = page.locator("form[action$='/verdict/']")
    verdict.get_by_label("Rating").select_option(label="True")
    verdict.get_by_label("Headline").fill(payload("verdict headline"))
    verdict.get_by_label("Summary").fill(payload("verdict summary"))
    verdict.get_by_label("Explanation").fill(payload("verdict explanation") + "\n\n<b onmouseover=alert(1)>bold</b>")
    verdict.get_by_role("button", name="Preview explanation").click()
    expect(page.locator("#verdict-preview")).to_contain_text("verdict explanation:")
    assert_inert(page, watcher, shot, "explanation preview")
    verdict.get_by_role("button", name="Save draft").click()
    expect(page.locator("main .alert-success")).to_have_text("Verdict draft saved.")
    page.locator("form[action$='/comment/']").get_by_label("Internal comment").fill(payload("comment"))
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("main .alert-success")).to_have_text("Comment posted.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("main .alert-success")).to_contain_text("Submitted for review.")
    assert_inert(page, watcher, shot, "workspace", ON_WORKSPACE)
    expect(page.locator("#verdict .verdict-explanation")).to_contain_text("verdict explanation:")
    page.goto("/desk/")
    assert_inert(page, watcher, shot, "queue", ["claim statement", "intake statement"])

    # The editor's review queue and review page, then the approval.
    editor_desk = open_context(bypass_csp=True)
    editor_watcher = Watcher(editor_desk)
    review = log_in(editor_desk, "editor")
    review.goto("/desk/review/")
    assert_inert(review, editor_watcher, shot, "review queue", ["claim statement", "piece title"])
    review.goto(f"/desk/review/{ships.pk}/")
    assert_inert(review, editor_watcher, shot, "review", ON_REVIEW)
    review.get_by_role("button", name="Approve", exact=True).click()
    expect(review.locator("main .alert-success")).to_contain_text("Approved and published.")

    # The public pages: home, the verdict (with its JSON-LD) and the piece.
    reader_context = open_context(bypass_csp=True)
    reader_watcher = Watcher(reader_context)
    reader = reader_context.new_page()
    reader.goto("/")
    assert_inert(reader, reader_watcher, shot, "home", ["claim statement", "claim claimant", "verdict headline"])
    reader.goto(Claim.objects.get(pk=ships.pk).get_absolute_url())
    documents = assert_inert(reader, reader_watcher, shot, "verdict", ON_VERDICT)
    (review_ld,) = [doc for doc in documents if doc.get("@type") == "ClaimReview"]
    assert review_ld["claimReviewed"] == payload("claim statement")
    assert review_ld["headline"] == payload("verdict headline")
    assert review_ld["itemReviewed"]["author"]["name"] == payload("claim claimant")
    # The claim has the claimant's words and appeared in the piece: the piece holds them as a Quotation.
    appearance = review_ld["itemReviewed"]["appearance"]
    assert appearance["@type"] == "NewsArticle" and appearance["headline"] == payload("piece title")
    assert appearance["hasPart"] == {
        "@type": "Quotation",
        "text": payload("claim quote"),
        "spokenByCharacter": {"@type": "Person", "name": payload("claim claimant")},
    }
    expect(reader.locator(".prose")).to_contain_text("verdict explanation:")
    reader.get_by_role("link", name="Read the piece with the checked claims highlighted").click()
    assert_inert(reader, reader_watcher, shot, "piece", ["piece title", "piece publisher", "claim statement"])
    expect(reader.locator(".piece-body mark")).to_have_text([SHIPS])
    expect(reader.locator(".piece-body a.rating-badge")).to_have_attribute("title", payload("verdict headline"))
