"""Two people editing the same claim or verdict: the second save is refused and keeps what they typed."""

from django.urls import reverse

from claims import editing
from tests.desk_forms import claim_data, verdict_data


def test_the_second_claim_save_is_refused_and_keeps_the_typed_text(client, checker, editor, researching_claim):
    stale = claim_data(researching_claim)  # both open the page at the same version
    editing.update_claim(
        researching_claim, by=editor, data={"claimant": "The mayor's office"}, version=researching_claim.version
    )
    client.force_login(checker)
    response = client.post(
        reverse("desk:claim_edit", args=[researching_claim.pk]), {**stale, "claimant": "The city's mayor, Jane Doe"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this claim while you were editing." in page
    assert 'value="The city&#x27;s mayor, Jane Doe"' in page  # what they typed is still in the form
    researching_claim.refresh_from_db()
    assert researching_claim.claimant == "The mayor's office"  # the first save is not overwritten


def test_the_second_verdict_save_is_refused_and_keeps_the_typed_text(client, checker, editor, researching_claim):
    stale = verdict_data(researching_claim)
    editing.save_verdict(
        researching_claim,
        by=editor,
        data={"headline": "The editor's headline"},
        version=researching_claim.current_draft().version,
    )
    client.force_login(checker)
    typed = {**stale, "explanation": "My long explanation, typed for an hour."}
    response = client.post(reverse("desk:verdict", args=[researching_claim.pk]), typed)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this verdict while you were editing." in page
    assert "My long explanation, typed for an hour." in page
    draft = researching_claim.current_draft()
    assert draft.headline == "The editor's headline" and draft.explanation == "**Bold**"


def test_a_save_at_the_current_version_goes_through(client, checker, researching_claim):
    client.force_login(checker)
    first = verdict_data(researching_claim, headline="First")
    client.post(reverse("desk:verdict", args=[researching_claim.pk]), first)
    second = verdict_data(researching_claim, headline="Second")  # reloaded: the new version
    client.post(reverse("desk:verdict", args=[researching_claim.pk]), second)
    assert researching_claim.current_draft().headline == "Second"


def test_a_save_without_a_version_is_refused(client, checker, researching_claim):
    client.force_login(checker)
    data = verdict_data(researching_claim, headline="No version")
    del data["version"]
    response = client.post(reverse("desk:verdict", args=[researching_claim.pk]), data)
    assert "This form is out of date. Reload the page and try again." in response.content.decode()
    assert researching_claim.current_draft().headline == "The figure is wrong"


def test_the_forms_carry_the_version_they_were_loaded_from(client, checker, researching_claim):
    client.force_login(checker)
    response = client.get(reverse("desk:claim", args=[researching_claim.pk]))
    assert response.context["claim_form"]["version"].value() == researching_claim.version
    assert response.context["verdict_form"]["version"].value() == researching_claim.current_draft().version
    assert 'type="hidden" name="version"' in response.content.decode()
