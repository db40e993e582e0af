"""The admin is one more door into the editing layer (issue 21, item 8).

Its change forms carry the version they were opened at, a slug set there follows the desk's rules, and a
comment is posted by whoever is signed in. Each case goes through the admin page as a person's browser does.
"""

import pytest
from django.urls import reverse

from claims import editing
from claims.models import Claim, ClaimSlugRedirect, Comment
from tests.admin_forms import form_data
from tests.factories import ClaimFactory, PieceFactory, research

pytestmark = pytest.mark.django_db

OUT_OF_DATE = "Someone else saved this"


def admin_url(model, action, *args):
    return reverse(f"admin:claims_{model}_{action}", args=args)


def test_a_stale_claim_form_is_refused_with_a_message_and_keeps_what_was_typed(client, checker, researching_claim):
    url = admin_url("claim", "change", researching_claim.pk)
    client.force_login(checker)
    opened = form_data(client, url, statement="The admin's statement.", claimant="The admin's claimant")
    # Meanwhile the fact-checker saves in the desk, from the version the admin page was opened at.
    editing.update_claim(
        researching_claim, by=checker, data={"statement": "The desk's statement."}, version=researching_claim.version
    )

    response = client.post(url, opened)

    assert response.status_code == 200
    page = response.content.decode()
    assert OUT_OF_DATE in page
    assert "The admin&#x27;s statement." in page and "The admin&#x27;s claimant" in page
    claim = Claim.objects.get(pk=researching_claim.pk)
    assert claim.statement == "The desk's statement."
    assert claim.claimant != "The admin's claimant"

    # Reloaded, the page carries the new version: the change saves, through the editing layer.
    response = client.post(url, form_data(client, url, claimant="The admin's claimant"))
    assert response.status_code == 302
    claim = Claim.objects.get(pk=researching_claim.pk)
    assert (claim.statement, claim.claimant) == ("The desk's statement.", "The admin's claimant")
    assert claim.version == researching_claim.version + 2
    assert claim.history.first().history_user == checker


def test_a_claim_form_sent_without_its_version_is_refused(client, checker, researching_claim):
    url = admin_url("claim", "change", researching_claim.pk)
    client.force_login(checker)
    data = form_data(client, url, statement="Saved without a version.")
    data.pop("loaded_version")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert Claim.objects.get(pk=researching_claim.pk).statement != "Saved without a version."


def test_a_stale_verdict_draft_form_is_refused_with_a_message_and_keeps_what_was_typed(
    client, checker, researching_claim
):
    draft = researching_claim.current_draft()
    url = admin_url("verdict", "change", draft.pk)
    client.force_login(checker)
    opened = form_data(client, url, headline="The admin's headline")
    editing.save_verdict(researching_claim, by=checker, data={"headline": "The desk's headline"}, version=draft.version)

    response = client.post(url, opened)

    assert response.status_code == 200
    page = response.content.decode()
    assert OUT_OF_DATE in page and "The admin&#x27;s headline" in page
    draft.refresh_from_db()
    assert draft.headline == "The desk's headline"


def test_a_verdict_draft_form_sent_without_its_version_is_refused(client, checker, researching_claim):
    draft = researching_claim.current_draft()
    url = admin_url("verdict", "change", draft.pk)
    client.force_login(checker)
    data = form_data(client, url, headline="Saved without a version")
    data.pop("loaded_version")

    response = client.post(url, data)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.headline != "Saved without a version"


def test_the_editing_layer_refuses_a_missing_version_from_a_form(checker, researching_claim):
    with pytest.raises(editing.VersionConflict):
        editing.update_claim(researching_claim, by=checker, data={"statement": "No version."}, version=None)
    with pytest.raises(editing.VersionConflict):
        editing.save_verdict(researching_claim, by=checker, data={"headline": "No version"}, version=None)


# A comment's author ------------------------------------------------------------------------------------------


def test_a_comment_added_in_the_admin_is_by_the_person_signed_in(client, checker, editor, researching_claim):
    client.force_login(checker)
    url = admin_url("comment", "add")
    assert 'name="author"' not in client.get(url).content.decode()

    response = client.post(url, {"claim": researching_claim.pk, "body": "Posted as someone else?", "author": editor.pk})

    assert response.status_code == 302
    assert Comment.objects.get(body="Posted as someone else?").author == checker


def test_a_comment_cannot_be_given_to_someone_else_afterwards(client, checker, editor, researching_claim):
    comment = editing.add_comment(researching_claim, by=checker, body="My own words.")
    client.force_login(editor)
    url = admin_url("comment", "change", comment.pk)

    client.post(url, {"claim": researching_claim.pk, "body": "Changed words.", "author": editor.pk})

    comment.refresh_from_db()
    assert (comment.author, comment.body) == (checker, "My own words.")


# Slugs: the desk's rules -------------------------------------------------------------------------------------


@pytest.fixture
def earlier_address(checker, editor, rating):
    """A claim published after moving: "another-claim" is its earlier address and answers with a 301."""
    other = ClaimFactory(statement="Another claim.")
    research(other, checker=checker, editor=editor, rating=rating, headline="Its own headline")
    assert ClaimSlugRedirect.objects.get(old_slug="another-claim").claim == other
    return "another-claim"


def assert_earlier_address_kept(response, address):
    assert response.status_code == 200
    assert f"Another claim uses the address “{address}”" in response.content.decode()
    assert ClaimSlugRedirect.objects.filter(old_slug=address).exists()
    assert not Claim.objects.filter(slug=address).exists()


def test_the_admin_claim_form_cannot_take_another_claims_earlier_address(
    client, checker, researching_claim, earlier_address
):
    url = admin_url("claim", "change", researching_claim.pk)
    client.force_login(checker)

    response = client.post(url, form_data(client, url, slug=earlier_address))

    assert_earlier_address_kept(response, earlier_address)


def test_a_claim_added_in_the_admin_cannot_take_another_claims_earlier_address(client, editor, earlier_address):
    url = admin_url("claim", "add")
    client.force_login(editor)
    data = form_data(client, url, statement="A new claim.", slug=earlier_address, priority="1")

    response = client.post(url, data)

    assert_earlier_address_kept(response, earlier_address)


def test_the_editing_layer_refuses_another_claims_earlier_address_to_any_caller(
    checker, researching_claim, earlier_address
):
    with pytest.raises(editing.EditRefused, match="Another claim uses the address"):
        editing.update_claim(researching_claim, by=checker, data={"slug": earlier_address})
    with pytest.raises(editing.EditRefused, match="Another claim uses the address"):
        editing.create_claim(by=checker, statement="A new claim.", slug=earlier_address)
    assert ClaimSlugRedirect.objects.filter(old_slug=earlier_address).exists()


# Values out of range: a message, never a 500 (issue 20, item 6) --------------------------------------------


@pytest.mark.parametrize("piece", ["abc", "1.5", str(10**20)])
def test_a_piece_that_is_not_a_piece_is_refused_with_a_message(client, editor, new_claim, piece):
    url = admin_url("claim", "change", new_claim.pk)
    client.force_login(editor)

    response = client.post(url, form_data(client, url, piece=piece))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Claim.objects.get(pk=new_claim.pk).piece_id == new_claim.piece_id
    other = PieceFactory()
    response = client.post(url, form_data(client, url, piece=other.pk, start="", end=""))
    assert response.status_code == 302
    assert Claim.objects.get(pk=new_claim.pk).piece == other
