"""Work states people see: "changes requested" and "correction in progress", derived from the workflow's events.

The workflow keeps its statuses; `Claim.objects.with_work_state()` tells the two states apart
for the queues, their filters, the dashboard and the workspace header, with no query per row.
"""

import pytest
from django.urls import reverse

from claims import editing, workflow
from claims.models import Claim, WorkState
from tests.factories import ClaimFactory, publish, research

W = WorkState


def state_of(claim):
    return Claim.objects.with_work_state().get(pk=claim.pk).work_state


@pytest.fixture
def sent_back_claim(in_review_claim, editor2):
    workflow.request_changes(in_review_claim, by=editor2, comment="Cite the 2024 register, not the 2019 one.")
    return in_review_claim


@pytest.fixture
def reopened_claim(published_claim, editor2):
    workflow.reopen(published_claim, by=editor2, reason="The census was revised.")
    return published_claim


# The rule, in one place ----------------------------------------------------------------


def test_a_claim_sent_back_is_changes_requested_until_it_is_submitted_again(sent_back_claim, checker):
    assert sent_back_claim.status == Claim.Status.RESEARCHING
    assert state_of(sent_back_claim) == W.CHANGES_REQUESTED
    workflow.submit(sent_back_claim, by=checker)
    assert state_of(sent_back_claim) == W.IN_REVIEW


def test_a_claim_researched_for_the_first_time_is_plain_researching(researching_claim):
    assert state_of(researching_claim) == W.RESEARCHING


def test_a_reopened_claim_is_a_correction_in_progress_until_approved(reopened_claim, checker, editor2):
    assert state_of(reopened_claim) == W.CORRECTION
    editing.save_verdict(reopened_claim, by=checker, data={"public_note": "The figure was revised."})
    workflow.submit(reopened_claim, by=checker)
    assert state_of(reopened_claim) == W.CORRECTION  # in review, still a correction
    workflow.approve(reopened_claim, by=editor2)
    assert state_of(reopened_claim) == W.PUBLISHED


def test_a_correction_sent_back_shows_the_request(reopened_claim, checker, editor2):
    editing.save_verdict(reopened_claim, by=checker, data={"public_note": "The figure was revised."})
    workflow.submit(reopened_claim, by=checker)
    workflow.request_changes(reopened_claim, by=editor2, comment="Say which figure.")
    assert state_of(reopened_claim) == W.CHANGES_REQUESTED


def test_the_property_reads_the_annotation_without_a_query(sent_back_claim, django_assert_num_queries):
    claim = Claim.objects.with_work_state().get(pk=sent_back_claim.pk)
    with django_assert_num_queries(0):
        assert claim.work_state_label == "Changes requested"


def test_the_property_works_on_a_claim_loaded_without_the_annotation(sent_back_claim):
    assert Claim.objects.get(pk=sent_back_claim.pk).work_state == W.CHANGES_REQUESTED


# My queue: the badge, the tabs and the filter -------------------------------------------


def test_my_queue_shows_changes_requested_not_researching(client, checker, sent_back_claim):
    client.force_login(checker)
    response = client.get(reverse("desk:queue"))
    page = response.content.decode()
    assert '<span class="badge status-badge status-changes_requested">Changes requested</span>' in page
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts[W.CHANGES_REQUESTED] == 1 and counts[W.RESEARCHING] == 0


def test_my_queue_shows_a_correction_in_progress(client, checker, reopened_claim):
    client.force_login(checker)
    page = client.get(reverse("desk:queue")).content.decode()
    assert '<span class="badge status-badge status-correction">Correction in progress</span>' in page


def test_my_queue_filters_by_work_state(client, checker, editor, editor2, rating, sent_back_claim):
    plain = research(ClaimFactory(statement="Plain research."), checker=checker, editor=editor, rating=rating)
    corrected = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    workflow.reopen(corrected, by=editor2, reason="New data.")
    client.force_login(checker)

    def listed(status):
        response = client.get(reverse("desk:queue") + f"?status={status}")
        return {claim.pk for claim in response.context["page"]}

    assert listed("changes_requested") == {sent_back_claim.pk}
    assert listed("correction") == {corrected.pk}
    assert listed("researching") == {plain.pk}


@pytest.mark.parametrize("items", [3, 30])
def test_my_queue_shows_work_states_with_a_flat_query_count(
    client, checker, editor, editor2, rating, items, django_assert_max_num_queries
):
    for _ in range(items):
        claim = research(ClaimFactory(), checker=checker, editor=editor, rating=rating)
        workflow.submit(claim, by=checker)
        workflow.request_changes(claim, by=editor2, comment="More sources.")
    client.force_login(checker)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("desk:queue"))
    page = response.content.decode()
    assert page.count("status-changes_requested") == min(items, 25)
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts[W.CHANGES_REQUESTED] == items


# The review queue and the dashboard ---------------------------------------------------


def test_the_review_queue_marks_a_correction_in_review(client, editor2, reopened_claim, checker):
    editing.save_verdict(reopened_claim, by=checker, data={"public_note": "The figure was revised."})
    workflow.submit(reopened_claim, by=checker)
    client.force_login(editor2)
    page = client.get(reverse("desk:review_queue")).content.decode()
    assert "status-correction" in page and "Correction in progress" in page


def test_the_dashboard_counts_and_lists_the_work_states(client, editor, checker, sent_back_claim, rating, editor2):
    corrected = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    workflow.reopen(corrected, by=editor2, reason="New data.")
    client.force_login(editor)
    response = client.get(reverse("desk:dashboard"))
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert (counts["changes_requested"], counts["correction"], counts["researching"]) == (1, 1, 0)
    rows = {user.username: user for user in response.context["open_work"]}
    assert (rows["checker"].changes_requested, rows["checker"].correction, rows["checker"].researching) == (1, 1, 0)
    page = response.content.decode()
    assert "Changes requested" in page and "Correction in progress" in page


# The workspace ---------------------------------------------------------------------------


def test_the_workspace_header_and_top_show_the_request_for_changes(client, checker, sent_back_claim):
    client.force_login(checker)
    page = client.get(reverse("desk:claim", args=[sent_back_claim.pk])).content.decode()
    assert '<span class="badge status-badge status-changes_requested">Changes requested</span>' in page
    top = page.split('id="changes-request-heading"')[1].split("</section>")[0]
    assert "editor2 requested changes" in top and "Cite the 2024 register, not the 2019 one." in top
    comments = page.split('id="comments-heading"')[1].split("</section>")[0]
    assert "No comments yet" not in comments
    assert "Cite the 2024 register, not the 2019 one." in comments


def test_the_request_leaves_the_workspace_once_submitted_again(client, checker, sent_back_claim):
    workflow.submit(sent_back_claim, by=checker)
    client.force_login(checker)
    page = client.get(reverse("desk:claim", args=[sent_back_claim.pk])).content.decode()
    assert 'id="changes-request-heading"' not in page
    assert "status-in_review" in page


def test_the_request_is_escaped(client, checker, in_review_claim, editor2):
    workflow.request_changes(in_review_claim, by=editor2, comment="<img src=x onerror=alert(1)>")
    client.force_login(checker)
    page = client.get(reverse("desk:claim", args=[in_review_claim.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_workspace_header_shows_a_correction_in_progress(client, checker, reopened_claim):
    client.force_login(checker)
    page = client.get(reverse("desk:claim", args=[reopened_claim.pk])).content.decode()
    assert '<span class="badge status-badge status-correction">Correction in progress</span>' in page
    assert 'id="changes-request-heading"' not in page
