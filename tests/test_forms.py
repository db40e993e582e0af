"""The desk's forms: what they accept and the messages they give at the field."""

import pytest

from claims.desk.forms import ClaimForm, CommentForm, EvidenceForm, MoveForm, VerdictForm
from claims.forms import StepForm
from claims.workflow import STEPS


def evidence(**changes):
    data = {"url": "https://example.org/report", "title": "Report", "stance": "supports", "accessed_on": "2025-02-01"}
    data.update(changes)
    return EvidenceForm(data)


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org/a?q=1"])
def test_evidence_accepts_http_and_https(db, url):
    assert evidence(url=url).is_valid()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/file", "file:///etc/passwd", "mailto:a@example.org"]
)
def test_evidence_refuses_other_schemes_with_a_clear_message(db, url):
    form = evidence(url=url, archived_url=url)
    assert not form.is_valid()
    assert form.errors["url"] == ["Enter a web address starting with http:// or https://."]
    assert form.errors["archived_url"] == ["Enter a web address starting with http:// or https://."]


def test_evidence_without_a_scheme_is_read_as_https(db):
    form = evidence(url="example.org/report")
    assert form.is_valid()
    assert form.cleaned_data["url"] == "https://example.org/report"


def test_evidence_needs_a_url_a_title_and_a_known_stance(db):
    form = evidence(url="", title="", stance="maybe")
    assert not form.is_valid()
    assert set(form.errors) == {"url", "title", "stance"}


def test_a_claim_needs_a_statement_and_a_valid_priority(db):
    form = ClaimForm({"statement": "", "priority": "9", "version": "1"})
    assert not form.is_valid()
    assert set(form.errors) == {"statement", "priority"}


def test_a_claim_appearance_url_is_http_only(db):
    form = ClaimForm({"statement": "x", "priority": "1", "version": "1", "appearance_url": "javascript:x"})
    assert form.errors["appearance_url"] == ["Enter a web address starting with http:// or https://."]


def test_a_verdict_draft_may_be_incomplete(db):
    assert VerdictForm({"version": "0"}).is_valid()


def test_a_verdict_without_its_version_is_refused(db):
    form = VerdictForm({"headline": "x"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["This form is out of date. Reload the page and try again."]


def test_a_verdict_rating_must_be_on_the_scale(db):
    form = VerdictForm({"version": "0", "rating": "999999"})
    assert "rating" in form.errors


def test_a_comment_cannot_be_blank(db):
    assert CommentForm({"body": "   "}).errors["body"]
    assert CommentForm({"body": "Looks fine"}).is_valid()


@pytest.mark.parametrize("offset,valid", [("-1", True), ("1", True), ("0", False), ("5", False), ("up", False)])
def test_evidence_moves_one_place_at_a_time(offset, valid):
    assert MoveForm({"offset": offset}).is_valid() is valid


@pytest.mark.parametrize("name", ["request_changes", "dismiss", "reopen", "withdraw"])
def test_steps_that_need_a_reason_ask_for_one(name):
    form = StepForm({"comment": "  \n "}, step=STEPS[name])
    assert form.errors["comment"] == ["Say why: this step needs a comment."]
    form = StepForm({"comment": " Sources failed. "}, step=STEPS[name])
    assert form.is_valid() and form.step_arguments()["comment"] == "Sources failed."


@pytest.mark.parametrize("name", ["submit", "approve", "restore"])
def test_steps_without_inputs_have_no_fields(name):
    form = StepForm({}, step=STEPS[name])
    assert form.is_valid() and not form.fields


def test_assign_offers_only_the_people_given(checker, outsider):
    form = StepForm({"to": str(outsider.pk)}, step=STEPS["assign"], users=[checker])
    assert form.errors["to"] == ["Choose a fact-checker or editor from the list."]
    form = StepForm({"to": str(checker.pk)}, step=STEPS["assign"], users=[checker])
    assert form.is_valid() and form.step_arguments()["to"] == checker
