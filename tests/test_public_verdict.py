"""The public verdict page: what readers see, what they never see, and its cost in queries."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from claims import editing, workflow
from claims.models import Evidence, Verdict
from tests.factories import ClaimFactory, publish

# Fixtures are looked up by name inside the tests, so the database mark must be explicit:
# it keeps these tests ahead of the transactional ones, which empty the tables.
pytestmark = pytest.mark.django_db


def page(client, claim, **params):
    return client.get(claim.get_absolute_url(), params)


def test_it_shows_the_claim_rating_verdict_and_sources(client, published_claim):
    html = page(client, published_claim).content.decode()
    verdict = published_claim.published_verdict
    assert published_claim.statement in html
    assert published_claim.claimant in html
    assert 'class="rating-badge rating-false rating-badge-large"' in html
    assert verdict.headline in html and verdict.summary in html
    assert "<strong>Bold</strong>" in html  # the explanation's Markdown, rendered
    evidence = published_claim.evidence.get()
    assert evidence.url in html and evidence.title in html and "Refutes" in html
    assert reverse("public:piece", args=[published_claim.piece.slug]) in html
    assert reverse("public:methodology") in html and reverse("public:corrections_policy") in html
    assert reverse("public:request_correction", args=[published_claim.slug]) in html


def test_it_shows_archived_copies_of_evidence(client, researching_claim, checker, editor):
    editing.add_evidence(
        researching_claim,
        by=checker,
        url="https://stats.example.org/schools",
        title="School statistics",
        stance="supports",
        archived_url="https://web.archive.org/web/2025/https://stats.example.org/schools",
    )
    workflow.submit(researching_claim, by=checker)
    workflow.approve(researching_claim, by=editor)
    html = page(client, researching_claim).content.decode()
    assert "https://web.archive.org/web/2025/https://stats.example.org/schools" in html
    assert "archived copy" in html


def test_it_carries_open_graph_and_twitter_tags(client, published_claim):
    html = page(client, published_claim).content.decode()
    assert '<meta property="og:title"' in html and '<meta name="twitter:card" content="summary">' in html
    canonical = settings.FACTCHECK_SITE_URL + published_claim.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html


@pytest.mark.parametrize("fixture", ["new_claim", "researching_claim", "in_review_claim", "dismissed_claim"])
def test_anonymous_readers_get_404_for_a_claim_that_was_never_published(client, request, fixture):
    claim = request.getfixturevalue(fixture)
    assert page(client, claim).status_code == 404
    assert client.get(reverse("public:request_correction", args=[claim.slug])).status_code == 404


@pytest.mark.parametrize("fixture", ["in_review_claim", "dismissed_claim"])
def test_outsiders_without_desk_access_get_404_too(client, request, outsider, fixture):
    claim = request.getfixturevalue(fixture)
    client.force_login(outsider)
    assert page(client, claim).status_code == 404


def test_a_withdrawn_verdict_answers_410_with_the_date_and_the_reason_once_approved(client, withdrawn_claim, editor2):
    response = page(client, withdrawn_claim)
    assert response.status_code == 410
    html = response.content.decode()
    assert "withdrawn" in html and "We withdrew it on" in html
    assert "Sources failed" not in html  # one editor's words: not public before a second editor approves them
    workflow.approve_notice(withdrawn_claim, by=editor2)
    html = page(client, withdrawn_claim).content.decode()
    assert "Sources failed" in html
    assert withdrawn_claim.published_verdict.headline in html
    assert "application/ld+json" not in html
    assert client.get(reverse("public:request_correction", args=[withdrawn_claim.slug])).status_code == 404


def test_a_withdrawn_verdict_answers_410_to_the_desk_as_well(client, withdrawn_claim, editor):
    client.force_login(editor)
    assert page(client, withdrawn_claim).status_code == 410


def test_an_unknown_slug_is_404(client, db):
    assert client.get("/verdicts/no-such-claim/").status_code == 404


def test_the_desk_can_preview_an_unpublished_claim_marked_and_not_indexed(client, in_review_claim, checker):
    client.force_login(checker)
    response = page(client, in_review_claim)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview: not published." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "application/ld+json" not in html
    assert in_review_claim.current_draft().headline in html


def test_a_preview_is_never_served_to_readers_from_the_cache(client, in_review_claim, checker):
    client.force_login(checker)
    assert page(client, in_review_claim).status_code == 200
    client.logout()
    assert page(client, in_review_claim).status_code == 404


def test_readers_keep_seeing_the_last_approved_revision_during_a_correction(client, published_claim, editor, checker):
    live_summary = published_claim.published_verdict.summary
    workflow.reopen(published_claim, by=editor, reason="The count was revised.")
    editing.save_verdict(published_claim, by=checker, data={"summary": "A draft that nobody approved yet."})
    html = page(client, published_claim).content.decode()
    assert live_summary in html
    assert "A draft that nobody approved yet." not in html
    assert "The count was revised." not in html  # the reopen reason is internal


def test_the_desk_can_preview_a_correction_in_progress(client, published_claim, editor, checker):
    workflow.reopen(published_claim, by=editor, reason="The count was revised.")
    editing.save_verdict(published_claim, by=checker, data={"summary": "A draft that nobody approved yet."})
    client.force_login(checker)
    html = page(client, published_claim, preview=1).content.decode()
    assert "A draft that nobody approved yet." in html and "Preview: not published." in html
    client.logout()
    assert "A draft that nobody approved yet." not in page(client, published_claim, preview=1).content.decode()


def test_a_published_correction_shows_a_dated_note(client, published_claim, editor, checker):
    workflow.reopen(published_claim, by=editor, reason="The count was revised.")
    note = "We updated the figure to the 2024 records."
    editing.save_verdict(published_claim, by=checker, data={"summary": "Records show 14.", "public_note": note})
    workflow.submit(published_claim, by=checker)
    workflow.approve(published_claim, by=editor)
    published_claim.refresh_from_db()
    html = page(client, published_claim).content.decode()
    assert "Records show 14." in html
    assert note in html and "The count was revised." not in html
    approved_at = published_claim.published_verdict.approved_at
    assert f'datetime="{approved_at.isoformat()}"' in html


def test_related_verdicts_link_only_to_published_claims(client, published_claim, checker, editor, rating):
    piece = published_claim.piece
    sibling = publish(ClaimFactory(piece=piece), checker=checker, editor=editor, rating=rating, headline="Sibling")
    hidden = ClaimFactory(piece=piece, statement="A claim still being researched.")
    html = page(client, published_claim).content.decode()
    assert sibling.get_absolute_url() in html
    assert hidden.get_absolute_url() not in html and hidden.statement not in html


def evidence_links(claim, count):
    Evidence.objects.bulk_create(
        Evidence(claim=claim, url=f"https://e.example.org/{i}", title=f"Source {i}", position=i) for i in range(count)
    )


@pytest.mark.parametrize("links", [1, 100])
def test_the_uncached_page_costs_the_same_few_queries_with_1_or_100_evidence_links(
    client, researching_claim, checker, editor, links, django_assert_max_num_queries
):
    evidence_links(researching_claim, links - 1)
    workflow.submit(researching_claim, by=checker)
    workflow.approve(researching_claim, by=editor)
    # The claim with its snapshot, the site's generation and the scale's ends; related verdicts; the staff it
    # names. Once those are kept (claims.public.cache.remember, under the generation read with the claim),
    # the claim's query alone.
    with django_assert_max_num_queries(3):
        response = page(client, researching_claim)
    assert response.content.decode().count('class="evidence-item"') == links
    with django_assert_max_num_queries(1):
        assert page(client, researching_claim).content == response.content


def test_a_corrected_page_costs_one_query_more_for_its_correction_notes_until_they_are_kept(
    client, published_claim, checker, editor, django_assert_max_num_queries
):
    workflow.reopen(published_claim, by=editor, reason="Typo")
    editing.save_verdict(published_claim, by=checker, data={"headline": "Fixed", "public_note": "We fixed a typo."})
    workflow.submit(published_claim, by=checker)
    workflow.approve(published_claim, by=editor)
    with django_assert_max_num_queries(4):  # the three of a first revision, and the correction notes
        html = page(client, published_claim).content.decode()
    assert "We fixed a typo." in html
    with django_assert_max_num_queries(1):
        assert "We fixed a typo." in page(client, published_claim).content.decode()


def test_kept_related_verdicts_are_refreshed_by_the_next_publication(client, published_claim, checker, editor, rating):
    assert 'class="related-list"' not in page(client, published_claim).content.decode()  # kept: none yet
    sibling = publish(ClaimFactory(piece=published_claim.piece), checker=checker, editor=editor, rating=rating)
    html = page(client, published_claim).content.decode()
    assert sibling.get_absolute_url() in html


def related_links(html):
    related = html.split('class="related-list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">', related)


def test_related_verdicts_are_the_newest_four_on_the_piece_or_by_the_claimant(
    client, published_claim, checker, editor, rating
):
    by_claimant = [publish(ClaimFactory(), checker=checker, editor=editor, rating=rating) for _ in range(4)]
    on_piece = ClaimFactory(piece=published_claim.piece, claimant="Someone else")
    on_piece = publish(on_piece, checker=checker, editor=editor, rating=rating)
    elsewhere = publish(ClaimFactory(claimant="Someone else"), checker=checker, editor=editor, rating=rating)
    newest_first = [on_piece, *reversed(by_claimant)][:4]
    links = related_links(page(client, published_claim).content.decode())
    assert links == [claim.get_absolute_url() for claim in newest_first]
    assert published_claim.get_absolute_url() not in links and elsewhere.get_absolute_url() not in links


def test_a_cached_page_costs_one_query(reader, published_claim, django_assert_num_queries):
    first = page(reader, published_claim)
    with django_assert_num_queries(1):
        response = page(reader, published_claim)
    assert response["X-Public-Cache"] == "hit"
    assert response.content == first.content


def test_desk_users_always_get_a_fresh_page(client, published_claim, checker):
    page(client, published_claim)
    client.force_login(checker)
    response = page(client, published_claim)
    assert "X-Public-Cache" not in response
    html = response.content.decode()
    assert f'<span class="navbar-text me-2">{checker.username}</span>' in html  # not the readers' shared header
    assert "Log out" in html and reverse("desk:queue") in html and "Log in" not in html


def test_readers_never_get_what_a_signed_in_visitor_saw(client, reader, published_claim, editor):
    client.force_login(editor)
    signed_in = page(client, published_claim).content.decode()
    assert "Log out" in signed_in and "Open in the desk" in signed_in and "csrfmiddlewaretoken" in signed_in
    client.logout()
    # Rendered for a reader, kept by the front cache, then served from it.
    for html in (page(client, published_claim), page(reader, published_claim), page(reader, published_claim)):
        html = html.content.decode()
        assert f'<span class="navbar-text me-2">{editor.username}</span>' not in html
        assert "Log out" not in html and "Open in the desk" not in html and "csrfmiddlewaretoken" not in html
        assert reverse("desk:queue") not in html and reverse("desk:claim", args=[published_claim.pk]) not in html
        assert "Log in" in html and reverse("public:suggest") in html


def test_the_shared_header_and_footer_follow_a_change_of_the_newsrooms_name(client, published_claim, settings):
    page(client, published_claim)
    settings.FACTCHECK_ORG_NAME = "Harbour Fact Desk"
    html = page(client, published_claim).content.decode()
    assert 'class="navbar-brand fw-semibold" href="/">Harbour Fact Desk</a>' in html
    assert "Harbour Fact Desk: latest verdicts (RSS)" in html
    assert '<p class="fw-semibold mb-1 text-body">Harbour Fact Desk</p>' in html


def test_a_stored_explanation_with_a_script_is_never_rendered_raw(client, published_claim):
    stored = '<p>Kept words.</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    Verdict.objects.filter(pk=published_claim.published_verdict_id).update(explanation_html=stored)
    for _ in range(2):  # the second render reuses the cleaned copy
        html = page(client, published_claim).content.decode()
        assert "<p>Kept words.</p>" in html
        assert "<script>alert" not in html and "javascript:" not in html


def test_markdown_in_the_explanation_renders_inert(client, researching_claim, checker, editor):
    editing.save_verdict(
        researching_claim,
        by=checker,
        data={"explanation": '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'},
    )
    workflow.submit(researching_claim, by=checker)
    workflow.approve(researching_claim, by=editor)
    html = page(client, researching_claim).content.decode()
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
