"""Who can open each desk page and reach each desk action."""

import pytest
from django.urls import reverse

from claims.models import Claim

PAGES = ["queue", "claim", "review_queue", "review", "triage", "dashboard"]
EDITOR_PAGES = {"review_queue", "review", "triage"}


def page_url(name, claim):
    if name in ("claim", "review"):
        return reverse(f"desk:{name}", args=[claim.pk])
    return reverse(f"desk:{name}")


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_the_login_page(client, in_review_claim, name):
    url = page_url(name, in_review_claim)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_people_outside_the_desk_are_refused(client, outsider, in_review_claim, name):
    client.force_login(outsider)
    assert client.get(page_url(name, in_review_claim)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_fact_checkers_see_their_pages_and_not_the_editors(client, checker, in_review_claim, name):
    client.force_login(checker)
    expected = 403 if name in EDITOR_PAGES else 200
    assert client.get(page_url(name, in_review_claim)).status_code == expected


@pytest.mark.parametrize("name", PAGES)
def test_editors_see_every_desk_page(client, editor, in_review_claim, name):
    client.force_login(editor)
    assert client.get(page_url(name, in_review_claim)).status_code == 200


def test_a_missing_claim_is_not_found(client, checker, db):
    client.force_login(checker)
    assert client.get(reverse("desk:claim", args=[999999])).status_code == 404


ACTIONS = [
    ("desk:claim_edit", False),
    ("desk:evidence_add", False),
    ("desk:evidence_edit", True),
    ("desk:evidence_delete", True),
    ("desk:evidence_move", True),
    ("desk:verdict", False),
    ("desk:preview", False),
    ("desk:comment", False),
]


def action_url(name, claim, with_evidence):
    args = [claim.pk, claim.evidence.first().pk] if with_evidence else [claim.pk]
    return reverse(name, args=args)


@pytest.mark.parametrize("name,with_evidence", ACTIONS)
def test_actions_answer_only_posts(client, checker, researching_claim, name, with_evidence):
    client.force_login(checker)
    assert client.get(action_url(name, researching_claim, with_evidence)).status_code == 405


@pytest.mark.parametrize("name,with_evidence", ACTIONS)
def test_outsiders_cannot_post_to_any_action(client, outsider, researching_claim, name, with_evidence):
    client.force_login(outsider)
    before = researching_claim.evidence.count(), researching_claim.comments.count()
    response = client.post(
        action_url(name, researching_claim, with_evidence),
        {"url": "https://x.example.org/", "title": "x", "body": "hello", "offset": "1", "statement": "x"},
    )
    assert response.status_code == 403
    assert (researching_claim.evidence.count(), researching_claim.comments.count()) == before


@pytest.mark.parametrize("name,with_evidence", ACTIONS)
def test_anonymous_posts_go_to_the_login_page(client, researching_claim, name, with_evidence):
    response = client.post(action_url(name, researching_claim, with_evidence), {"body": "hello"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert researching_claim.comments.count() == 0


def test_steps_refuse_outsiders_and_send_anonymous_people_to_log_in(client, outsider, new_claim):
    url = reverse("desk:step", args=[new_claim.pk, "dismiss"])
    assert client.post(url, {"comment": "no"}).status_code == 302
    client.force_login(outsider)
    assert client.post(url, {"comment": "no"}).status_code == 403
    new_claim.refresh_from_db()
    assert new_claim.status == Claim.Status.NEW


def test_the_desk_menu_shows_editor_pages_to_editors_only(client, checker, editor, db):
    client.force_login(checker)
    page = client.get(reverse("desk:queue")).content.decode()
    assert reverse("desk:queue") in page
    assert reverse("desk:triage") not in page
    client.force_login(editor)
    page = client.get(reverse("desk:queue")).content.decode()
    for name in ("review_queue", "triage", "dashboard"):
        assert reverse(f"desk:{name}") in page
