"""Login throttling: repeated failures lock the account with a clear page, and an administrator unlocks it."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username, password, ip="203.0.113.5"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail_until_locked(client, settings, username="checker", ip="203.0.113.5"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, "wrong", ip=ip)


def test_a_wrong_password_is_refused_with_the_form_again(client, checker):
    response = log_in(client, "checker", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_after_repeated_failures_even_the_right_password_is_refused(client, settings, checker):
    fail_until_locked(client, settings)
    response = log_in(client, "checker", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_what_happened_and_what_to_do(client, settings, checker):
    fail_until_locked(client, settings)
    page = log_in(client, "checker", PASSWORD).content.decode()
    assert "Too many failed log-in attempts" in page
    assert "administrator" in page


def test_one_failure_fewer_than_the_limit_still_lets_the_user_in(client, settings, checker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "checker", "wrong")
    assert log_in(client, "checker", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(checker.pk)


def test_the_lockout_follows_the_user_name_to_another_address(client, settings, checker):
    fail_until_locked(client, settings, ip="203.0.113.5")
    assert log_in(Client(), "checker", PASSWORD, ip="198.51.100.77").status_code == 429


def test_guessing_many_user_names_from_one_address_locks_that_address(client, settings, checker):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"nobody{n}", "wrong", ip="203.0.113.9")
    assert log_in(Client(), "checker", PASSWORD, ip="203.0.113.9").status_code == 429
    assert log_in(Client(), "checker", PASSWORD, ip="198.51.100.1").status_code == 302


def test_failures_and_the_lockout_are_logged(client, settings, checker, caplog):
    caplog.set_level(logging.WARNING, logger="claims.requests")
    fail_until_locked(client, settings)
    log_in(client, "checker", PASSWORD)
    messages = [r.getMessage() for r in caplog.records if r.name == "claims.requests"]
    assert messages.count("login failed") >= settings.AXES_FAILURE_LIMIT
    assert "login locked out" in messages
    refused = [r for r in caplog.records if r.name == "claims.requests" and r.getMessage() == "request refused"]
    assert refused[-1].status == 429
    assert refused[-1].reason == "locked out after repeated failed logins"


def test_an_administrator_sees_the_lockout_in_the_admin(client, settings, checker, superuser):
    fail_until_locked(Client(), settings)
    client.force_login(superuser)
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "checker" in response.content.decode()


def test_an_administrator_unlocks_the_account_in_the_admin(client, settings, checker, superuser):
    locked_out = Client()
    fail_until_locked(locked_out, settings)
    client.force_login(superuser)
    attempts = list(AccessAttempt.objects.filter(username="checker").values_list("pk", flat=True))
    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.filter(username="checker").exists()
    assert log_in(locked_out, "checker", PASSWORD).status_code == 302


def test_a_fact_checker_cannot_unlock_accounts(client, settings, checker):
    fail_until_locked(Client(), settings, username="editor")
    client.force_login(checker)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def guessing_loop(client, settings, login, *, guessed="editor", own="checker"):
    """Guesses at `guessed`, a login with the attacker's own account after every four; the answers to the guesses."""
    answers = []
    for guess in range(settings.AXES_FAILURE_LIMIT * 3):
        answers.append(login(client, guessed, f"guess-{guess}").status_code)
        if guess % 4 == 3:
            login(Client(), own, PASSWORD)
    return answers


def test_logging_in_with_an_own_account_does_not_reset_the_guesses_at_another(client, settings, checker, editor):
    answers = guessing_loop(client, settings, log_in)
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1) and set(answers[limit - 1 :]) == {429}
    assert log_in(client, "editor", PASSWORD).status_code == 429
    assert log_in(Client(), "editor", PASSWORD, ip="198.51.100.77").status_code == 429


def admin_log_in(client, username, password, ip="203.0.113.5"):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_admin_login_does_not_reset_the_guesses_at_another_account_either(client, settings, superuser, editor):
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    answers = guessing_loop(client, settings, admin_log_in, guessed="root", own="editor")
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1) and set(answers[limit - 1 :]) == {429}
    response = admin_log_in(client, "root", PASSWORD)
    assert response.status_code == 429 and "Too many failed log-in attempts" in response.content.decode()
    assert admin_log_in(Client(), "root", PASSWORD, ip="198.51.100.77").status_code == 429


def test_a_success_still_clears_the_own_typos_from_that_address(client, settings, checker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "checker", "wrong")
    assert log_in(client, "checker", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "checker", "wrong")
    assert log_in(client, "checker", PASSWORD).status_code == 302


def backdate_attempts(minutes):
    when = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=when)
    return when


def test_the_lockout_page_says_when_it_ends(client, settings, checker):
    fail_until_locked(client, settings)
    failed_at = backdate_attempts(35)
    page = log_in(client, "checker", PASSWORD).content.decode()
    ends = timezone.localtime(failed_at + timedelta(hours=settings.AXES_COOLOFF_TIME))
    assert f"You can log in again from {ends:%-d %b %Y, %H:%M} {ends.tzname()}." in page


def test_attempts_during_the_lockout_neither_count_nor_move_its_end(client, settings, checker):
    fail_until_locked(client, settings)
    failed_at = backdate_attempts(50)
    assert log_in(client, "checker", "wrong").status_code == 429
    assert set(AccessAttempt.objects.values_list("attempt_time", flat=True)) == {failed_at}
    backdate_attempts(61)
    assert log_in(client, "checker", PASSWORD).status_code == 302
