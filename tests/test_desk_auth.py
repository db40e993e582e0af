"""Logging in to the desk, logging out, changing the password, and the lockout page."""

from django.urls import reverse


def test_the_login_page_has_a_labelled_form(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Log in to the desk" in page
    assert 'for="id_username"' in page and 'for="id_password"' in page


def test_logging_in_opens_my_queue(client, checker):
    response = client.post(reverse("login"), {"username": "checker", "password": "pass-word-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("desk:queue")
    assert response.status_code == 200


def test_logging_in_returns_to_the_page_asked_for(client, checker, new_claim):
    target = reverse("desk:claim", args=[new_claim.pk])
    page = client.get(f"{reverse('login')}?next={target}").content.decode()
    assert "Please log in to see that page." in page
    response = client.post(reverse("login"), {"username": "checker", "password": "pass-word-123", "next": target})
    assert response["Location"] == target


def test_a_wrong_password_is_refused_with_a_message(client, checker):
    response = client.post(reverse("login"), {"username": "checker", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()


def test_logging_out_says_so(client, checker):
    client.force_login(checker)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("public:home")
    assert client.get(reverse("desk:queue")).status_code == 302


def test_the_logged_out_template_reads_well(client, db):
    from django.template.loader import render_to_string

    html = render_to_string("registration/logged_out.html", {"org_name": "Desk"})
    assert "You are logged out" in html and reverse("login") in html


def test_changing_the_password(client, checker):
    client.force_login(checker)
    page = client.get(reverse("password_change")).content.decode()
    assert "Change your password" in page and 'name="old_password"' in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-word-123",
            "new_password1": "a-long new phrase 42",
            "new_password2": "a-long new phrase 42",
        },
        follow=True,
    )
    assert "Your password is changed" in response.content.decode()
    checker.refresh_from_db()
    assert checker.check_password("a-long new phrase 42")


def test_a_weak_new_password_is_refused_at_the_field(client, checker):
    client.force_login(checker)
    response = client.post(
        reverse("password_change"), {"old_password": "pass-word-123", "new_password1": "123", "new_password2": "123"}
    )
    assert "This password is too short." in response.content.decode()


def test_too_many_failures_show_the_lockout_page(client, checker, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "checker", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
