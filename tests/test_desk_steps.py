"""Every workflow button, pressed by every role: by the real buttons and by crafted POSTs.

The desk shows only the buttons `available_steps` allows, and the server
refuses the rest through `claims.workflow`, whatever the page showed.
"""

import pytest
from django.urls import reverse

from claims import editing, workflow
from claims.models import Claim

# Fixtures are looked up by name inside the tests, so the database mark must be explicit:
# it keeps these tests ahead of the transactional ones, which empty the tables.
pytestmark = pytest.mark.django_db

S = Claim.Status

# step: (fixture with a claim where the step applies, status after it succeeds)
STEP_CLAIMS = {
    "assign": ("new_claim", S.RESEARCHING),
    "submit": ("researching_claim", S.IN_REVIEW),
    "request_changes": ("in_review_claim", S.RESEARCHING),
    "approve": ("in_review_claim", S.PUBLISHED),
    "dismiss": ("new_claim", S.DISMISSED),
    "restore": ("dismissed_claim", S.NEW),
    "reopen": ("published_claim", S.RESEARCHING),
    "withdraw": ("published_claim", S.WITHDRAWN),
    "approve_notice": ("withdrawn_claim", S.WITHDRAWN),  # withdrawn by `editor`: another editor approves its words
}

# Who may press each button. `checker` is the claim's fact-checker and
# `checker2` another one; any fact-checker may take a new claim for themselves.
ALLOWED = {
    "assign": {"checker", "checker2", "editor2"},
    "submit": {"checker", "editor2"},
    "request_changes": {"editor2"},
    "approve": {"editor2"},
    "dismiss": {"editor2"},
    "restore": {"editor2"},
    "reopen": {"editor2"},
    "withdraw": {"editor2"},
    "approve_notice": {"editor2"},
}
ROLES = ["checker", "checker2", "editor2"]


def post_step(client, claim, name, user, **extra):
    data = {"comment": "Because the sources disagree.", "to": str(user.pk)}
    data.update(extra)
    return client.post(reverse("desk:step", args=[claim.pk, name]), data, follow=True)


def logged_in_at(request, client, name, role):
    """The claim where step `name` applies, and the persona `role`, logged in on `client`."""
    claim = request.getfixturevalue(STEP_CLAIMS[name][0])
    user = request.getfixturevalue(role)
    client.force_login(user)
    return claim, user


def page_after_step(client, claim, name, user, **extra):
    """The page `user` lands on after pressing the step's button themselves."""
    client.force_login(user)
    return post_step(client, claim, name, user, **extra).content.decode()


@pytest.mark.parametrize("name", list(STEP_CLAIMS))
@pytest.mark.parametrize("role", ROLES)
def test_a_crafted_step_post_succeeds_only_for_those_allowed(request, client, name, role):
    claim, user = logged_in_at(request, client, name, role)
    after = STEP_CLAIMS[name][1]
    before = Claim.objects.get(pk=claim.pk).status
    events_before = claim.events.count()

    response = post_step(client, claim, name, user)

    claim.refresh_from_db()
    page = response.content.decode()
    if role in ALLOWED[name]:
        assert claim.status == after
        assert claim.events.count() == events_before + 1
        assert 'class="alert alert-success"' in page and "Done:" not in page
    else:
        assert claim.status == before
        assert claim.events.count() == events_before
        assert 'class="alert alert-danger"' in page  # the workflow's refusal, shown as a message


@pytest.mark.parametrize("name", list(STEP_CLAIMS))
@pytest.mark.parametrize("role", ROLES)
def test_the_workspace_shows_only_the_buttons_this_person_may_press(request, client, name, role):
    claim, _user = logged_in_at(request, client, name, role)
    page = client.get(reverse("desk:claim", args=[claim.pk])).content.decode()
    shown = reverse("desk:step", args=[claim.pk, name]) in page
    assert shown == (role in ALLOWED[name])


@pytest.mark.parametrize("name", ["request_changes", "dismiss", "reopen", "withdraw"])
def test_steps_that_need_a_reason_refuse_an_empty_one_at_the_field(request, client, editor2, name):
    claim = request.getfixturevalue(STEP_CLAIMS[name][0])
    before = claim.status
    client.force_login(editor2)
    response = client.post(reverse("desk:step", args=[claim.pk, name]), {"comment": "   ", "next": "/desk/triage/"})
    assert response.status_code == 400
    assert "Say why: this step needs a comment." in response.content.decode()
    assert 'href="/desk/triage/"' in response.content.decode()  # Cancel goes back where they came from
    claim.refresh_from_db()
    assert claim.status == before


def test_a_fact_checker_cannot_assign_a_claim_to_someone_else(client, checker, checker2, new_claim):
    client.force_login(checker)
    response = post_step(client, new_claim, "assign", checker2)
    assert "Fact-checkers can only take claims for themselves." in response.content.decode()
    new_claim.refresh_from_db()
    assert new_claim.assignee is None and new_claim.status == S.NEW


def test_claims_cannot_be_assigned_outside_the_desk(client, editor, outsider, new_claim):
    client.force_login(editor)
    response = client.post(reverse("desk:step", args=[new_claim.pk, "assign"]), {"to": outsider.pk})
    assert response.status_code == 400
    assert "Choose a fact-checker or editor from the list." in response.content.decode()
    new_claim.refresh_from_db()
    assert new_claim.assignee is None


def test_the_editor_reassigns_a_claim_from_the_workspace(client, editor, checker2, researching_claim):
    client.force_login(editor)
    post_step(client, researching_claim, "assign", checker2)
    researching_claim.refresh_from_db()
    assert researching_claim.assignee == checker2


def test_submitting_without_a_summary_shows_the_workflow_refusal(client, checker, editor, new_claim):
    workflow.assign(new_claim, by=editor, to=checker)
    page = page_after_step(client, new_claim, "submit", checker)
    assert "Before submitting, add a rating, a summary, at least one evidence link." in page
    new_claim.refresh_from_db()
    assert new_claim.status == S.RESEARCHING


def test_four_eyes_the_editor_who_wrote_the_verdict_sees_approve_disabled_and_is_refused(
    client, editor, researching_claim, checker
):
    editing.save_verdict(researching_claim, by=editor, data={"headline": "Edited by the editor"})
    workflow.submit(researching_claim, by=checker)
    client.force_login(editor)
    page = client.get(reverse("desk:review", args=[researching_claim.pk])).content.decode()
    assert "four-eyes rule" in page
    assert reverse("desk:step", args=[researching_claim.pk, "approve"]) not in page
    response = post_step(client, researching_claim, "approve", editor)
    assert "Four-eyes rule: you changed what readers will see of this revision" in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.status == S.IN_REVIEW


def test_a_step_that_already_happened_is_refused_with_the_current_status(client, editor2, published_claim):
    page = page_after_step(client, published_claim, "approve", editor2)
    assert "it is published now" in page


def test_an_unknown_step_is_not_found(client, editor, new_claim):
    client.force_login(editor)
    assert client.post(reverse("desk:step", args=[new_claim.pk, "publish_everything"])).status_code == 404


def test_after_a_step_the_desk_returns_to_the_page_it_came_from_only_if_it_is_ours(client, editor, new_claim):
    client.force_login(editor)
    url = reverse("desk:step", args=[new_claim.pk, "dismiss"])
    response = client.post(url, {"comment": "Opinion", "next": reverse("desk:triage")})
    assert response["Location"] == reverse("desk:triage")
    restore = reverse("desk:step", args=[new_claim.pk, "restore"])
    response = client.post(restore, {"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("desk:claim", args=[new_claim.pk])


# Plain messages after each step -------------------------------------------------------

PLAIN_MESSAGES = {
    "assign": "is assigned to checker2 now.",
    "submit": "Submitted for review. An editor will approve it or send it back.",
    "request_changes": "Sent back to checker with your comment.",
    "approve": "Approved and published.",
    "dismiss": "Dismissed: “",
    "restore": "is a new claim again.",
    "reopen": "Reopened for correction. The live verdict stays up until the correction is approved.",
    "withdraw": "Withdrawn. Its public page now tells readers the verdict is gone.",
}


@pytest.mark.parametrize("name", list(PLAIN_MESSAGES))
def test_each_step_says_what_happened_in_plain_words(request, client, editor2, checker2, name):
    claim = request.getfixturevalue(STEP_CLAIMS[name][0])
    page = page_after_step(client, claim, name, editor2, to=str(checker2.pk))
    assert PLAIN_MESSAGES[name] in page
    assert "Done:" not in page


def test_taking_a_claim_says_you_took_it(client, checker, new_claim):
    page = page_after_step(client, new_claim, "assign", checker)
    assert "You took this claim." in page


def test_after_approval_the_message_links_to_the_live_page(client, editor2, in_review_claim):
    page = page_after_step(client, in_review_claim, "approve", editor2)
    in_review_claim.refresh_from_db()
    link = f'Approved and published. <a href="{in_review_claim.get_absolute_url()}">Open the live page</a>'
    assert link in page
    assert client.get(in_review_claim.get_absolute_url()).status_code == 200


def test_a_first_of_two_approvals_says_another_editor_must_approve(client, settings, editor2, in_review_claim):
    settings.FACTCHECK_REQUIRED_APPROVALS = 2
    page = page_after_step(client, in_review_claim, "approve", editor2)
    assert "Your approval is recorded; another editor must approve it too." in page
    assert "Approved and published." not in page


def test_the_claim_in_a_message_is_escaped(client, editor, checker2):
    from tests.factories import ClaimFactory

    claim = ClaimFactory(statement="<script>alert(1)</script> is true.")
    client.force_login(editor)
    page = post_step(client, claim, "assign", checker2, to=str(checker2.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is true.” is assigned to checker2 now." in page
    assert "<script>alert(1)" not in page


def test_a_refused_step_shows_the_reason_typed_again(client, editor2, published_claim):
    workflow.withdraw(published_claim, by=editor2, reason="Gone")
    client.force_login(editor2)
    url = reverse("desk:step", args=[published_claim.pk, "reopen"])
    response = client.post(url, {"comment": "The census was revised in May.", "next": "/desk/review/"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "it is withdrawn now" in page
    assert "The census was revised in May." in page  # still in the box, not lost with a redirect
    published_claim.refresh_from_db()
    assert published_claim.status == S.WITHDRAWN
