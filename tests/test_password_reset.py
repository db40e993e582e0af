"""Password reset: the mail goes through the queue, a silent mail server holds up no request, and it is limited."""

import re

import pytest
from django.core import mail as outbox
from django.test import Client
from django.urls import reverse

from claims.models import OutgoingMail
from tests.fault_services import SilentServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_mail_server(settings):
    """The production mail settings pointed at a server that accepts connections and never answers."""
    server = SilentServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 0.5
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's engine: a worker sends
    yield server
    server.stop()


def ask_reset(client, email, ip="203.0.113.5"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_a_reset_with_a_silent_mail_server_answers_without_connecting_to_it(client, checker, silent_mail_server):
    response = ask_reset(client, "checker@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert silent_mail_server.accepted == []
    assert OutgoingMail.objects.get().recipients == ["checker@example.org"]


def test_known_and_unknown_addresses_get_the_same_answer(client, checker, silent_mail_server):
    known, unknown = ask_reset(Client(), "checker@example.org"), ask_reset(Client(), "nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert OutgoingMail.objects.count() == 1


def test_the_queued_mail_links_to_a_working_reset_on_the_configured_site(
    client, checker, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    with django_capture_on_commit_callbacks(execute=True):  # the tests' job engine sends at commit
        ask_reset(client, "checker@example.org", ip="198.51.100.3")
    [message] = outbox.outbox
    assert message.to == ["checker@example.org"] and "Reset your password" in message.subject
    link = re.search(r"https://desk\.example\.org(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a fresh long phrase 7", "new_password2": "a fresh long phrase 7"}
    )
    assert done.status_code == 302
    checker.refresh_from_db()
    assert checker.check_password("a fresh long phrase 7")


def test_past_the_limit_for_one_account_nothing_more_is_queued(client, checker, settings, silent_mail_server):
    settings.FACTCHECK_PASSWORD_RESETS_PER_ACCOUNT = 2
    answers = [ask_reset(Client(), "Checker@example.org", ip=f"198.51.100.{n}").status_code for n in range(5)]
    assert answers == [302] * 5
    assert OutgoingMail.objects.count() == 2
    assert silent_mail_server.accepted == []


def test_past_the_limit_for_one_address_requests_are_refused(client, checker, settings, silent_mail_server):
    settings.FACTCHECK_PASSWORD_RESETS_PER_ADDRESS = 3
    answers = [ask_reset(client, email).status_code for email in ["a@example.org", "b@example.org", "c@example.org"]]
    refused = ask_reset(client, "checker@example.org")
    assert answers == [302] * 3 and refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert not OutgoingMail.objects.exists()
    assert ask_reset(client, "checker@example.org", ip="198.51.100.9").status_code == 302


def test_the_login_page_links_to_the_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
