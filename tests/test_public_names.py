"""The verdict page names who wrote and who approved it, unless the newsroom hides names; desk users get a link
into the desk from public pages, which the cached copy for readers never carries (issue 14, cases 6 and 8)."""

import json
import re

import pytest
from django.test import Client, override_settings

from claims import editing, workflow
from tests.factories import ClaimFactory, publish, research


def named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def named_published(checker, editor, rating):
    named(checker, "Ana", "Check")
    named(editor, "Eddie", "Tor")
    return publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)


def test_the_verdict_page_names_its_author_and_approving_editor(anon, named_published):
    page = anon.get(named_published.get_absolute_url()).content.decode()
    assert "Fact check by Ana Check" in page and "approved by Eddie Tor" in page


@override_settings(FACTCHECK_SHOW_STAFF_NAMES=False)
def test_a_newsroom_can_hide_its_staffs_names(anon, reader, named_published):
    for client in (anon, reader):
        page = client.get(named_published.get_absolute_url()).content.decode()
        assert "Ana Check" not in page and "Eddie Tor" not in page and "Fact check by" not in page


def test_the_claimreview_author_stays_the_newsroom(anon, named_published):
    page = anon.get(named_published.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["author"]["@type"] == "Organization" and "Ana" not in json.dumps(data["author"])


@override_settings(FACTCHECK_REQUIRED_APPROVALS=2)
def test_every_approving_editor_is_named(anon, checker, editor, editor2, rating):
    named(editor, "Eddie", "Tor")
    named(editor2, "Second", "Editor")
    claim = research(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    workflow.submit(claim, by=checker)
    workflow.approve(claim, by=editor)
    workflow.approve(claim, by=editor2)
    claim.refresh_from_db()
    assert "approved by Eddie Tor, Second Editor" in anon.get(claim.get_absolute_url()).content.decode()


def test_a_correction_names_the_corrections_author_and_approver(anon, checker2, editor2, named_published):
    named(checker2, "Cora", "Rection")
    named(editor2, "Second", "Editor")
    workflow.reopen(named_published, by=editor2, reason="New figures.")
    workflow.assign(named_published, by=editor2, to=checker2)
    editing.save_verdict(named_published, by=checker2, data={"summary": "Now 14.", "public_note": "Updated."})
    workflow.submit(named_published, by=checker2)
    workflow.approve(named_published, by=editor2)
    page = anon.get(named_published.get_absolute_url()).content.decode()
    # The revision was started for the first author and written by the second.
    assert "Fact check by Ana Check, Cora Rection" in page and "approved by Second Editor" in page
    assert "Eddie Tor" not in page


# "Open in the desk" -------------------------------------------------------------


def test_desk_users_get_a_link_into_the_desk_on_the_verdict_and_piece_pages(client, checker, editor, published_claim):
    client.force_login(editor)
    desk_link = f'href="/desk/claims/{published_claim.pk}/"'
    assert desk_link in client.get(published_claim.get_absolute_url()).content.decode()
    piece_page = client.get(published_claim.piece.get_absolute_url()).content.decode()
    assert f'href="/desk/search/?piece={published_claim.piece_id}"' in piece_page
    client.force_login(checker)
    assert desk_link in client.get(published_claim.get_absolute_url()).content.decode()


def test_readers_and_outsiders_never_get_the_desk_link(anon, outsider, published_claim):
    assert "Open in the desk" not in anon.get(published_claim.get_absolute_url()).content.decode()
    assert "Open in the desk" not in anon.get(published_claim.piece.get_absolute_url()).content.decode()
    signed_in = Client()
    signed_in.force_login(outsider)
    assert "Open in the desk" not in signed_in.get(published_claim.get_absolute_url()).content.decode()


def test_the_anonymous_cached_copy_never_has_the_desk_link(reader, anon, editor, published_claim):
    desk = Client()
    desk.force_login(editor)
    url, piece_url = published_claim.get_absolute_url(), published_claim.piece.get_absolute_url()
    assert "Open in the desk" in desk.get(url).content.decode()  # the desk's visit comes first
    assert "Open in the desk" in desk.get(piece_url).content.decode()
    for _ in range(2):
        response = reader.get(url)
        assert b"Open in the desk" not in response.content
    assert response["X-Public-Cache"] == "hit"
    for _ in range(2):
        response = anon.get(piece_url)
        assert b"Open in the desk" not in response.content
    assert response["X-Public-Cache"] == "hit"


def test_the_preview_names_the_drafts_author(client, checker, editor, in_review_claim):
    named(checker, "Ana", "Check")
    client.force_login(editor)
    page = client.get(in_review_claim.get_absolute_url()).content.decode()
    assert "Preview: not published." in page and "Fact check by Ana Check" in page


def test_names_are_escaped(anon, checker, editor, rating):
    named(checker, "<script>x</script>", "")
    claim = publish(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    page = anon.get(claim.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_login_names_are_never_shown_to_readers(anon, published_claim):
    page = anon.get(published_claim.get_absolute_url()).content.decode()
    assert "Fact check by" not in page and "approved by" not in page  # nobody here has a full name
