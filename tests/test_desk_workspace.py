"""The claim workspace: the claim in context, evidence, the verdict draft, comments and history."""

import pytest
from django.urls import reverse

from claims import editing
from claims.models import Claim, Evidence, Piece
from tests.factories import ClaimFactory, research


def workspace(claim):
    return reverse("desk:claim", args=[claim.pk])


def evidence_data(**changes):
    data = {
        "url": "https://stats.example.org/schools",
        "title": "School statistics 2024",
        "publisher": "Statistics office",
        "stance": "refutes",
        "note": "Lists 12 new schools.",
        "accessed_on": "2025-01-15",
        "archived_url": "",
    }
    data.update(changes)
    return data


def verdict_data(claim, **changes):
    draft = claim.current_draft()
    data = {
        "rating": draft.rating_id if draft else "",
        "headline": "Only 12 schools were built",
        "summary": "The statistics office counts 12.",
        "explanation": "## Sources\n\nThe **register**.",
        "version": draft.version if draft else 0,
    }
    data.update(changes)
    return data


def claim_data(claim, **changes):
    data = {
        "statement": claim.statement,
        "quote": claim.quote,
        "claimant": claim.claimant,
        "said_on": "",
        "appearance_url": "",
        "priority": claim.priority,
        "due_on": "",
        "version": claim.version,
    }
    data.update(changes)
    return data


@pytest.fixture
def as_checker(client, checker):
    client.force_login(checker)
    return client


# What the page shows ---------------------------------------------------------


def test_it_shows_the_quote_in_its_context_in_the_piece(as_checker, checker, editor, rating):
    body = "The mayor spoke on Monday.\n\nHe said the city built 40 new schools last year. Rain is expected."
    piece = Piece.objects.create(title="Council report", body=body)
    start = body.index("the city built")
    claim = ClaimFactory(piece=piece, start=start, end=start + len("the city built 40 new schools last year"))
    page = as_checker.get(workspace(claim)).content.decode()
    assert "He said <mark>the city built 40 new schools last year</mark>. Rain is expected." in page
    assert "The mayor spoke on Monday" not in page  # only the claim's own paragraph
    assert claim.statement in page and "The mayor" in page


def test_it_shows_evidence_verdict_and_edit_forms_to_the_assigned_checker(as_checker, researching_claim):
    page = as_checker.get(workspace(researching_claim)).content.decode()
    assert "Record 0" in page
    assert reverse("desk:evidence_add", args=[researching_claim.pk]) in page
    assert reverse("desk:verdict", args=[researching_claim.pk]) in page
    assert reverse("desk:claim_edit", args=[researching_claim.pk]) in page
    assert "The figure is wrong" in page  # the draft's headline, in the form


def test_another_checker_reads_the_claim_without_edit_forms(client, checker2, researching_claim):
    client.force_login(checker2)
    page = client.get(workspace(researching_claim)).content.decode()
    assert "Record 0" in page and "The figure is wrong" in page
    assert reverse("desk:evidence_add", args=[researching_claim.pk]) not in page
    assert reverse("desk:verdict", args=[researching_claim.pk]) not in page
    assert reverse("desk:claim_edit", args=[researching_claim.pk]) not in page
    assert reverse("desk:step", args=[researching_claim.pk, "submit"]) not in page


def test_the_history_shows_steps_and_field_changes(as_checker, checker, researching_claim):
    editing.update_claim(researching_claim, by=checker, data={"claimant": "The deputy mayor"})
    page = as_checker.get(workspace(researching_claim)).content.decode()
    assert "Assign: New → Researching" in page
    assert "Evidence added: Record 0" in page
    assert "Verdict revision 1 started" in page
    assert "<del>The mayor</del> → <ins>The deputy mayor</ins>" in page


# Editing the claim ------------------------------------------------------------


def test_the_checker_edits_the_claim(as_checker, researching_claim):
    data = claim_data(researching_claim, claimant="The city council", said_on="2024-05-01")
    response = as_checker.post(reverse("desk:claim_edit", args=[researching_claim.pk]), data, follow=True)
    assert "Claim saved." in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.claimant == "The city council"
    assert str(researching_claim.said_on) == "2024-05-01"


def test_a_claim_without_a_statement_is_refused_at_the_field(as_checker, researching_claim):
    data = claim_data(researching_claim, statement="", appearance_url="javascript:alert(1)")
    response = as_checker.post(reverse("desk:claim_edit", args=[researching_claim.pk]), data)
    assert response.status_code == 200
    form = response.context["claim_form"]
    assert "statement" in form.errors and "appearance_url" in form.errors
    assert 'id="claim-statement"' in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.statement != ""


def test_another_checker_cannot_edit_the_claim_by_crafting_a_post(client, checker2, researching_claim):
    client.force_login(checker2)
    data = claim_data(researching_claim, claimant="Hijacked")
    response = client.post(reverse("desk:claim_edit", args=[researching_claim.pk]), data, follow=True)
    assert "You cannot edit this claim now." in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.claimant == "The mayor"


# Evidence ---------------------------------------------------------------------


def test_the_checker_adds_an_evidence_link(as_checker, researching_claim):
    url = reverse("desk:evidence_add", args=[researching_claim.pk])
    response = as_checker.post(url, evidence_data(), follow=True)
    assert "Evidence link added." in response.content.decode()
    added = researching_claim.evidence.get(title="School statistics 2024")
    assert added.stance == "refutes" and added.position == 2


@pytest.mark.parametrize(
    "bad_url", ["javascript:alert(1)", "ftp://files.example.org/x", "data:text/html,hi", "not a url"]
)
def test_evidence_urls_must_be_http_or_https(as_checker, researching_claim, bad_url):
    url = reverse("desk:evidence_add", args=[researching_claim.pk])
    response = as_checker.post(url, evidence_data(url=bad_url, archived_url=bad_url))
    assert response.status_code == 200
    errors = response.context["evidence_form"].errors
    assert "url" in errors and "archived_url" in errors
    assert "http:// or https://" in response.content.decode()
    assert researching_claim.evidence.count() == 1


def test_evidence_needs_a_title(as_checker, researching_claim):
    url = reverse("desk:evidence_add", args=[researching_claim.pk])
    response = as_checker.post(url, evidence_data(title=""))
    assert "title" in response.context["evidence_form"].errors
    assert 'value="https://stats.example.org/schools"' in response.content.decode()  # what was typed is kept


def test_the_checker_edits_an_evidence_link(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_edit", args=[researching_claim.pk, item.pk])
    response = as_checker.post(url, evidence_data(title="Register of schools"), follow=True)
    assert "Evidence link saved." in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Register of schools" and item.note == "Lists 12 new schools."


def test_a_bad_evidence_edit_keeps_the_form_open_with_its_error(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_edit", args=[researching_claim.pk, item.pk])
    response = as_checker.post(url, evidence_data(url="javascript:void(0)"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="evidence-{item.pk}-url"' in page and "is-invalid" in page
    item.refresh_from_db()
    assert item.url.startswith("https://records.example.org/")


def test_the_checker_removes_an_evidence_link(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    as_checker.post(reverse("desk:evidence_delete", args=[researching_claim.pk, item.pk]))
    assert not Evidence.objects.filter(pk=item.pk).exists()


def test_the_checker_reorders_evidence(as_checker, checker, editor, rating, new_claim):
    claim = research(new_claim, checker=checker, editor=editor, rating=rating, evidence=3)
    first, second, third = claim.evidence.all()
    as_checker.post(reverse("desk:evidence_move", args=[claim.pk, third.pk]), {"offset": "-1"})
    assert list(claim.evidence.all()) == [first, third, second]
    as_checker.post(reverse("desk:evidence_move", args=[claim.pk, first.pk]), {"offset": "1"})
    assert list(claim.evidence.all()) == [third, first, second]


def test_evidence_cannot_be_moved_by_a_crafted_offset(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_move", args=[researching_claim.pk, item.pk])
    response = as_checker.post(url, {"offset": "99"}, follow=True)
    assert "Choose to move the link up or down." in response.content.decode()


def test_evidence_of_another_claim_is_not_found(as_checker, researching_claim):
    item = researching_claim.evidence.get()
    url = reverse("desk:evidence_delete", args=[ClaimFactory().pk, item.pk])
    assert as_checker.post(url).status_code == 404
    assert Evidence.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("action", ["evidence_add", "evidence_edit", "evidence_delete", "evidence_move"])
def test_another_checker_cannot_touch_the_evidence(client, checker2, researching_claim, action):
    client.force_login(checker2)
    item = researching_claim.evidence.get()
    args = [researching_claim.pk] if action == "evidence_add" else [researching_claim.pk, item.pk]
    data = {**evidence_data(title="Planted"), "offset": "1"}
    response = client.post(reverse(f"desk:{action}", args=args), data, follow=True)
    assert "only" in response.content.decode()  # "Evidence can only be … while the claim is being researched."
    item.refresh_from_db()
    assert list(researching_claim.evidence.values_list("title", flat=True)) == ["Record 0"]


def test_evidence_is_frozen_while_in_review(as_checker, in_review_claim):
    response = as_checker.post(reverse("desk:evidence_add", args=[in_review_claim.pk]), evidence_data(), follow=True)
    assert "Evidence can only be added while the claim is being researched." in response.content.decode()
    assert in_review_claim.evidence.count() == 1


# The verdict draft ------------------------------------------------------------


def test_the_checker_saves_the_verdict_draft(as_checker, researching_claim):
    url = reverse("desk:verdict", args=[researching_claim.pk])
    response = as_checker.post(url, verdict_data(researching_claim), follow=True)
    assert "Verdict draft saved." in response.content.decode()
    draft = researching_claim.current_draft()
    assert draft.headline == "Only 12 schools were built" and draft.explanation.startswith("## Sources")


def test_the_first_draft_is_started_from_the_workspace(as_checker, checker, editor, rating, new_claim):
    from claims import workflow

    workflow.assign(new_claim, by=editor, to=checker)
    data = verdict_data(new_claim, rating=rating.pk, version=0)
    as_checker.post(reverse("desk:verdict", args=[new_claim.pk]), data)
    draft = new_claim.current_draft()
    assert draft.rating == rating and draft.author == checker


def test_a_too_long_summary_is_refused_at_the_field(as_checker, researching_claim):
    data = verdict_data(researching_claim, summary="x" * 1001)
    response = as_checker.post(reverse("desk:verdict", args=[researching_claim.pk]), data)
    assert "summary" in response.context["verdict_form"].errors
    assert researching_claim.current_draft().summary == "Records show 12."


def test_the_preview_button_renders_markdown_without_saving(as_checker, researching_claim):
    data = {**verdict_data(researching_claim, explanation="**Checked** <script>alert(1)</script>"), "preview": "1"}
    response = as_checker.post(reverse("desk:verdict", args=[researching_claim.pk]), data)
    page = response.content.decode()
    assert "<strong>Checked</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert researching_claim.current_draft().explanation == "**Bold**"


def test_the_preview_url_returns_sanitized_html(as_checker, researching_claim):
    url = reverse("desk:preview", args=[researching_claim.pk])
    response = as_checker.post(url, {"explanation": "[x](javascript:alert(1)) *ok* <img src=x onerror=alert(1)>"})
    html = response.content.decode()
    assert "<em>ok</em>" in html
    assert "javascript:" not in html and "onerror" not in html


def test_a_fact_checker_cannot_edit_a_verdict_in_review(as_checker, in_review_claim):
    data = verdict_data(in_review_claim, headline="Changed behind the editor's back")
    response = as_checker.post(reverse("desk:verdict", args=[in_review_claim.pk]), data, follow=True)
    assert "The verdict can only be edited while the claim is being researched." in response.content.decode()
    assert in_review_claim.current_draft().headline == "The figure is wrong"


# Comments ---------------------------------------------------------------------


def test_desk_members_comment_on_a_claim(client, checker2, researching_claim):
    client.force_login(checker2)
    response = client.post(
        reverse("desk:comment", args=[researching_claim.pk]), {"body": "Try the archive."}, follow=True
    )
    page = response.content.decode()
    assert "Comment posted." in page and "Try the archive." in page
    assert researching_claim.comments.get().author == checker2


def test_an_empty_comment_is_refused_at_the_field(as_checker, researching_claim):
    response = as_checker.post(reverse("desk:comment", args=[researching_claim.pk]), {"body": "   "})
    assert "body" in response.context["comment_form"].errors
    assert researching_claim.comments.count() == 0


def test_comment_text_is_escaped(as_checker, researching_claim):
    as_checker.post(reverse("desk:comment", args=[researching_claim.pk]), {"body": "<b>bold</b>"})
    page = as_checker.get(workspace(researching_claim)).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_comment_goes_back_only_to_our_own_pages(as_checker, researching_claim):
    url = reverse("desk:comment", args=[researching_claim.pk])
    response = as_checker.post(url, {"body": "hello", "next": "https://evil.example.com/"})
    assert response["Location"] == workspace(researching_claim) + "#comments"


# Queries ----------------------------------------------------------------------


@pytest.mark.parametrize("items", [5, 100])
def test_the_workspace_query_count_stays_flat(
    as_checker, checker, editor, rating, new_claim, items, django_assert_max_num_queries
):
    claim = research(new_claim, checker=checker, editor=editor, rating=rating, evidence=items)
    for i in range(items):
        editing.add_comment(claim, by=editor, body=f"Comment {i}")
    with django_assert_max_num_queries(15):
        response = as_checker.get(workspace(claim))
    assert response.content.decode().count('class="evidence-title') == items
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.RESEARCHING


def test_another_checker_cannot_write_the_verdict_by_crafting_a_post(client, checker2, researching_claim):
    client.force_login(checker2)
    data = verdict_data(researching_claim, headline="Planted headline")
    response = client.post(reverse("desk:verdict", args=[researching_claim.pk]), data, follow=True)
    assert "The verdict can only be edited while the claim is being researched." in response.content.decode()
    assert researching_claim.current_draft().headline == "The figure is wrong"


def test_a_published_claim_shows_its_live_verdict_read_only(as_checker, published_claim):
    page = as_checker.get(workspace(published_claim)).content.decode()
    assert "Revision 1 · Approved" in page and "<strong>Bold</strong>" in page
    assert reverse("desk:verdict", args=[published_claim.pk]) not in page
    assert reverse("public:verdict", args=[published_claim.slug]) in page


# "Submit for review" saves the verdict typed on the page first -----------------------


def submit_with(client, claim, data):
    return client.post(reverse("desk:step", args=[claim.pk, "submit"]), data)


@pytest.fixture
def taken_claim(checker, editor):
    """A claim the checker took and found evidence for, with no verdict written yet."""
    from claims import workflow

    claim = ClaimFactory()
    workflow.assign(claim, by=editor, to=checker)
    editing.add_evidence(claim, by=checker, url="https://records.example.org/1", title="Register", stance="refutes")
    return claim


def test_the_submit_button_posts_the_verdict_form_without_javascript(as_checker, taken_claim):
    page = as_checker.get(workspace(taken_claim)).content.decode()
    step = reverse("desk:step", args=[taken_claim.pk, "submit"])
    assert f'form="verdict-form" formaction="{step}"' in page  # the button in "Next steps"
    assert '<form method="post" id="verdict-form"' in page


def test_submit_saves_the_typed_verdict_then_submits_it(as_checker, taken_claim, rating):
    data = verdict_data(taken_claim, rating=rating.pk, headline="Only 12 were built")
    response = submit_with(as_checker, taken_claim, data)
    assert response.status_code == 302
    taken_claim.refresh_from_db()
    assert taken_claim.status == Claim.Status.IN_REVIEW
    draft = taken_claim.current_draft()
    assert (draft.rating, draft.headline, draft.summary) == (rating, "Only 12 were built", data["summary"])
    page = as_checker.get(response["Location"]).content.decode()
    assert "Submitted for review." in page


def test_submit_without_evidence_keeps_everything_typed_and_changes_nothing(as_checker, checker, editor, rating):
    from claims import workflow

    claim = ClaimFactory()
    workflow.assign(claim, by=editor, to=checker)
    data = verdict_data(claim, rating=rating.pk, headline="Typed headline", summary="Typed summary")
    data["explanation"] = "Typed explanation, carefully."
    response = submit_with(as_checker, claim, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Before submitting, add at least one evidence link." in page
    assert 'value="Typed headline"' in page and "Typed summary</textarea>" in page
    assert "Typed explanation, carefully.</textarea>" in page
    assert f'<option value="{rating.pk}" selected>' in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESEARCHING
    assert claim.verdicts.count() == 0  # the draft save went back with the refused submission


def test_submit_with_a_stale_verdict_is_refused_as_a_conflict(as_checker, checker, editor, researching_claim):
    editing.save_verdict(researching_claim, by=editor, data={"headline": "The editor's headline"}, version=None)
    stale = verdict_data(researching_claim, headline="My headline", version=1)
    response = submit_with(as_checker, researching_claim, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this verdict" in page and 'value="My headline"' in page
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.RESEARCHING
    assert researching_claim.current_draft().headline == "The editor's headline"


def test_submit_with_an_invalid_verdict_shows_it_at_the_field(as_checker, researching_claim):
    response = submit_with(as_checker, researching_claim, verdict_data(researching_claim, summary="x" * 1001))
    assert response.status_code == 400
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.RESEARCHING


def test_another_checker_cannot_submit_by_posting_the_verdict(client, checker2, researching_claim):
    client.force_login(checker2)
    response = submit_with(client, researching_claim, verdict_data(researching_claim, headline="Not mine"))
    assert response.status_code == 400
    researching_claim.refresh_from_db()
    assert researching_claim.status == Claim.Status.RESEARCHING
    assert researching_claim.current_draft().headline != "Not mine"
