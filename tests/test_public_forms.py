"""Readers write in: suggestions and correction requests, with a honeypot and a rate limit."""

from django.test import Client
from django.urls import reverse

from claims.models import ReaderMessage
from claims.public.ratelimit import READER_MESSAGES_PER_HOUR

SUGGESTION = {
    "text": "The minister said unemployment halved in a year.",
    "url": "https://tv.example.org/clip",
    "email": "",
}


def suggest(client, **data):
    return client.post(reverse("public:suggest"), {**SUGGESTION, **data}, follow=True)


def test_the_suggestion_form_has_labels_and_a_hidden_trap(client, db):
    html = client.get("/suggest/").content.decode()
    assert 'for="id_text"' in html and 'for="id_url"' in html and 'for="id_email"' in html
    assert 'class="reader-form-trap"' in html and 'name="website"' in html


def test_a_reader_suggests_a_claim_and_gets_a_confirmation(client, db):
    response = suggest(client)
    assert response.redirect_chain == [(reverse("public:thanks", args=["suggestion"]), 302)]
    assert "Thank you" in response.content.decode()
    message = ReaderMessage.objects.get()
    assert message.kind == ReaderMessage.Kind.SUGGESTION and message.state == ReaderMessage.State.OPEN
    assert message.text == SUGGESTION["text"] and message.url == SUGGESTION["url"]


def test_an_empty_suggestion_is_sent_back_with_the_reason(client, db):
    response = client.post(reverse("public:suggest"), {"text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ReaderMessage.objects.exists()


def test_only_web_links_are_accepted(client, db):
    response = client.post(reverse("public:suggest"), {**SUGGESTION, "url": "javascript:alert(1)"})
    assert response.status_code == 200
    assert not ReaderMessage.objects.exists()


def test_a_bot_filling_the_honeypot_gets_the_same_confirmation_and_nothing_is_kept(client, db):
    response = suggest(client, website="http://spam.example")
    assert "Thank you" in response.content.decode()
    assert not ReaderMessage.objects.exists()


def test_an_address_over_the_rate_limit_gets_the_confirmation_but_nothing_is_kept(client, db):
    for _ in range(READER_MESSAGES_PER_HOUR + 3):
        response = suggest(client)
        assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert ReaderMessage.objects.count() == READER_MESSAGES_PER_HOUR


def test_the_rate_limit_counts_per_address(client, db):
    for _ in range(READER_MESSAGES_PER_HOUR):
        suggest(client)
    client.post(reverse("public:suggest"), SUGGESTION, REMOTE_ADDR="203.0.113.9")
    assert ReaderMessage.objects.count() == READER_MESSAGES_PER_HOUR + 1


def test_a_reader_requests_a_correction_of_a_published_verdict(client, published_claim):
    page = client.get(reverse("public:request_correction", args=[published_claim.slug]))
    assert published_claim.published_verdict.headline in page.content.decode()
    response = client.post(
        reverse("public:request_correction", args=[published_claim.slug]),
        {"text": "The registry says 14, see page 3.", "email": "reader@example.org"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("public:thanks", args=["correction"])
    message = ReaderMessage.objects.get()
    assert message.kind == ReaderMessage.Kind.CORRECTION and message.claim == published_claim
    assert message.email == "reader@example.org"


def test_no_correction_request_for_an_unpublished_claim(client, in_review_claim):
    response = client.post(reverse("public:request_correction", args=[in_review_claim.slug]), {"text": "Wrong."})
    assert response.status_code == 404
    assert not ReaderMessage.objects.exists()


def test_the_forms_need_a_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(reverse("public:suggest"), SUGGESTION)
    assert response.status_code == 403
    assert not ReaderMessage.objects.exists()


def test_an_unknown_confirmation_is_404(client, db):
    assert client.get("/thanks/anything/").status_code == 404
