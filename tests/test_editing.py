"""Content edits: who may edit, and the version check that stops silent overwrites."""

import pytest

from claims import editing, workflow
from claims.models import Claim, Evidence

S = Claim.Status


def test_the_assignee_edits_the_claim_while_researching(researching_claim, checker):
    claim = editing.update_claim(
        researching_claim, by=checker, data={"claimant": "The mayor's office"}, version=editing.LATEST
    )
    assert claim.claimant == "The mayor's office"
    assert claim.history.first().history_user == checker


def test_another_fact_checker_cannot_edit_the_claim(researching_claim, checker2):
    with pytest.raises(editing.EditRefused):
        editing.update_claim(researching_claim, by=checker2, data={"claimant": "Nobody"})
    assert Claim.objects.get(pk=researching_claim.pk).claimant == "The mayor"


def test_a_published_claim_cannot_be_edited_even_by_an_editor(published_claim, editor):
    with pytest.raises(editing.EditRefused):
        editing.update_claim(published_claim, by=editor, data={"statement": "Changed"})


def test_a_stale_claim_version_is_refused(researching_claim, checker, editor):
    version = researching_claim.version
    editing.update_claim(researching_claim, by=editor, data={"claimant": "Editor's claimant"}, version=version)
    with pytest.raises(editing.VersionConflict, match="Someone else saved"):
        editing.update_claim(researching_claim, by=checker, data={"claimant": "Checker's claimant"}, version=version)
    assert Claim.objects.get(pk=researching_claim.pk).claimant == "Editor's claimant"


def test_a_stale_verdict_version_is_refused(researching_claim, checker, editor):
    draft = researching_claim.current_draft()
    editing.save_verdict(researching_claim, by=editor, data={"headline": "First"}, version=draft.version)
    with pytest.raises(editing.VersionConflict):
        editing.save_verdict(researching_claim, by=checker, data={"headline": "Second"}, version=draft.version)
    assert researching_claim.current_draft().headline == "First"


def test_two_people_starting_the_first_draft_do_not_overwrite_each_other(new_claim, checker, editor, rating):
    workflow.assign(new_claim, by=editor, to=checker)
    editing.save_verdict(new_claim, by=checker, data={"headline": "Mine"}, version=0)
    with pytest.raises(editing.VersionConflict):
        editing.save_verdict(new_claim, by=editor, data={"headline": "Theirs"}, version=0)
    assert new_claim.current_draft().headline == "Mine"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "data:text/html,hi", "not a url"])
def test_evidence_links_must_be_http_or_https(researching_claim, checker, url):
    with pytest.raises(editing.EditRefused, match="http"):
        editing.add_evidence(researching_claim, by=checker, url=url, title="Bad")
    assert not Evidence.objects.filter(url=url).exists()


def test_evidence_cannot_be_added_once_submitted(in_review_claim, checker):
    with pytest.raises(editing.EditRefused):
        editing.add_evidence(in_review_claim, by=checker, url="https://a.example.org/", title="Late")


def test_evidence_can_be_reordered_and_removed(new_claim, checker, editor, rating):
    from tests.factories import research

    research(new_claim, checker=checker, editor=editor, rating=rating, evidence=3)
    first, second, third = new_claim.evidence.all()
    editing.move_evidence(third, by=checker, offset=-1)
    assert list(new_claim.evidence.values_list("title", flat=True)) == ["Record 0", "Record 2", "Record 1"]
    editing.remove_evidence(first, by=checker)
    assert list(new_claim.evidence.values_list("title", flat=True)) == ["Record 2", "Record 1"]


def test_a_comment_needs_text_and_desk_access(researching_claim, checker, outsider):
    with pytest.raises(editing.EditRefused):
        editing.add_comment(researching_claim, by=checker, body="   ")
    with pytest.raises(editing.EditRefused):
        editing.add_comment(researching_claim, by=outsider, body="Hello")
    comment = editing.add_comment(researching_claim, by=checker, body="Census link is dead")
    assert researching_claim.comments.get() == comment
