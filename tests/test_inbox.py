"""The desk's inbox of readers' messages: editors turn suggestions into claims, or decline them."""

import pytest
from django.urls import reverse

from claims.desk.inbox import AlreadyHandled, accept_suggestion
from claims.models import Claim, ReaderMessage

State = ReaderMessage.State


@pytest.fixture
def suggestion(db):
    return ReaderMessage.objects.create(
        kind=ReaderMessage.Kind.SUGGESTION,
        text="The minister said <b>unemployment</b> halved in a year.",
        url="https://tv.example.org/clip",
    )


@pytest.fixture
def correction_request(published_claim):
    return ReaderMessage.objects.create(
        kind=ReaderMessage.Kind.CORRECTION, claim=published_claim, text="The registry says 14.", email="r@example.org"
    )


def accept_url(message):
    return reverse("desk:inbox_accept", args=[message.pk])


def test_it_requires_login(client, suggestion):
    response = client.get(reverse("desk:inbox"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_refuses_people_outside_the_desk(client, outsider, suggestion):
    client.force_login(outsider)
    assert client.get(reverse("desk:inbox")).status_code == 403


def test_editors_read_open_messages_escaped(
    client, editor, suggestion, correction_request, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("desk:inbox")).content.decode()
    assert "&lt;b&gt;unemployment&lt;/b&gt;" in html
    assert correction_request.claim.statement in html
    assert accept_url(suggestion) in html


def test_fact_checkers_cannot_read_readers_names_and_addresses(client, checker, suggestion):
    client.force_login(checker)
    assert client.get(reverse("desk:inbox")).status_code == 403


def test_an_editor_turns_a_suggestion_into_a_new_claim_in_one_step(client, editor, suggestion):
    client.force_login(editor)
    prefix = f"m{suggestion.pk}"
    response = client.post(
        accept_url(suggestion),
        {f"{prefix}-statement": "Unemployment halved in a year.", f"{prefix}-claimant": "The minister"},
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("desk:claim", args=[claim.pk])
    assert claim.status == Claim.Status.NEW
    assert (claim.statement, claim.claimant, claim.appearance_url) == (
        "Unemployment halved in a year.",
        "The minister",
        "https://tv.example.org/clip",
    )
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.claim, suggestion.handled_by) == (State.ACCEPTED, claim, editor)


def test_a_fact_checker_cannot_triage(client, checker, suggestion):
    client.force_login(checker)
    prefix = f"m{suggestion.pk}"
    assert client.post(accept_url(suggestion), {f"{prefix}-statement": "X."}).status_code == 403
    assert client.post(reverse("desk:inbox_decline", args=[suggestion.pk])).status_code == 403
    assert not Claim.objects.exists()


def test_accepting_without_a_statement_changes_nothing(client, editor, suggestion):
    client.force_login(editor)
    response = client.post(accept_url(suggestion), {f"m{suggestion.pk}-statement": ""}, follow=True)
    assert "Write the statement to check" in response.content.decode()
    assert not Claim.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.state == State.OPEN


def test_actions_are_post_only(client, editor, suggestion):
    client.force_login(editor)
    assert client.get(accept_url(suggestion)).status_code == 405


def test_an_editor_declines_a_message(client, editor, suggestion):
    client.force_login(editor)
    client.post(reverse("desk:inbox_decline", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.state == State.DECLINED and suggestion.handled_by == editor
    assert suggestion.text not in client.get(reverse("desk:inbox")).content.decode()
    assert "unemployment" in client.get(reverse("desk:inbox"), {"state": "declined"}).content.decode()


def test_an_editor_accepts_a_correction_request_and_goes_to_the_claim(client, editor, correction_request):
    client.force_login(editor)
    response = client.post(accept_url(correction_request))
    assert response["Location"] == reverse("desk:claim", args=[correction_request.claim_id])
    correction_request.refresh_from_db()
    assert correction_request.state == State.ACCEPTED


def test_a_message_handled_by_someone_else_is_not_handled_twice(client, editor, editor2, suggestion):
    accept_suggestion(suggestion, by=editor2, statement="Unemployment halved.")
    with pytest.raises(AlreadyHandled):
        accept_suggestion(suggestion, by=editor, statement="Unemployment halved again.")
    client.force_login(editor)
    response = client.post(reverse("desk:inbox_decline", args=[suggestion.pk]), follow=True)
    assert "editor2 already marked this message accepted." in response.content.decode()
    assert Claim.objects.count() == 1
