"""The claim workspace: the claim in context, editing the claim, comments and history.

Evidence is in test_desk_evidence.py, the verdict draft and "Submit for review" in test_desk_verdict_draft.py.
"""

import pytest
from django.urls import reverse

from claims import editing
from claims.models import Claim, Piece
from tests.desk_forms import claim_data, workspace
from tests.factories import ClaimFactory, research

# What the page shows ---------------------------------------------------------


def test_it_shows_the_quote_in_its_context_in_the_piece(as_checker, checker, editor, rating):
    body = "The mayor spoke on Monday.\n\nHe said the city built 40 new schools last year. Rain is expected."
    piece = Piece.objects.create(title="Council report", body=body)
    start = body.index("the city built")
    claim = ClaimFactory(piece=piece, start=start, end=start + len("the city built 40 new schools last year"))
    page = as_checker.get(workspace(claim)).content.decode()
    assert "He said <mark>the city built 40 new schools last year</mark>. Rain is expected." in page
    assert "The mayor spoke on Monday" not in page  # only the claim's own paragraph
    assert claim.statement in page and "The mayor" in page


def test_it_shows_evidence_verdict_and_edit_forms_to_the_assigned_checker(as_checker, researching_claim):
    page = as_checker.get(workspace(researching_claim)).content.decode()
    assert "Record 0" in page
    assert reverse("desk:evidence_add", args=[researching_claim.pk]) in page
    assert reverse("desk:verdict", args=[researching_claim.pk]) in page
    assert reverse("desk:claim_edit", args=[researching_claim.pk]) in page
    assert "The figure is wrong" in page  # the draft's headline, in the form


def test_another_checker_reads_the_claim_without_edit_forms(client, checker2, researching_claim):
    client.force_login(checker2)
    page = client.get(workspace(researching_claim)).content.decode()
    assert "Record 0" in page and "The figure is wrong" in page
    assert reverse("desk:evidence_add", args=[researching_claim.pk]) not in page
    assert reverse("desk:verdict", args=[researching_claim.pk]) not in page
    assert reverse("desk:claim_edit", args=[researching_claim.pk]) not in page
    assert reverse("desk:step", args=[researching_claim.pk, "submit"]) not in page


def test_the_history_shows_steps_and_field_changes(as_checker, checker, researching_claim):
    editing.update_claim(researching_claim, by=checker, data={"claimant": "The deputy mayor"})
    page = as_checker.get(workspace(researching_claim)).content.decode()
    assert "Assign: New → Researching" in page
    assert "Evidence added: Record 0" in page
    assert "Verdict revision 1 started" in page
    assert "<del>The mayor</del> → <ins>The deputy mayor</ins>" in page


# Editing the claim ------------------------------------------------------------


def test_the_checker_edits_the_claim(as_checker, researching_claim):
    data = claim_data(researching_claim, claimant="The city council", said_on="2024-05-01")
    response = as_checker.post(reverse("desk:claim_edit", args=[researching_claim.pk]), data, follow=True)
    assert "Claim saved." in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.claimant == "The city council"
    assert str(researching_claim.said_on) == "2024-05-01"


def test_a_claim_without_a_statement_is_refused_at_the_field(as_checker, researching_claim):
    data = claim_data(researching_claim, statement="", appearance_url="javascript:alert(1)")
    response = as_checker.post(reverse("desk:claim_edit", args=[researching_claim.pk]), data)
    assert response.status_code == 200
    form = response.context["claim_form"]
    assert "statement" in form.errors and "appearance_url" in form.errors
    assert 'id="claim-statement"' in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.statement != ""


def test_another_checker_cannot_edit_the_claim_by_crafting_a_post(client, checker2, researching_claim):
    client.force_login(checker2)
    data = claim_data(researching_claim, claimant="Hijacked")
    response = client.post(reverse("desk:claim_edit", args=[researching_claim.pk]), data, follow=True)
    assert "You cannot edit this claim now." in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.claimant == "The mayor"


# Comments ---------------------------------------------------------------------


def test_desk_members_comment_on_a_claim(client, checker2, researching_claim):
    client.force_login(checker2)
    response = client.post(
        reverse("desk:comment", args=[researching_claim.pk]), {"body": "Try the archive."}, follow=True
    )
    page = response.content.decode()
    assert "Comment posted." in page and "Try the archive." in page
    assert researching_claim.comments.get().author == checker2


def test_an_empty_comment_is_refused_at_the_field(as_checker, researching_claim):
    response = as_checker.post(reverse("desk:comment", args=[researching_claim.pk]), {"body": "   "})
    assert "body" in response.context["comment_form"].errors
    assert researching_claim.comments.count() == 0


def test_comment_text_is_escaped(as_checker, researching_claim):
    as_checker.post(reverse("desk:comment", args=[researching_claim.pk]), {"body": "<b>bold</b>"})
    page = as_checker.get(workspace(researching_claim)).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_comment_goes_back_only_to_our_own_pages(as_checker, researching_claim):
    url = reverse("desk:comment", args=[researching_claim.pk])
    response = as_checker.post(url, {"body": "hello", "next": "https://evil.example.com/"})
    assert response["Location"] == workspace(researching_claim) + "#comments"


# Queries ----------------------------------------------------------------------


@pytest.mark.parametrize("items", [5, 100])
def test_the_workspace_query_count_stays_flat(
    as_checker, checker, editor, rating, new_claim, items, django_assert_max_num_queries
):
    claim = research(new_claim, checker=checker, editor=editor, rating=rating, evidence=items)
    for i in range(items):
        editing.add_comment(claim, by=editor, body=f"Comment {i}")
    with django_assert_max_num_queries(15):
        response = as_checker.get(workspace(claim))
    assert response.content.decode().count('class="evidence-title') == items
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RESEARCHING


def test_a_published_claim_shows_its_live_verdict_read_only(as_checker, published_claim):
    page = as_checker.get(workspace(published_claim)).content.decode()
    assert "Revision 1 · Approved" in page and "<strong>Bold</strong>" in page
    assert reverse("desk:verdict", args=[published_claim.pk]) not in page
    assert reverse("public:verdict", args=[published_claim.slug]) in page
