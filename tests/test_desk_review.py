"""The editors' review queue and review screen."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from claims import editing, workflow
from claims.models import Claim, Rating
from tests.factories import ClaimFactory, research

S = Claim.Status


@pytest.fixture
def as_editor(client, editor2):
    client.force_login(editor2)
    return client


def submitted(checker, editor, rating, *, hours_ago, evidence=1, statement=None):
    claim = ClaimFactory(**({"statement": statement} if statement else {}))
    research(claim, checker=checker, editor=editor, rating=rating, evidence=evidence)
    workflow.submit(claim, by=checker)
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    return claim


def test_the_review_queue_lists_claims_in_review_oldest_first(as_editor, checker, editor, rating):
    recent = submitted(checker, editor, rating, hours_ago=1, statement="Recent claim about buses.")
    old = submitted(checker, editor, rating, hours_ago=50, statement="Old claim about trains.")
    ClaimFactory(statement="A new claim nobody reviewed.")
    page = as_editor.get(reverse("desk:review_queue")).content.decode()
    assert page.index("Old claim about trains.") < page.index("Recent claim about buses.")
    assert "A new claim nobody reviewed." not in page
    assert "2\xa0days" in page  # how long the old one has waited
    assert reverse("desk:review", args=[old.pk]) in page and reverse("desk:review", args=[recent.pk]) in page


def test_the_published_tab_lists_live_verdicts(as_editor, published_claim, withdrawn_claim):
    page = as_editor.get(reverse("desk:review_queue") + "?show=published").content.decode()
    assert reverse("desk:review", args=[published_claim.pk]) not in page  # withdrawn (same claim)
    assert "Nothing is published yet." in page


def test_the_review_screen_shows_the_verdict_next_to_its_evidence(as_editor, in_review_claim):
    response = as_editor.get(reverse("desk:review", args=[in_review_claim.pk]))
    page = response.content.decode()
    assert "The figure is wrong" in page and "Records show 12." in page
    assert "<strong>Bold</strong>" in page  # the explanation, rendered
    assert "Record 0" in page
    assert reverse("desk:step", args=[in_review_claim.pk, "approve"]) in page
    assert reverse("desk:step", args=[in_review_claim.pk, "request_changes"]) in page


def test_the_review_screen_shows_what_a_correction_changes(as_editor, checker, editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="The count was updated.")
    editing.save_verdict(
        published_claim,
        by=checker,
        data={
            "summary": "Records show 14 <new> schools.",
            "headline": "The figure is wrong",
            "public_note": "We updated the count.",
        },
    )
    workflow.submit(published_claim, by=checker)
    page = as_editor.get(reverse("desk:review", args=[published_claim.pk])).content.decode()
    assert "Changes from the published revision 1" in page
    assert "<del>12.</del><ins>14 &lt;new&gt; schools.</ins>" in page
    assert "The count was updated." in page and "We updated the count." in page  # the reason and the note
    # statement, claimant, quote, date, where, rating, headline, explanation, evidence
    assert page.count("unchanged") == 9


def test_the_review_diff_shows_the_claim_and_evidence_edited_in_a_correction(
    as_editor, checker, editor, published_claim
):
    workflow.reopen(published_claim, by=editor, reason="A reader wrote in.")
    editing.update_claim(published_claim, by=checker, data={"claimant": "Mayor Lopez"})
    editing.add_evidence(published_claim, by=checker, url="https://census.example.org/", title="Census 2024")
    true = Rating.objects.get(slug="true")
    editing.save_verdict(published_claim, by=checker, data={"rating": true, "public_note": "We corrected the count."})
    workflow.submit(published_claim, by=checker)
    page = as_editor.get(reverse("desk:review", args=[published_claim.pk])).content.decode()
    assert "<del>The</del><ins>Mayor</ins> <del>mayor</del><ins>Lopez</ins>" in page
    assert "<ins>\n2. Census 2024 · https://census.example.org/" in page
    assert "<del>False</del><ins>True</ins>" in page


def test_approving_from_the_review_screen_publishes_and_returns_to_the_queue(as_editor, in_review_claim):
    url = reverse("desk:step", args=[in_review_claim.pk, "approve"])
    response = as_editor.post(url, {"next": reverse("desk:review_queue")})
    assert response["Location"] == reverse("desk:review_queue")
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == S.PUBLISHED


def test_requesting_changes_needs_a_comment(as_editor, in_review_claim):
    url = reverse("desk:step", args=[in_review_claim.pk, "request_changes"])
    response = as_editor.post(url, {"comment": ""})
    assert response.context["form"].errors["comment"] == ["Say why: this step needs a comment."]
    as_editor.post(url, {"comment": "Cite the register directly."})
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == S.RESEARCHING
    assert in_review_claim.events.last().comment == "Cite the register directly."


def test_published_claims_offer_reopen_and_withdraw(as_editor, published_claim):
    page = as_editor.get(reverse("desk:review", args=[published_claim.pk])).content.decode()
    assert reverse("desk:step", args=[published_claim.pk, "reopen"]) in page
    assert reverse("desk:step", args=[published_claim.pk, "withdraw"]) in page
    assert reverse("desk:step", args=[published_claim.pk, "approve"]) not in page


@pytest.mark.parametrize("items", [5, 100])
def test_the_review_screen_query_count_stays_flat(
    as_editor, checker, editor, rating, items, django_assert_max_num_queries
):
    claim = submitted(checker, editor, rating, hours_ago=2, evidence=items)
    for i in range(items):
        editing.add_comment(claim, by=editor, body=f"Note {i}")
    with django_assert_max_num_queries(10):  # one of them looks for a request for changes to compare with
        response = as_editor.get(reverse("desk:review", args=[claim.pk]))
    assert response.content.decode().count('class="evidence-title') == items


@pytest.mark.parametrize("items", [5, 100])
def test_the_review_queue_query_count_stays_flat(
    as_editor, checker, editor, rating, items, django_assert_max_num_queries
):
    for i in range(items):
        submitted(checker, editor, rating, hours_ago=i)
    with django_assert_max_num_queries(7):
        response = as_editor.get(reverse("desk:review_queue"))
    assert len(response.context["page"]) == min(items, 25)


# What an editor decides on (issue 14, case 3) ----------------------------------------


def test_the_review_screen_shows_the_quote_in_its_piece_and_who_said_it_when_and_where(
    as_editor, checker, editor, rating
):
    body = "Rain is expected.\n\nThe mayor said the city built 40 new schools last year. Critics disagree."
    claim = ClaimFactory(
        piece__body=body,
        piece__title="Council meeting report",
        quote="the city built 40 new schools last year",
        start=body.index("the city"),
        end=body.index(" Critics"),
        claimant="Mayor Lopez",
        said_on=datetime.date(2024, 3, 5),
        appearance_url="https://video.example.org/council",
    )
    research(claim, checker=checker, editor=editor, rating=rating)
    workflow.submit(claim, by=checker)
    page = as_editor.get(reverse("desk:review", args=[claim.pk])).content.decode()
    assert "The mayor said <mark>the city built 40 new schools last year.</mark> Critics disagree." in page
    assert "Rain is expected." not in page  # the quote's own paragraph, not the whole piece
    assert "Mayor Lopez" in page and 'datetime="2024-03-05"' in page
    assert 'href="https://video.example.org/council"' in page and "Council meeting report" in page


def test_the_review_screen_links_to_the_preview_of_the_public_page(as_editor, in_review_claim):
    page = as_editor.get(reverse("desk:review", args=[in_review_claim.pk])).content.decode()
    url = in_review_claim.get_absolute_url()
    assert f'href="{url}" class="preview-link"' in page
    preview = as_editor.get(url)
    assert preview.status_code == 200 and "Preview: not published." in preview.content.decode()
    assert Client().get(url).status_code == 404  # readers still get nothing


def test_a_correction_in_review_links_to_the_preview_not_the_live_page(as_editor, checker, editor, published_claim):
    workflow.reopen(published_claim, by=editor, reason="New figures.")
    editing.save_verdict(
        published_claim, by=checker, data={"headline": "Now it is 14", "public_note": "We updated the count."}
    )
    workflow.submit(published_claim, by=checker)
    page = as_editor.get(reverse("desk:review", args=[published_claim.pk])).content.decode()
    url = published_claim.get_absolute_url() + "?preview=1"
    assert f'href="{url}" class="preview-link"' in page
    assert "Now it is 14" in as_editor.get(url).content.decode()


def send_back_and_resubmit(claim, *, checker, editor, change):
    workflow.request_changes(claim, by=editor, comment="Cite the census, not the press release.")
    change(claim)
    workflow.submit(claim, by=checker)


def test_a_resubmission_shows_what_changed_since_the_request_for_changes(as_editor, checker, editor, in_review_claim):
    def change(claim):
        editing.update_claim(claim, by=checker, data={"claimant": "Mayor Lopez"})
        editing.add_evidence(claim, by=checker, url="https://census.example.org/", title="Census 2024")
        true = Rating.objects.get(slug="true")
        editing.save_verdict(claim, by=checker, data={"rating": true, "summary": "Records show 40 <b>schools</b>."})

    send_back_and_resubmit(in_review_claim, checker=checker, editor=editor, change=change)
    page = as_editor.get(reverse("desk:review", args=[in_review_claim.pk])).content.decode()
    assert "Changes since changes were requested" in page
    assert "Cite the census, not the press release." in page
    assert "<del>The</del><ins>Mayor</ins> <del>mayor</del><ins>Lopez</ins>" in page  # claimant
    assert "<ins>\n2. Census 2024 · https://census.example.org/" in page  # evidence
    # the evidence reads as the desk shows it: the stance's label and the date in the desk's format
    assert f"Context · {date_format(timezone.localdate(), 'DATE_FORMAT')}" in page
    assert "<del>False</del><ins>True</ins>" in page  # rating
    assert "<del>12.</del><ins>40 &lt;b&gt;schools&lt;/b&gt;.</ins>" in page  # summary, escaped
    assert "Changes from the published revision" not in page  # not a correction


def test_a_resubmission_with_nothing_changed_says_so(as_editor, checker, editor, in_review_claim):
    send_back_and_resubmit(in_review_claim, checker=checker, editor=editor, change=lambda claim: None)
    page = as_editor.get(reverse("desk:review", args=[in_review_claim.pk])).content.decode()
    assert "Changes since changes were requested" in page
    assert page.count("unchanged") == 10 and "<ins>" not in page
    assert "Correction note for readers" not in page  # not a correction: no note to compare


def test_a_first_submission_has_no_changes_since_section(as_editor, in_review_claim):
    page = as_editor.get(reverse("desk:review", args=[in_review_claim.pk])).content.decode()
    assert "Changes since changes were requested" not in page


def test_the_request_for_changes_keeps_what_the_editor_reviewed(checker, editor, in_review_claim):
    event = workflow.request_changes(in_review_claim, by=editor, comment="More sources.")
    editing.save_verdict(in_review_claim, by=checker, data={"headline": "Changed after"})
    event.refresh_from_db()
    assert event.snapshot["headline"] == "The figure is wrong"
    assert event.snapshot["evidence"][0]["title"] == "Record 0"


def test_fact_checkers_cannot_open_the_review_screen(client, checker, in_review_claim):
    client.force_login(checker)
    assert client.get(reverse("desk:review", args=[in_review_claim.pk])).status_code == 403


def test_how_long_a_claim_has_waited_shows_the_full_time_on_hover(as_editor, in_review_claim):
    in_review_claim.refresh_from_db()
    full = date_format(timezone.localtime(in_review_claim.submitted_at), "DATETIME_FORMAT")
    for url in (reverse("desk:review", args=[in_review_claim.pk]), reverse("desk:dashboard")):
        page = as_editor.get(url).content.decode()
        assert f'title="{full}">waiting' in page, url
