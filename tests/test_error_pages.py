"""The error pages speak plainly, in the site's look, and leak nothing about the server."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_cookie_gets_a_page_in_plain_words():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "checker", "password": "x"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "The form could not be sent" in page
    assert "Go back, reload the page and send the form again." in page
    assert "/static/css/site.css" in page  # the site's look, not Django's bare page
    assert "CSRF verification failed" not in page and "CSRF cookie not set" not in page  # the reason is logged


def test_a_desk_page_of_another_role_says_who_is_logged_in(client, checker):
    client.force_login(checker)
    response = client.get(reverse("desk:triage"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "You are not allowed to open this page" in page
    assert "You are logged in as checker" in page
    assert "/static/css/site.css" in page


def test_a_missing_page_offers_search(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'role="search"' in response.content.decode()
