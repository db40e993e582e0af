"""No path around the workflow: the admin's history pages, read-only revisions, pieces, the page cache (issue 12).

Cases 1, 3 and 6 of issue 12 as regression tests, each through the HTTP path
a person takes: the admin's forms for the desk, the test client and the WSGI
application (front cache included) for readers.
"""

import pytest
from django.test import Client
from django.urls import reverse

from claims import editing, generations, workflow
from claims.models import Claim, Piece, Rating, Verdict
from claims.public import pagination
from tests.admin_forms import form_data
from tests.factories import ClaimFactory, publish, research

S = Claim.Status


def logged_in(user):
    """A desk person's own browser, beside the anonymous reader's (`anon` is the same client as `client`)."""
    browser = Client()
    browser.force_login(user)
    return browser


def admin_url(model, action, *args):
    return reverse(f"admin:claims_{model}_{action}", args=args)


def verdict_text(verdict):
    return (verdict.headline, verdict.summary, verdict.rating_id, verdict.state)


# Case 1: the history page shows past versions and never saves one.


def revert_post(client, model, obj, **changes):
    record = obj.history.order_by("history_id").first()
    url = admin_url(model, "simple_history", obj.pk, record.history_id)
    return client.post(url, {**form_data(client, url), **changes})


def test_the_history_page_of_a_published_verdict_shows_it_but_a_fact_checker_cannot_post_it(
    client, checker, published_claim
):
    verdict = published_claim.published_verdict
    before = verdict_text(verdict)
    client.force_login(checker)

    response = revert_post(client, "verdict", verdict, headline="Forged by a revert")

    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict_text(verdict) == before
    assert published_claim.events.count() == 3  # assign, submit, approve: nothing else happened
    client.logout()
    page = client.get(published_claim.get_absolute_url())
    assert page.status_code == 200 and "Forged by a revert" not in page.content.decode()


def test_a_superuser_cannot_revert_either(client, superuser, published_claim):
    client.force_login(superuser)
    response = revert_post(client, "verdict", published_claim.published_verdict, headline="Forged")
    assert response.status_code == 403
    assert not Verdict.objects.filter(headline="Forged").exists()


def test_the_history_page_cannot_republish_a_withdrawn_claim(client, anon, superuser, withdrawn_claim):
    client.force_login(superuser)
    response = revert_post(client, "claim", withdrawn_claim, statement="Back from the dead")
    assert response.status_code == 403
    withdrawn_claim.refresh_from_db()
    assert withdrawn_claim.status == S.WITHDRAWN
    client.logout()
    assert client.get(withdrawn_claim.get_absolute_url()).status_code == 410


def test_the_history_page_cannot_point_published_evidence_elsewhere(client, checker, published_claim):
    evidence = published_claim.evidence.get()
    client.force_login(checker)
    response = revert_post(client, "evidence", evidence, url="https://evil.example/")
    assert response.status_code == 403
    evidence.refresh_from_db()
    assert evidence.url.startswith("https://records.example.org/")
    client.logout()
    assert "evil.example" not in client.get(published_claim.get_absolute_url()).content.decode()


def test_the_history_page_cannot_change_a_revision_between_two_approvals(
    client, settings, checker, editor, editor2, in_review_claim
):
    settings.FACTCHECK_REQUIRED_APPROVALS = 2
    workflow.approve(in_review_claim, by=editor2)
    draft = in_review_claim.current_draft()
    before = verdict_text(draft)
    for person in (checker, editor):
        client.force_login(person)
        assert revert_post(client, "verdict", draft, headline="Swapped after the first approval").status_code == 403
    draft.refresh_from_db()
    assert verdict_text(draft) == before and draft.state == Verdict.State.SUBMITTED
    workflow.approve(in_review_claim, by=editor)
    assert Claim.objects.get(pk=in_review_claim.pk).published_verdict.headline == before[0]


def test_the_history_list_still_opens(client, checker, published_claim):
    client.force_login(checker)
    url = admin_url("verdict", "history", published_claim.published_verdict_id)
    assert client.get(url).status_code == 200


# Read-only admin: the workflow's fields and every submitted or approved revision.


def test_an_approved_revision_is_read_only_for_a_superuser(client, superuser, published_claim):
    verdict = published_claim.published_verdict
    url = admin_url("verdict", "change", verdict.pk)
    client.force_login(superuser)
    assert 'name="headline"' not in client.get(url).content.decode()
    response = client.post(url, {"headline": "Rewritten", "summary": "x", "rating": verdict.rating_id})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.headline != "Rewritten"


def test_a_submitted_revision_is_read_only_for_everyone(client, superuser, in_review_claim):
    client.force_login(superuser)
    page = client.get(admin_url("verdict", "change", in_review_claim.current_draft().pk)).content.decode()
    assert 'name="headline"' not in page and 'name="state"' not in page


def test_a_draft_edited_in_the_admin_goes_through_the_editing_rules(client, checker, checker2, researching_claim):
    draft = researching_claim.current_draft()
    url = admin_url("verdict", "change", draft.pk)
    client.force_login(checker)
    page = client.get(url).content.decode()
    assert 'name="headline"' in page and 'name="state"' not in page and 'name="approved_at"' not in page
    client.post(url, form_data(client, url, headline="Better headline"))
    draft.refresh_from_db()
    assert (draft.headline, draft.version, draft.state) == ("Better headline", 2, Verdict.State.DRAFT)
    assert draft.history.first().history_user == checker

    client.force_login(checker2)  # not the assignee: the desk's rule holds here too
    assert client.post(url, {"headline": "Not mine", "summary": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.headline == "Better headline"


def test_evidence_edited_in_the_claims_inline_goes_through_the_editing_rules(client, checker, researching_claim):
    url = admin_url("claim", "change", researching_claim.pk)
    client.force_login(checker)
    client.post(url, form_data(client, url, **{"evidence-0-title": "Renamed record"}))
    evidence = researching_claim.evidence.get()
    assert evidence.title == "Renamed record"
    assert evidence.history.first().history_user == checker
    assert Claim.objects.get(pk=researching_claim.pk).status == S.RESEARCHING


def test_a_published_claims_evidence_cannot_be_changed_or_deleted_in_the_admin(client, superuser, published_claim):
    evidence = published_claim.evidence.get()
    client.force_login(superuser)
    url = admin_url("evidence", "change", evidence.pk)
    assert 'name="url"' not in client.get(url).content.decode()
    assert client.post(url, {"url": "https://evil.example/", "title": "x", "stance": "supports"}).status_code == 403
    assert client.post(admin_url("evidence", "delete", evidence.pk), {"post": "yes"}).status_code == 403
    client.post(
        admin_url("evidence", "changelist"),
        {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
    )
    evidence.refresh_from_db()
    assert evidence.url.startswith("https://records.example.org/")


def test_evidence_cannot_be_moved_to_another_claim_in_the_admin(client, checker, researching_claim, published_claim):
    other = ClaimFactory()
    research(other, checker=checker, editor=checker, rating=published_claim.published_verdict.rating)
    evidence = other.evidence.get()
    url = admin_url("evidence", "change", evidence.pk)
    client.force_login(checker)
    assert 'name="claim"' not in client.get(url).content.decode()
    client.post(url, form_data(client, url, claim=published_claim.pk, title="Moved"))
    evidence.refresh_from_db()
    assert (evidence.claim_id, evidence.title) == (other.pk, "Moved")


def test_a_public_claim_keeps_its_address_and_place_in_the_admin(client, editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="A reader wrote in")
    client.force_login(editor)
    page = client.get(admin_url("claim", "change", published_claim.pk)).content.decode()
    assert 'name="statement"' in page  # a correction is being drafted
    assert 'name="slug"' not in page and 'name="piece"' not in page and 'name="status"' not in page


# Pieces: editors only once a verdict is published; every change logged.


def test_a_fact_checker_cannot_change_a_piece_with_a_published_verdict(client, checker, published_claim):
    piece = published_claim.piece
    url = admin_url("piece", "change", piece.pk)
    client.force_login(checker)
    assert 'name="title"' not in client.get(url).content.decode()
    response = client.post(url, {"title": "Rewritten", "slug": piece.slug, "language": "en"})
    assert response.status_code == 403
    assert Piece.objects.get(pk=piece.pk).title == piece.title
    assert not editing.can_edit_piece(piece, checker)


def test_a_fact_checker_may_change_a_piece_nothing_was_published_from(client, checker, new_claim):
    url = admin_url("piece", "change", new_claim.piece_id)
    client.force_login(checker)
    client.post(url, form_data(client, url, title="Fixed typo"))
    piece = Piece.objects.get(pk=new_claim.piece_id)
    assert piece.title == "Fixed typo"
    assert piece.history.first().history_user == checker


def test_outsiders_may_not_change_any_piece(outsider, new_claim):
    assert not editing.can_edit_piece(new_claim.piece, outsider)


# Case 3: one invalidation mechanism, whichever path changes what readers see.


def test_a_piece_taken_down_by_an_editor_is_down_at_once_through_every_cache(anon, reader, editor, published_claim):
    piece = published_claim.piece
    verdict_url, piece_url = published_claim.get_absolute_url(), piece.get_absolute_url()
    for _ in range(2):  # the second read is served from the copies
        reader.get(verdict_url)
        anon.get(piece_url)
    assert reader.get(verdict_url)["X-Public-Cache"] == "hit"
    assert anon.get(piece_url)["X-Public-Cache"] == "hit"

    url = admin_url("piece", "change", piece.pk)
    desk = logged_in(editor)
    data = form_data(desk, url, title="Corrected title of the piece")
    del data["may_republish"]  # the box unticked: we may no longer publish its text
    response = desk.post(url, data)
    assert response.status_code == 302

    # Taking the text down is at once; the new title waits for an approved revision (tests/test_public_frozen.py).
    assert "Rain is expected" not in anon.get(piece_url).content.decode()
    assert "Read the piece with the checked claims highlighted" not in reader.get(verdict_url).content.decode()
    assert "Corrected title of the piece" not in anon.get(piece_url).content.decode()
    record = Piece.objects.get(pk=piece.pk).history.first()
    assert (record.history_user, record.title) == (editor, "Corrected title of the piece")
    assert record.history_date is not None


def test_a_rating_label_edit_shows_at_once_on_the_scale_and_not_on_published_verdicts(
    anon, reader, editor, published_claim
):
    rating = published_claim.published_verdict.rating
    verdict_url = published_claim.get_absolute_url()
    reader.get(verdict_url)
    anon.get("/")
    assert reader.get(verdict_url)["X-Public-Cache"] == "hit"
    assert anon.get("/")["X-Public-Cache"] == "hit"

    url = admin_url("rating", "change", rating.pk)
    desk = logged_in(editor)
    desk.post(url, form_data(desk, url, label="Plainly wrong"))

    assert Rating.objects.get(pk=rating.pk).label == "Plainly wrong"
    # The verdict shows the rating as approved until a revision carrying the new label is approved.
    assert "Plainly wrong" not in reader.get(verdict_url).content.decode()
    assert "Plainly wrong" in anon.get("/").content.decode()  # the home page's "browse by rating": the scale now


def test_a_rating_reordered_in_the_list_refreshes_the_pages(anon, editor, published_claim):
    anon.get("/")
    before = generations.generations([generations.SITE])
    ratings = list(Rating.objects.all())
    data = {"form-TOTAL_FORMS": len(ratings), "form-INITIAL_FORMS": len(ratings), "_save": "Save"}
    for i, rating in enumerate(ratings):
        data.update({f"form-{i}-id": rating.pk, f"form-{i}-order": len(ratings) - i})
    response = logged_in(editor).post(admin_url("rating", "changelist"), data)
    assert response.status_code == 302
    assert Rating.objects.order_by("order").first() == ratings[-1]
    assert generations.generations([generations.SITE])[0] > before[0]
    assert anon.get("/")["X-Public-Cache"] == "miss"


def names_of(claim):
    return [generations.claim_generation(claim.pk), generations.piece_generation(claim.piece_id), generations.SITE]


def test_an_admin_edit_of_a_public_claim_bumps_its_generations(editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="A reader wrote in")
    before = generations.generations(names_of(published_claim))
    url = admin_url("claim", "change", published_claim.pk)
    desk = logged_in(editor)
    desk.post(url, form_data(desk, url, claimant="The mayor's office"))
    assert Claim.objects.get(pk=published_claim.pk).claimant == "The mayor's office"
    after = generations.generations(names_of(published_claim))
    assert all(a > b for a, b in zip(after, before, strict=True))


def test_desk_only_changes_leave_the_cached_pages_alone(editor, checker, published_claim):
    draft_only = ClaimFactory()
    before = generations.generations([generations.SITE])
    editing.update_claim(draft_only, by=editor, data={"statement": "A draft nobody reads yet."})
    workflow.assign(draft_only, by=editor, to=checker)
    assert generations.generations([generations.SITE]) == before

    workflow.reopen(published_claim, by=editor, reason="A reader wrote in")
    after_reopen = generations.generations([generations.SITE])
    editing.update_claim(published_claim, by=editor, data={"priority": Claim.Priority.URGENT})
    assert generations.generations([generations.SITE]) == after_reopen


def test_publishing_and_withdrawing_still_refresh_the_cached_verdict_page(reader, editor, checker, rating):
    claim = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    url = claim.get_absolute_url()
    reader.get(url)
    assert reader.get(url)["X-Public-Cache"] == "hit"
    workflow.withdraw(claim, by=editor, reason="Sources failed")
    assert reader.get(url).status_code == 410


# Case 6: cached pages never carry a visitor's query string.


SPAM = {"page": "2", "utm_source": "spam.example", "next": "//evil.example"}


@pytest.fixture
def three_pages(monkeypatch, checker, editor, rating):
    monkeypatch.setattr(pagination, "PER_PAGE", 1)
    return [publish(ClaimFactory(), checker=checker, editor=editor, rating=rating) for _ in range(3)]


def test_a_cached_list_page_links_by_page_number_only(anon, three_pages):
    first = anon.get("/", SPAM)
    later = anon.get("/", {"page": "2"})
    assert later["X-Public-Cache"] == "hit"
    for response in (first, later):
        html = response.content.decode()
        assert "spam.example" not in html and "evil.example" not in html and "utm_source" not in html
        assert 'href="?page=1"' in html and 'href="?page=3"' in html


def test_every_paginated_public_list_drops_the_query_string(anon, three_pages):
    rating = three_pages[0].published_verdict.rating
    for url in ("/", rating.get_absolute_url(), reverse("public:pieces")):
        html = anon.get(url, SPAM).content.decode()
        assert "evil.example" not in html and "spam.example" not in html, url


def test_search_pages_keep_the_search_words_and_nothing_else(anon, three_pages):
    html = anon.get(reverse("public:search"), {"q": "schools", "utm_source": "spam.example"}).content.decode()
    assert 'href="?q=schools&amp;page=2"' in html
    assert "spam.example" not in html


def test_desk_and_admin_pages_are_private(client, anon, checker, new_claim):
    client.force_login(checker)
    for url in (reverse("desk:queue"), reverse("desk:claim", args=[new_claim.pk]), reverse("admin:index")):
        assert "private" in client.get(url)["Cache-Control"], url
    assert "private" not in anon.get("/").get("Cache-Control", "")
