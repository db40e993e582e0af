"""Emails the workflow sends when the desk assigns, submits and sends back claims."""

from django.urls import reverse

from claims import workflow


def step(client, claim, name, **data):
    return client.post(reverse("desk:step", args=[claim.pk, name]), data)


def test_the_checker_is_emailed_when_an_editor_assigns_a_claim(
    client, editor, checker, new_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        step(client, new_claim, "assign", to=checker.pk)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["checker@example.org"]
    assert mail.subject.startswith("Assigned to you:")
    assert reverse("desk:claim", args=[new_claim.pk]) in mail.body


def test_taking_a_claim_for_oneself_sends_no_email(
    client, checker, new_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(checker)
    with django_capture_on_commit_callbacks(execute=True):
        step(client, new_claim, "assign", to=checker.pk)
    assert mailoutbox == []


def test_the_checker_is_emailed_with_the_comment_when_changes_are_requested(
    client, editor2, in_review_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor2)
    with django_capture_on_commit_callbacks(execute=True):
        step(client, in_review_claim, "request_changes", comment="Cite the 2024 register.")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["checker@example.org"]
    assert mailoutbox[0].subject.startswith("Changes requested:")
    assert "Cite the 2024 register." in mailoutbox[0].body


def test_editors_are_emailed_when_a_verdict_is_submitted(
    client, checker, editor, editor2, researching_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(checker)
    with django_capture_on_commit_callbacks(execute=True):
        step(client, researching_claim, "submit")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["editor2@example.org", "editor@example.org"]
    assert mailoutbox[0].subject.startswith("Ready for review:")


def test_the_submitting_editor_is_not_emailed_about_their_own_submission(
    client, editor, editor2, researching_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        step(client, researching_claim, "submit")
    assert mailoutbox[0].to == ["editor2@example.org"]


def test_a_refused_step_sends_nothing(
    client, checker2, in_review_claim, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(checker2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step(client, in_review_claim, "request_changes", comment="Sneaky")
    assert callbacks == [] and mailoutbox == []


def test_no_email_leaves_before_the_step_commits(
    editor, checker, new_claim, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.assign(new_claim, by=editor, to=checker)
    assert len(callbacks) == 1 and mailoutbox == []
