"""Accessibility: axe-core finds no serious or critical violation on the pages people use most.

Every desk page and the error pages are checked at 1280 and 390 px, and must fit a phone's width.
"""

from axe_playwright_python.sync_playwright import Axe

from claims import workflow
from claims.models import ReaderMessage
from tests.browser import BROWSER_TEST, log_in
from tests.browser.layout import LAPTOP, PHONE, overflow
from tests.factories import ClaimFactory, PieceFactory, publish, research

pytestmark = BROWSER_TEST
pytest_plugins = ["tests.browser.fixtures"]  # the browser, contexts and screenshots

BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    """One line per serious or critical violation: rule, impact and the selectors of the elements."""
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) at "
        + "; ".join(f"{' '.join(node['target'])} ({node['failureSummary']})" for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_the_main_pages_have_no_serious_accessibility_violations(open_context, shot, checker, editor, rating):
    piece = PieceFactory(body="The mayor said the city built 40 new schools last year. Rain is expected.")
    published = publish(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating, evidence=2)
    researching = research(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating, evidence=2)
    in_review = research(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating)
    workflow.submit(in_review, by=checker)

    pages = []
    reader = open_context().new_page()
    for path in ("/", published.get_absolute_url(), piece.get_absolute_url(), "/accounts/login/"):
        pages.append((reader, path))
    desk_checker = log_in(open_context(), "checker")
    pages += [(desk_checker, "/desk/"), (desk_checker, f"/desk/claims/{researching.pk}/")]
    pages.append((log_in(open_context(), "editor"), f"/desk/review/{in_review.pk}/"))

    found = []
    for page, path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        shot(page, path)
        found += blocking_violations(page)
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)


PIECE = """Harbour traffic doubled, port says

The harbour authority said that 4,200 cargo ships docked at Port Elling in 2023, twice as many as in 2019.

Mayor Ada Brennan claimed the dredging project cost 18 million euros less than planned.
"""


def intake_candidates(page) -> str:
    """The candidates page exists only as the answer to a pasted piece."""
    page.goto("/desk/intake/")
    page.get_by_label("Paste the text").fill(PIECE)
    with page.expect_navigation():
        page.get_by_role("button", name="Find candidate claims").click()
    assert page.locator("li.candidate").count() > 0
    return "/desk/intake/ candidates"


def test_every_desk_page_and_the_error_pages_pass_axe_and_fit_a_phone(open_context, shot, checker, editor, rating):
    piece = PieceFactory(body="The mayor said the city built 40 new schools last year. Rain is expected.")
    publish(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating, evidence=2)
    researching = research(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating, evidence=2)
    in_review = research(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating)
    workflow.submit(in_review, by=checker)
    ClaimFactory(piece=piece, statement="Unemployment fell to 4 percent in March.")  # waiting in triage
    ReaderMessage.objects.create(
        kind=ReaderMessage.Kind.SUGGESTION,
        text="The minister said bus fares fell by half. Is that so?",
        url="https://news.example.org/buses",
        email="reader@example.org",
    )

    desk_checker = log_in(open_context(), "checker")
    desk_editor = log_in(open_context(), "editor")
    anonymous = open_context().new_page()
    pages = [
        (desk_checker, "/desk/", 200),
        (desk_checker, f"/desk/claims/{researching.pk}/", 200),
        (desk_checker, "/desk/dashboard/", 200),
        (desk_checker, "/desk/intake/", 200),
        (desk_checker, intake_candidates, 200),
        (desk_editor, "/desk/review/", 200),
        (desk_editor, f"/desk/review/{in_review.pk}/", 200),
        (desk_editor, "/desk/triage/", 200),
        (desk_editor, "/desk/inbox/", 200),
        (desk_checker, "/desk/triage/", 403),  # editors only
        (desk_editor, "/desk/claims/999999/", 404),
        (anonymous, "/no-such-page/", 404),
    ]

    found, too_wide = [], []
    for viewport in (LAPTOP, PHONE):
        for page, path, status in pages:
            page.set_viewport_size(viewport)
            if callable(path):
                path = path(page)
            else:
                assert page.goto(path).status == status, path
            shot(page, f"{viewport['width']} {path} {status}")
            found += [f"{viewport['width']} px: {line}" for line in blocking_violations(page)]
            if viewport == PHONE and (problem := overflow(page)):
                too_wide.append(f"{path}: {problem}")
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)
    assert not too_wide, "pages wider than a 390 px phone:\n" + "\n".join(too_wide)
