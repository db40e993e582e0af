"""Four-eyes over everything readers see (issue 21, item 2).

Whoever changed a revision's claim fields, its evidence or its verdict text since the last approval, through
any door (the desk, the admin, a command), is one of its writers: the approve step refuses them, superusers
included, and no approve button is offered to them. Each door is used as a person's browser uses it.
"""

import pytest
from django.urls import reverse

from claims import editing, workflow
from claims.models import Claim, ProjectionChange
from tests.admin_forms import form_data
from tests.desk_forms import claim_data, evidence_data

pytestmark = pytest.mark.django_db
S = Claim.Status

REFUSED = "Four-eyes rule: you changed what readers will see of this revision"


def edit_claim_in_the_desk(client, claim):
    client.post(reverse("desk:claim_edit", args=[claim.pk]), claim_data(claim, claimant="The editor's claimant"))
    assert Claim.objects.get(pk=claim.pk).claimant == "The editor's claimant"


def add_evidence_in_the_desk(client, claim):
    client.post(reverse("desk:evidence_add", args=[claim.pk]), evidence_data(title="The editor's source"))
    assert claim.evidence.filter(title="The editor's source").exists()


def edit_claim_in_the_admin(client, claim):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    assert client.post(url, form_data(client, url, statement="The editor's statement.")).status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "The editor's statement."


def edit_evidence_in_the_admin(client, claim):
    url = reverse("admin:claims_evidence_change", args=[claim.evidence.first().pk])
    assert client.post(url, form_data(client, url, title="The editor's title")).status_code == 302
    assert claim.evidence.filter(title="The editor's title").exists()


DOORS = [edit_claim_in_the_desk, add_evidence_in_the_desk, edit_claim_in_the_admin, edit_evidence_in_the_admin]


def offered_steps(claim, user):
    return [step.name for step in workflow.available_steps(Claim.objects.get(pk=claim.pk), user)]


def press_approve(client, claim, user) -> str:
    client.force_login(user)
    return client.post(reverse("desk:step", args=[claim.pk, "approve"]), follow=True).content.decode()


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_an_editor_who_changed_what_readers_see_cannot_approve_it(
    client, door, researching_claim, checker, editor, editor2
):
    client.force_login(editor)
    door(client, researching_claim)
    workflow.submit(researching_claim, by=checker)

    assert "approve" not in offered_steps(researching_claim, editor)
    assert REFUSED in press_approve(client, researching_claim, editor)
    assert Claim.objects.get(pk=researching_claim.pk).status == S.IN_REVIEW
    assert not Claim.objects.published().filter(pk=researching_claim.pk).exists()

    assert "approve" in offered_steps(researching_claim, editor2)
    press_approve(client, researching_claim, editor2)
    assert Claim.objects.get(pk=researching_claim.pk).status == S.PUBLISHED


def test_the_review_page_says_why_the_editor_who_edited_the_claim_has_no_approve_button(
    client, researching_claim, checker, editor
):
    client.force_login(editor)
    edit_claim_in_the_desk(client, researching_claim)
    workflow.submit(researching_claim, by=checker)
    page = client.get(reverse("desk:review", args=[researching_claim.pk])).content.decode()
    assert "You changed what readers will see of this revision" in page
    assert reverse("desk:step", args=[researching_claim.pk, "approve"]) not in page


def test_a_superuser_who_edited_the_claim_cannot_approve_it(client, researching_claim, checker, superuser, editor):
    client.force_login(superuser)
    edit_claim_in_the_desk(client, researching_claim)
    workflow.submit(researching_claim, by=checker)

    assert "approve" not in offered_steps(researching_claim, superuser)
    assert REFUSED in press_approve(client, researching_claim, superuser)
    assert Claim.objects.get(pk=researching_claim.pk).status == S.IN_REVIEW
    press_approve(client, researching_claim, editor)
    assert Claim.objects.get(pk=researching_claim.pk).status == S.PUBLISHED


def test_a_fact_checker_who_changed_the_claim_is_one_of_its_writers(researching_claim, checker, checker2, editor):
    workflow.assign(researching_claim, by=editor, to=checker2)
    editing.update_claim(researching_claim, by=checker2, data={"claimant": "The mayor's office"})
    workflow.submit(researching_claim, by=checker2)
    assert researching_claim.current_draft().writers() == {checker.pk, checker2.pk}
    with pytest.raises(workflow.TransitionError):
        workflow.approve(researching_claim, by=checker2)


def test_an_evidence_reorder_by_the_editor_makes_them_a_writer(researching_claim, checker, editor):
    editing.add_evidence(researching_claim, by=checker, url="https://b.example.org/", title="Second")
    editing.move_evidence(researching_claim.evidence.last(), by=editor, offset=-1)
    workflow.submit(researching_claim, by=checker)
    with pytest.raises(workflow.TransitionError, match="Four-eyes"):
        workflow.approve(researching_claim, by=editor)


def test_changes_count_only_until_the_revision_they_went_out_with_is_approved(
    researching_claim, checker, editor, editor2
):
    editing.update_claim(researching_claim, by=editor, data={"claimant": "The mayor's office"})
    workflow.submit(researching_claim, by=checker)
    with pytest.raises(workflow.TransitionError, match="Four-eyes"):
        workflow.approve(researching_claim, by=editor)
    workflow.approve(researching_claim, by=editor2)

    # The correction is written by the fact-checker alone: the editor's earlier edit went out with revision 1.
    workflow.reopen(researching_claim, by=editor2, reason="A reader wrote in.")
    editing.save_verdict(researching_claim, by=checker, data={"public_note": "We fixed the date."})
    workflow.submit(researching_claim, by=checker)
    assert researching_claim.current_draft().writers() == {checker.pk}
    workflow.approve(researching_claim, by=editor)
    assert Claim.objects.get(pk=researching_claim.pk).published_verdict.number == 2


def test_the_record_of_changes_is_append_only(researching_claim):
    change = ProjectionChange.objects.filter(claim=researching_claim).first()
    change.what = "forged"
    with pytest.raises(Exception, match="append-only"):
        change.save()
    with pytest.raises(Exception, match="append-only"):
        change.delete()


def test_the_admin_lists_who_changed_what_and_changes_none_of_it(client, researching_claim, editor, superuser):
    editing.update_claim(researching_claim, by=editor, data={"claimant": "The mayor's office"})
    client.force_login(superuser)
    page = client.get(reverse("admin:claims_projectionchange_changelist")).content.decode()
    assert "claim: claimant" in page and "evidence added" in page
    change = ProjectionChange.objects.get(what="claim: claimant")
    assert change.user == editor
    assert client.get(reverse("admin:claims_projectionchange_add")).status_code == 403
    url = reverse("admin:claims_projectionchange_change", args=[change.pk])
    assert client.post(url, {"what": "forged", "user": superuser.pk}).status_code == 403
    assert ProjectionChange.objects.get(pk=change.pk).what == "claim: claimant"
