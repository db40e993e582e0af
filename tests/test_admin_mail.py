"""The mail history in the admin: editors only, read-only, with a way to try a failed email again."""

import pytest
from django.urls import reverse

from claims.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_mail(db):
    return OutgoingMail.objects.create(
        recipients=["checker@example.org"],
        subject="A claim was assigned to you",
        body="…",
        attempts=20,
        last_error="Connection refused",
    )


def test_an_editor_sees_a_failed_email_with_its_error(client, editor, failed_mail):
    client.force_login(editor)
    page = client.get(reverse("admin:claims_outgoingmail_changelist")).content.decode()
    assert "A claim was assigned to you" in page
    assert "checker@example.org" in page
    assert "Connection refused" in page


def test_a_fact_checker_cannot_see_the_queue(client, checker, failed_mail):
    client.force_login(checker)
    assert client.get(reverse("admin:claims_outgoingmail_changelist")).status_code == 403
    assert "outgoing" not in client.get(reverse("admin:index")).content.decode().lower()


def test_nobody_can_edit_or_delete_a_queued_email(client, admin_user, failed_mail):
    client.force_login(admin_user)
    change = reverse("admin:claims_outgoingmail_change", args=[failed_mail.pk])
    client.post(change, {"subject": "changed"})
    assert client.get(reverse("admin:claims_outgoingmail_add")).status_code == 403
    assert (
        client.post(reverse("admin:claims_outgoingmail_delete", args=[failed_mail.pk]), {"post": "yes"}).status_code
        == 403
    )
    failed_mail.refresh_from_db()
    assert failed_mail.subject == "A claim was assigned to you"


def test_try_again_sends_a_failed_email(client, editor, failed_mail, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:claims_outgoingmail_changelist"),
            {"action": "try_again", "_selected_action": [failed_mail.pk]},
            follow=True,
        )
    assert "1 email will be sent again." in response.content.decode()
    failed_mail.refresh_from_db()
    assert failed_mail.sent_at is not None and failed_mail.last_error == ""
    assert [message.subject for message in mailoutbox] == ["A claim was assigned to you"]
