"""The admin takes workflow steps only through claims.workflow and never edits status directly."""

import html
import re
from datetime import UTC

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from claims import editing, workflow
from claims.models import Claim
from claims.roles import FACT_CHECKERS
from tests.factories import ClaimFactory, make_user, research

S = Claim.Status


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def step_url(claim, step):
    return reverse("admin:claims_claim_step", args=[claim.pk, step])


def test_the_change_page_shows_the_steps_this_user_may_take(client, editor2, in_review_claim):
    client.force_login(editor2)
    page = client.get(change_url(in_review_claim)).content.decode()
    assert step_url(in_review_claim, "approve") in page
    assert step_url(in_review_claim, "request_changes") in page
    assert step_url(in_review_claim, "withdraw") not in page


def test_a_fact_checker_sees_no_editor_buttons(client, checker, in_review_claim):
    client.force_login(checker)
    page = client.get(change_url(in_review_claim)).content.decode()
    assert step_url(in_review_claim, "approve") not in page
    assert "No workflow step is open to you" in page


def test_the_approve_button_publishes_through_the_workflow(client, editor2, in_review_claim):
    client.force_login(editor2)
    response = client.post(step_url(in_review_claim, "approve"))
    assert response.status_code == 302
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == S.PUBLISHED
    assert in_review_claim.events.last().actor == editor2


def test_a_step_in_the_admin_says_what_happened_in_plain_words(client, editor2, in_review_claim, settings):
    settings.FACTCHECK_REQUIRED_APPROVALS = 1
    client.force_login(editor2)
    page = client.post(step_url(in_review_claim, "approve"), follow=True).content.decode()
    assert "Approved and published." in page and "Done:" not in page
    assert f'href="{in_review_claim.get_absolute_url()}"' in page


def test_a_refused_button_shows_the_workflow_message_and_changes_nothing(client, checker, in_review_claim):
    client.force_login(checker)
    response = client.post(step_url(in_review_claim, "approve"), follow=True)
    assert "not allowed to approve" in response.content.decode()
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == S.IN_REVIEW


def test_four_eyes_holds_in_the_admin(client, editor, new_claim, rating):
    research(new_claim, checker=editor, editor=editor, rating=rating)
    workflow.submit(new_claim, by=editor)
    client.force_login(editor)
    response = client.post(step_url(new_claim, "approve"), follow=True)
    assert "Four-eyes" in response.content.decode()
    new_claim.refresh_from_db()
    assert new_claim.status == S.IN_REVIEW


def test_the_dismiss_button_needs_a_reason(client, editor, new_claim):
    client.force_login(editor)
    response = client.post(step_url(new_claim, "dismiss"), {"comment": ""}, follow=True)
    assert "needs a comment" in response.content.decode()
    assert Claim.objects.get(pk=new_claim.pk).status == S.NEW
    client.post(step_url(new_claim, "dismiss"), {"comment": "An opinion"})
    assert Claim.objects.get(pk=new_claim.pk).status == S.DISMISSED


def test_the_assign_button_assigns_the_chosen_person(client, editor, checker, new_claim):
    client.force_login(editor)
    client.post(step_url(new_claim, "assign"), {"assignee": checker.pk})
    new_claim.refresh_from_db()
    assert (new_claim.status, new_claim.assignee) == (S.RESEARCHING, checker)


def test_a_step_is_post_only(client, editor, new_claim):
    client.force_login(editor)
    assert client.get(step_url(new_claim, "dismiss")).status_code == 405


def test_status_cannot_be_edited_in_the_change_form(client, editor, new_claim):
    client.force_login(editor)
    page = client.get(change_url(new_claim)).content.decode()
    assert 'name="status"' not in page
    data = {
        "statement": "Edited statement",
        "status": "published",
        "priority": 1,
        "slug": new_claim.slug,
        "loaded_version": new_claim.version,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "verdicts-TOTAL_FORMS": 0,
        "verdicts-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }
    client.post(change_url(new_claim), data)
    new_claim.refresh_from_db()
    assert new_claim.statement == "Edited statement"
    assert new_claim.status == S.NEW


def test_bulk_approve_goes_through_the_workflow_and_reports_refusals(client, editor2, in_review_claim):
    new_claim = ClaimFactory()
    client.force_login(editor2)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "bulk_approve", "_selected_action": [in_review_claim.pk, new_claim.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "1 claim(s) done" in page
    assert "already handled" in page
    assert Claim.objects.get(pk=in_review_claim.pk).status == S.PUBLISHED
    assert Claim.objects.get(pk=new_claim.pk).status == S.NEW


def test_bulk_dismiss_asks_for_a_reason_first(client, editor, new_claim):
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist")
    response = client.post(url, {"action": "bulk_dismiss", "_selected_action": [new_claim.pk]})
    assert response.status_code == 200
    assert "Comment or reason" in response.content.decode()
    assert Claim.objects.get(pk=new_claim.pk).status == S.NEW

    client.post(url, {"action": "bulk_dismiss", "_selected_action": [new_claim.pk], "confirm": "1", "comment": ""})
    assert Claim.objects.get(pk=new_claim.pk).status == S.NEW

    client.post(
        url, {"action": "bulk_dismiss", "_selected_action": [new_claim.pk], "confirm": "1", "comment": "Opinion"}
    )
    claim = Claim.objects.get(pk=new_claim.pk)
    assert claim.status == S.DISMISSED
    assert claim.events.last().comment == "Opinion"


def test_bulk_assign_assigns_every_selected_claim(client, editor, checker):
    claims = [ClaimFactory(), ClaimFactory()]
    client.force_login(editor)
    client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "bulk_assign", "_selected_action": [c.pk for c in claims], "confirm": "1", "assignee": checker.pk},
    )
    assert set(Claim.objects.values_list("assignee__username", "status")) == {("checker", "researching")}


def test_a_published_claim_cannot_be_deleted_in_the_admin(client, superuser, published_claim):
    client.force_login(superuser)
    response = client.post(reverse("admin:claims_claim_delete", args=[published_claim.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Claim.objects.filter(pk=published_claim.pk).exists()


def test_bulk_delete_refuses_when_a_published_claim_is_selected(client, superuser, published_claim):
    new_claim = ClaimFactory()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "delete_selected", "_selected_action": [published_claim.pk, new_claim.pk], "post": "yes"},
    )
    assert "permission to delete" in response.content.decode()
    assert Claim.objects.filter(pk=published_claim.pk).exists()


def test_a_published_claim_is_read_only_in_the_admin(client, editor, published_claim):
    client.force_login(editor)
    page = client.get(change_url(published_claim)).content.decode()
    assert 'name="statement"' not in page
    assert step_url(published_claim, "withdraw") in page


def test_the_claim_list_filters_by_status_and_rating(client, editor, published_claim):
    new_claim = ClaimFactory(statement="Unrelated claim about bridges.")
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist")
    page = client.get(url, {"status": "published"}).content.decode()
    assert published_claim.statement in page and new_claim.statement not in page
    page = client.get(url, {"rating": "false"}).content.decode()
    assert published_claim.statement in page and new_claim.statement not in page


@pytest.mark.parametrize(
    "model", ["claim", "piece", "evidence", "verdict", "reviewevent", "rating", "comment", "readermessage"]
)
def test_every_model_has_a_working_admin_list(client, superuser, published_claim, model):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:claims_{model}_changelist"), {"q": "schools"}).status_code == 200


def test_review_events_cannot_be_changed_in_the_admin(client, superuser, published_claim):
    client.force_login(superuser)
    event = published_claim.events.first()
    response = client.post(reverse("admin:claims_reviewevent_change", args=[event.pk]), {"comment": "forged"})
    assert response.status_code in (302, 403)
    event.refresh_from_db()
    assert event.comment != "forged"
    assert client.get(reverse("admin:claims_reviewevent_add")).status_code == 403


def test_the_claim_history_page_names_who_changed_what(client, editor, checker, researching_claim):
    before = researching_claim.statement
    editing.update_claim(researching_claim, by=checker, data={"statement": "The city built 41 new schools in 2024."})
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_history", args=[researching_claim.pk])).content.decode()
    table = page[page.index('id="change-history"') : page.index("</table>", page.index('id="change-history"'))]
    rows = [" ".join(html.unescape(strip_tags(row)).split()) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]

    edited, assigned, created = rows[1:]  # newest first, after the header
    assert "Changed checker" in edited
    assert f"{before} → The city built 41 new schools in 2024." in edited
    assert "Changed editor" in assigned  # the assignment: status and assignee are not form fields, so no field list
    assert "Created" in created


def test_the_claim_list_filters_by_recent_pieces_and_keeps_an_older_one_selected(client, superuser):
    from claims.admin.filters import RecentPieceFilter

    claims = [ClaimFactory() for _ in range(RecentPieceFilter.shown + 2)]
    oldest, newest = claims[0], claims[-1]
    client.force_login(superuser)
    url = reverse("admin:claims_claim_changelist")

    def piece_filter(response):
        html = response.content.decode()
        return html[html.index('id="changelist-filter"') :]

    choices = piece_filter(client.get(url))
    assert f">{newest.piece.title}<" in choices and f">{oldest.piece.title}<" not in choices
    picked = client.get(url, {"piece__id__exact": oldest.piece_id})
    assert f">{oldest.piece.title}<" in piece_filter(picked)
    assert oldest.statement in picked.content.decode() and newest.statement not in picked.content.decode()


def test_the_date_drill_down_offers_each_year_between_the_first_and_last_claim(client, superuser):
    from datetime import datetime

    old = ClaimFactory()
    Claim.objects.filter(pk=old.pk).update(created_at=datetime(2023, 5, 1, tzinfo=UTC))
    ClaimFactory()
    client.force_login(superuser)
    url = reverse("admin:claims_claim_changelist")
    html = client.get(url).content.decode()
    for year in range(2023, Claim.objects.latest("created_at").created_at.year + 1):
        assert f"created_at__year={year}" in html
    in_2023 = client.get(url, {"created_at__year": 2023}).content.decode()
    assert old.statement in in_2023 and "May" in in_2023


def test_a_confirmed_bulk_step_without_a_form_still_goes_through_the_workflow(client, editor2, in_review_claim):
    client.force_login(editor2)
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "bulk_approve", "_selected_action": [in_review_claim.pk], "confirm": "1", "comment": "\x00"},
    )
    assert response.status_code == 302
    in_review_claim.refresh_from_db()
    assert in_review_claim.status == Claim.Status.PUBLISHED


def assign_choices(html, field):
    """The people offered in the first "assign" list named `field` of a page, by id."""
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no assign list named {field!r}"
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group(1))}


def test_the_desk_and_the_admin_offer_the_same_people_to_assign(client, superuser, editor, checker, outsider):
    gone = make_user("gone", FACT_CHECKERS, is_active=False)
    claim = ClaimFactory()
    client.force_login(superuser)
    desk = assign_choices(client.get(reverse("desk:triage")).content.decode(), "to")
    admin = assign_choices(client.get(change_url(claim)).content.decode(), "assignee")
    assert desk == admin == {superuser.pk, editor.pk, checker.pk}
    assert outsider.pk not in admin and gone.pk not in admin


def test_the_admin_refuses_to_assign_someone_off_the_desk(client, editor, outsider, new_claim):
    client.force_login(editor)
    response = client.post(step_url(new_claim, "assign"), {"assignee": outsider.pk}, follow=True)
    assert "Choose a fact-checker or editor from the list." in response.content.decode()
    new_claim.refresh_from_db()
    assert (new_claim.status, new_claim.assignee) == (S.NEW, None)
