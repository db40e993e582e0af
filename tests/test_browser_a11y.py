"""Accessibility: axe-core finds no serious or critical violation on the pages people use most."""

from axe_playwright_python.sync_playwright import Axe

from claims import workflow
from tests.browser import BROWSER_TEST, log_in
from tests.conftest import ClaimFactory, PieceFactory, publish, research

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
