"""Layout in a real browser: pages fit a phone and a laptop, nothing is cut off, focus is visible."""

from pathlib import Path

from django.conf import settings

from claims import workflow
from tests.browser import BROWSER_TEST, log_in
from tests.browser.layout import LAPTOP, PHONE, focus_ring, overflow
from tests.factories import ClaimFactory, PieceFactory, publish

pytestmark = BROWSER_TEST
pytest_plugins = ["tests.browser.fixtures"]  # the browser, contexts and screenshots

STATIC_500 = Path(settings.BASE_DIR) / "templates" / "500.html"


def test_the_admin_claim_page_fits_a_laptop_and_a_phone(open_context, shot, checker, editor, superuser, rating):
    claim = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating, evidence=3)
    workflow.reopen(claim, by=editor, reason="The council corrected its figures.")
    admin = log_in(open_context(), "root")
    too_wide = []
    for viewport in (LAPTOP, PHONE):
        admin.set_viewport_size(viewport)
        response = admin.goto(f"/{settings.FACTCHECK_ADMIN_PATH}claims/claim/{claim.pk}/change/")
        assert response.status == 200
        shot(admin, f"admin claim {viewport['width']}")
        for group in admin.locator(".inline-group").all():  # closer views, to look at
            group.screenshot(path=shot.folder / f"admin-{group.get_attribute('id')}-{viewport['width']}.png")
        if problem := overflow(admin):
            too_wide.append(problem)
    admin.set_viewport_size(LAPTOP)
    # On a laptop every column of the inlines is in view; only a phone scrolls a table inside its box.
    scrolled = admin.evaluate(
        """[...document.querySelectorAll('.inline-group .tabular')]
            .filter(table => table.scrollWidth > table.clientWidth).map(table => table.parentElement.id)"""
    )
    assert not scrolled, f"tables that need scrolling at 1280 px: {scrolled}"
    assert not too_wide, "\n".join(too_wide)


def test_every_desk_page_link_is_in_view_on_a_phone(open_context, shot, editor):
    desk = log_in(open_context(), "editor")
    desk.set_viewport_size(PHONE)
    desk.goto("/desk/")
    links = desk.locator(".desk-subnav a")
    names = links.all_inner_texts()
    assert names == ["My queue", "Review", "Triage", "Dashboard", "Intake", "Inbox"]
    shot(desk, "subnav 390")
    for link in links.all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{link.inner_text()} is cut off: {box}"
        link_name = link.inner_text()
        # Nothing covers it either: a click on its middle reaches the link.
        reached = desk.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent.trim()",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert reached == link_name
    assert not overflow(desk)

    desk.set_viewport_size(LAPTOP)
    assert len({round(link.bounding_box()["y"]) for link in links.all()}) == 1, "one row on a laptop"


def test_the_error_pages_are_styled_and_fit_a_phone(open_context, shot, checker):
    problems = []

    def check(page, status, expected, heading):
        shot(page, f"{expected} {heading}")
        assert status == expected, heading
        assert page.locator("h1").inner_text() == heading
        # Styled: the site's stylesheet is loaded (the CSP would refuse an inline one anyway).
        assert page.evaluate("getComputedStyle(document.body).fontSize") == "16.8px", heading
        if problem := overflow(page):
            problems.append(f"{expected}: {problem}")

    reader = open_context().new_page()
    reader.set_viewport_size(PHONE)
    check(reader, reader.goto("/no-such-page/").status, 404, "We could not find that page")

    desk = log_in(open_context(), "checker")
    desk.set_viewport_size(PHONE)
    check(desk, desk.goto("/desk/triage/").status, 403, "You are not allowed to open this page")  # editors only

    # Django serves the 500 page without its template engine: the browser gets the file as it is.
    reader.route("**/broken-page/", lambda route: route.fulfill(status=500, path=STATIC_500, content_type="text/html"))
    check(reader, reader.goto("/broken-page/").status, 500, "Something went wrong on our side")

    # A form sent without the CSRF cookie (it expired, or the cookies were cleared in another tab).
    context = open_context()
    form = context.new_page()
    form.set_viewport_size(PHONE)
    form.goto("/accounts/login/")
    context.clear_cookies()
    form.get_by_label("Username").fill("checker")
    form.get_by_label("Password").fill("anything")
    with form.expect_response("**/accounts/login/") as answer:
        form.get_by_role("button", name="Log in").click()
    form.wait_for_load_state()
    check(form, answer.value.status, 403, "The form could not be sent")

    assert not problems, "\n".join(problems)


def test_focus_is_visible_on_the_dark_top_bar_on_pages_and_in_the_admin(open_context, shot, editor, superuser):
    rings = {}
    reader = open_context().new_page()
    reader.goto("/")
    reader.keyboard.press("Tab")  # the skip link
    reader.keyboard.press("Tab")  # the newsroom's name, on the dark top bar
    rings["top bar"] = focus_ring(reader)
    shot(reader, "focus on the top bar")
    reader.locator("main a").first.focus()
    rings["page link"] = focus_ring(reader)
    shot(reader, "focus on a page link")

    desk = log_in(open_context(), "editor")
    desk.goto("/desk/intake/")
    desk.keyboard.press("Tab")
    desk.locator("main textarea, main input:not([type=hidden])").first.focus()
    rings["desk field"] = focus_ring(desk)
    desk.locator("main button[type=submit]").first.focus()
    rings["desk button"] = focus_ring(desk)
    shot(desk, "focus on a desk button")

    admin = log_in(open_context(), "root")
    admin.goto(f"/{settings.FACTCHECK_ADMIN_PATH}")
    admin.keyboard.press("Tab")  # skip to content
    admin.keyboard.press("Tab")  # the admin's name, in its header
    rings["admin header"] = focus_ring(admin)
    admin.locator("#content a").first.focus()
    rings["admin link"] = focus_ring(admin)
    shot(admin, "focus in the admin")

    weak = {where: ring for where, ring in rings.items() if ring["width"] < 3 or ring["contrast"] < 3}
    assert not weak, f"focus rings under 3px or 3:1: {weak}"


def test_the_page_of_a_piece_we_may_not_republish_fits_a_laptop_and_a_phone(
    open_context, shot, checker, editor, rating
):
    sentence = "The mayor said the city built 40 new schools last year, more than any city in the region."
    piece = PieceFactory(
        title="Schools, ferries and the budget: what the mayor promised",
        publisher="Wire Agency",
        body=f"{sentence} Rain is expected.\n\nCrime fell by 7% in 2024, the police said.",
        may_republish=False,
    )
    for start, end in ((0, len(sentence)), (piece.body.index("Crime"), len(piece.body))):
        publish(
            ClaimFactory(piece=piece, quote="", start=start, end=end), checker=checker, editor=editor, rating=rating
        )
    reader = open_context().new_page()
    too_wide = []
    for viewport in (LAPTOP, PHONE):
        reader.set_viewport_size(viewport)
        assert reader.goto(piece.get_absolute_url()).status == 200
        shot(reader, f"piece not ours {viewport['width']}")
        assert reader.locator(".piece-sentence").count() == 2
        assert reader.locator(".piece-body").count() == 0
        if problem := overflow(reader):
            too_wide.append(problem)
    assert not too_wide, "\n".join(too_wide)
