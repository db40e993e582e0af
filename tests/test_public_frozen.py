"""What readers see waits for the editors: an admin edit of the scale or of a piece, or a withdrawal's own words,
reaches public pages only with an approval; taking content down (the right to republish, a withdrawal) is at once.

Every test runs with FACTCHECK_REQUIRED_APPROVALS=2: one editor alone never changes what readers read.
"""

import datetime
import json
import re
from importlib import import_module

import pytest
from django.apps import apps

from claims import editing, workflow
from claims.models import Piece, Rating, Verdict
from claims.roles import EDITORS
from tests.factories import ClaimFactory, PieceFactory, make_user, research

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_approvals(settings):
    settings.FACTCHECK_REQUIRED_APPROVALS = 2


@pytest.fixture
def editor3(db):
    return make_user("editor3", EDITORS)


def approve_by_two(claim, *, checker, editor, editor2):
    workflow.submit(claim, by=checker)
    workflow.approve(claim, by=editor)
    workflow.approve(claim, by=editor2)
    claim.refresh_from_db()


def published(piece, *, checker, editor, editor2, rating):
    claim = ClaimFactory(piece=piece, quote="", start=0, end=55, statement="The city built 40 schools.")
    research(claim, checker=checker, editor=editor, rating=rating)
    approve_by_two(claim, checker=checker, editor=editor, editor2=editor2)
    return claim


def correct(claim, *, checker, editor, editor2):
    """A correction carrying whatever the scale and the piece are now, approved by two editors."""
    workflow.reopen(claim, by=editor, reason="The scale was renamed.")
    editing.save_verdict(claim, by=checker, data={"public_note": "We updated the rating's wording."})
    approve_by_two(claim, checker=checker, editor=editor, editor2=editor2)


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def public_texts(client, claim):
    """The verdict page, the home page's verdict card, both feeds and the partners' DataFeed, as text.

    The home page's "browse by rating" links are the scale itself, as it is now: only its card is a verdict.
    """
    urls = [claim.get_absolute_url(), "/feeds/verdicts/", "/feeds/verdicts/atom/", "/feeds/claimreview.json"]
    texts = {url: client.get(url).content.decode() for url in urls}
    home = client.get("/").content.decode()
    texts["/ (card)"] = home.split('class="verdict-card-rating">', 1)[1].split("</div>", 1)[0]
    return texts


@pytest.fixture
def piece(db):
    piece = PieceFactory(
        title="Schools report",
        publisher="Example News",
        url="https://news.example.org/schools",
        body="The mayor said the city built 40 new schools last year. Rain is expected.",
        may_republish=True,
    )
    piece.published_on = datetime.date(2025, 4, 14)
    piece.save()
    return piece


def test_a_rating_rename_changes_no_published_page_feed_or_json_ld_until_a_revision_is_approved(
    client, piece, checker, editor, editor2, rating
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    rating.label, rating.description, rating.value = "Bogus", "Made up from nothing.", 0
    rating.save()

    for url, text in public_texts(client, claim).items():
        assert "Bogus" not in text and "Made up from nothing." not in text, url
        assert "False" in text, url
    review = json_ld(client.get(claim.get_absolute_url()).content.decode())["reviewRating"]
    assert review["alternateName"] == "False" and review["ratingValue"] == 1 and review["worstRating"] == 1
    feed = json.loads(client.get("/feeds/claimreview.json").content)
    assert feed["dataFeedElement"][0]["item"]["reviewRating"]["alternateName"] == "False"

    correct(claim, checker=checker, editor=editor, editor2=editor2)

    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Bogus" in html and "Made up from nothing." in html
    review = json_ld(html)["reviewRating"]
    assert review["alternateName"] == "Bogus" and review["ratingValue"] == 0 and review["worstRating"] == 0
    assert all("Bogus" in text for text in public_texts(client, claim).values())


def test_a_rating_renamed_while_in_review_cannot_be_approved_as_reviewed(in_review_claim, editor, editor2, rating):
    workflow.approve(in_review_claim, by=editor)
    Rating.objects.filter(pk=rating.pk).update(label="Bogus")
    with pytest.raises(workflow.TransitionError, match="not what was reviewed"):
        workflow.approve(in_review_claim, by=editor2)


def test_a_piece_edit_changes_no_published_page_or_json_ld_until_a_revision_is_approved(
    client, piece, checker, editor, editor2, rating
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    piece.title, piece.publisher, piece.url = "Rewritten title", "Other Press", "https://other.example.org/x"
    piece.published_on = datetime.date(2020, 1, 2)
    piece.save()

    urls = [claim.get_absolute_url(), piece.get_absolute_url(), "/pieces/", "/feeds/claimreview.json"]
    for url in urls:
        text = client.get(url).content.decode()
        assert "Rewritten title" not in text and "Other Press" not in text and "other.example.org" not in text, url
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Schools report" in html and "14 April 2025" in html
    reported = json_ld(html)["itemReviewed"]["appearance"]
    assert reported["headline"] == "Schools report" and reported["url"] == "https://news.example.org/schools"
    assert "Schools report" in client.get(piece.get_absolute_url()).content.decode()

    correct(claim, checker=checker, editor=editor, editor2=editor2)

    for url in urls:
        assert "Rewritten title" in client.get(url).content.decode(), url
    reported = json_ld(client.get(claim.get_absolute_url()).content.decode())["itemReviewed"]["appearance"]
    assert reported["publisher"]["name"] == "Other Press" and reported["datePublished"] == "2020-01-02"


def test_a_body_edit_takes_the_text_down_until_a_revision_carrying_it_is_approved(
    client, piece, checker, editor, editor2, rating
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    assert "Rain is expected." in client.get(piece.get_absolute_url()).content.decode()
    piece.body = piece.body.replace("Rain is expected.", "An unreviewed sentence.")
    piece.save()

    html = client.get(piece.get_absolute_url()).content.decode()
    assert "An unreviewed sentence." not in html and "Rain is expected." not in html
    assert "The city built 40 schools." in html  # the checked claim is still listed, with its verdict

    correct(claim, checker=checker, editor=editor, editor2=editor2)

    assert "An unreviewed sentence." in client.get(piece.get_absolute_url()).content.decode()


# Turning republishing off hides the text at once: tests/test_public_piece_rights.py holds it, cached page included.


def test_turning_republishing_on_shows_the_full_text_only_after_an_approval(
    client, piece, checker, editor, editor2, rating
):
    Piece.objects.filter(pk=piece.pk).update(may_republish=False)
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    editing.set_republishing(piece, by=editor, allowed=True)

    html = client.get(piece.get_absolute_url()).content.decode()
    assert "Rain is expected." not in html and "We may not republish this piece." in html
    assert (
        "Read the piece with the checked claims highlighted"
        not in client.get(claim.get_absolute_url()).content.decode()
    )

    correct(claim, checker=checker, editor=editor, editor2=editor2)

    html = client.get(piece.get_absolute_url()).content.decode()
    assert "Rain is expected." in html and "We may not republish" not in html


def test_a_withdrawal_shows_a_fixed_dated_sentence_until_its_wording_is_approved_by_other_editors(
    client, piece, checker, editor, editor2, editor3, rating
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    workflow.withdraw(claim, by=editor, reason="Our source recanted; the count was never confirmed.")
    withdrawn_on = claim.events.get(step="withdraw").created_at.strftime("%-d %B %Y")

    response = client.get(claim.get_absolute_url())
    assert response.status_code == 410  # down at once, on one editor's word
    notice, log = response.content.decode(), client.get("/corrections/").content.decode()
    assert f"We withdrew it on {withdrawn_on}." in notice
    assert f"We withdrew this fact check on {withdrawn_on}." in log
    assert "Our source recanted" not in notice and "Our source recanted" not in log

    with pytest.raises(workflow.TransitionError, match="withdrawal you made"):
        workflow.approve_notice(claim, by=editor)
    workflow.approve_notice(claim, by=editor2)
    with pytest.raises(workflow.TransitionError, match="already approved"):
        workflow.approve_notice(claim, by=editor2)
    assert "Our source recanted" not in client.get(claim.get_absolute_url()).content.decode()  # one of two

    workflow.approve_notice(claim, by=editor3)

    assert "Our source recanted" in client.get(claim.get_absolute_url()).content.decode()
    assert "Our source recanted" in client.get("/corrections/").content.decode()


def test_a_fact_checker_cannot_approve_a_withdrawal_notice(client, piece, checker, editor, editor2, rating):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    workflow.withdraw(claim, by=editor, reason="Sources failed.")
    with pytest.raises(workflow.TransitionError, match="not allowed"):
        workflow.approve_notice(claim, by=checker)
    assert not claim.events.filter(step="approve_notice").exists()


def test_the_uncached_verdict_page_with_its_frozen_piece_and_rating_keeps_to_four_queries(
    client, piece, checker, editor, editor2, rating, django_assert_max_num_queries
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    rating.label = "Bogus"
    rating.save()  # empties the kept extras: the page is built from the database again
    with django_assert_max_num_queries(4):
        html = client.get(claim.get_absolute_url()).content.decode()
    assert "Schools report" in html and "False" in html


def test_migration_0017_freezes_the_rating_and_piece_of_revisions_published_before_it(
    client, piece, checker, editor, editor2, rating
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    frozen = Verdict.objects.filter(pk=claim.published_verdict_id)
    expected = frozen.values("rating_shown", "piece_cited").get()
    frozen.update(rating_shown={}, piece_cited={})  # as a revision approved before the migration was

    import_module("claims.migrations.0017_frozen_rating_and_piece").freeze_rating_and_piece(apps, None)

    assert frozen.values("rating_shown", "piece_cited").get() == expected
    assert expected["rating_shown"]["label"] == "False" and expected["piece_cited"]["title"] == "Schools report"
    rating.label = "Bogus"
    rating.save()
    assert "Bogus" not in client.get(claim.get_absolute_url()).content.decode()


def test_a_correction_names_the_earlier_rating_as_readers_saw_it(client, piece, checker, editor, editor2, rating):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    rating.label = "Bogus"
    rating.save()
    workflow.reopen(claim, by=editor, reason="The count was revised.")
    other = Rating.objects.get(slug="mostly-false")
    editing.save_verdict(claim, by=checker, data={"rating": other, "public_note": "We revised the count."})
    approve_by_two(claim, checker=checker, editor=editor, editor2=editor2)

    html = client.get(claim.get_absolute_url()).content.decode()
    assert "The rating changed from False to Mostly false." in html


def test_the_approve_notice_button_is_offered_only_to_editors_who_may_take_it(
    piece, checker, editor, editor2, editor3, rating
):
    claim = published(piece, checker=checker, editor=editor, editor2=editor2, rating=rating)
    workflow.withdraw(claim, by=editor, reason="Our source recanted.")

    def offered(user):
        return "approve_notice" in {step.name for step in workflow.available_steps(claim, user)}

    assert (offered(editor), offered(editor2), offered(checker)) == (False, True, False)
    workflow.approve_notice(claim, by=editor2)
    assert (offered(editor2), offered(editor3)) == (False, True)
