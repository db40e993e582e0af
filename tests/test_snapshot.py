"""What readers see is exactly what an editor approved (issue 12, cases 2, 4 and 5, and the archive round trip).

Every check goes through the real HTTP path: Django's test client for logged-in
and anonymous readers, and the WSGI application with its front cache, as
gunicorn calls it, for anonymous readers of cached pages.
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model

from claims import archive, editing, workflow
from claims.models import Claim, Evidence, Rating, Verdict
from tests.factories import ClaimFactory, PieceFactory, make_user, publish

pytestmark = pytest.mark.django_db

APPROVED_STATEMENT = "The city built 40 new schools last year."
DRAFT_STATEMENT = "Zebulon council opened 99 academies."
DRAFT_CLAIMANT = "Quixote Varga"
DRAFT_EVIDENCE = "Unreviewed ledger of academies"
EDITED_EVIDENCE = "Reworked census table"
DRAFT_WORDS = ("Zebulon", DRAFT_CLAIMANT, DRAFT_EVIDENCE, EDITED_EVIDENCE, "Draft summary nobody approved")


@pytest.fixture
def claim(checker, editor, rating):
    piece = PieceFactory(title="Council report")
    claim = ClaimFactory(piece=piece, statement=APPROVED_STATEMENT, claimant="The mayor")
    return publish(claim, checker=checker, editor=editor, rating=rating, headline="Records show 12 schools")


def public_urls(claim):
    return [
        claim.get_absolute_url(),
        "/",
        "/search/?q=city",
        "/search/?q=Zebulon",
        "/search/?q=Varga",
        "/feeds/claimreview.json",
        "/feeds/verdicts/",
        "/feeds/verdicts/atom/",
        claim.piece.get_absolute_url(),
        "/claimants/",
        "/claimants/the-mayor/",
        f"/ratings/{claim.published_verdict.rating.slug}/",
        "/corrections/",
    ]


def readers(client, reader, outsider):
    """Logged-in reader (never cached), anonymous through Django, anonymous through the WSGI front cache."""
    from django.test import Client

    logged_in = Client()
    logged_in.force_login(outsider)
    return {"logged in": logged_in, "anonymous": client, "anonymous, front cache": reader}


def pages(clients, urls) -> dict:
    return {(who, url): c.get(url) for who, c in clients.items() for url in urls}


def edit_the_draft(claim, *, checker, editor):
    workflow.reopen(claim, by=editor, reason="A reader wrote in about the count.")
    editing.update_claim(claim, by=checker, data={"statement": DRAFT_STATEMENT, "claimant": DRAFT_CLAIMANT})
    first = claim.evidence.first()
    editing.update_evidence(first, by=checker, data={"title": EDITED_EVIDENCE, "url": "https://edited.example.org/"})
    editing.add_evidence(claim, by=checker, url="https://ledger.example.org/", title=DRAFT_EVIDENCE)
    editing.save_verdict(
        claim, by=checker, data={"summary": "Draft summary nobody approved.", "public_note": "We recounted."}
    )


# Case 2: edits during a correction stay in the draft until an editor approves them


def test_draft_edits_reach_no_reader_until_approved_then_every_page(
    claim, checker, editor, editor2, rating, outsider, client, reader
):
    clients = readers(client, reader, outsider)
    urls = public_urls(claim)
    pages(clients, urls)  # warm every cache with the approved snapshot

    edit_the_draft(claim, checker=checker, editor=editor)
    # An unrelated publication refreshes the site's cached pages: they must still show the approved snapshot.
    publish(ClaimFactory(statement="An unrelated claim."), checker=checker, editor=editor, rating=rating)

    before = pages(clients, urls)
    for (who, url), response in before.items():
        assert response.status_code == 200, (who, url)
        if url.startswith("/search/"):
            continue  # a search page repeats the words searched for; its results are checked below
        for word in DRAFT_WORDS:
            assert word not in response.content.decode(), (who, url, word)
    for who in clients:
        page = before[(who, claim.get_absolute_url())].content.decode()
        assert APPROVED_STATEMENT in page and "Record 0" in page
        assert claim.get_absolute_url() not in before[(who, "/search/?q=Zebulon")].content.decode()
        assert claim.get_absolute_url() not in before[(who, "/search/?q=Varga")].content.decode()
        assert claim.get_absolute_url() in before[(who, "/search/?q=city")].content.decode()
        assert client.get("/claimants/quixote-varga/").status_code == 404

    workflow.submit(claim, by=checker)
    for who, c in clients.items():
        assert "Zebulon" not in c.get(claim.get_absolute_url()).content.decode(), who

    workflow.approve(claim, by=editor2)
    after = pages(clients, [*urls, "/claimants/quixote-varga/"])
    for who in clients:
        page = after[(who, claim.get_absolute_url())].content.decode()
        assert DRAFT_STATEMENT in page and DRAFT_CLAIMANT in page
        assert DRAFT_EVIDENCE in page and EDITED_EVIDENCE in page and "Record 0" not in page
        assert APPROVED_STATEMENT not in page
        assert claim.get_absolute_url() in after[(who, "/search/?q=Zebulon")].content.decode()
        assert claim.get_absolute_url() in after[(who, "/search/?q=Varga")].content.decode()
        assert "Zebulon" in after[(who, "/feeds/claimreview.json")].content.decode()
        assert "Draft summary nobody approved" in after[(who, "/feeds/verdicts/")].content.decode()
        assert "Draft summary nobody approved" in after[(who, "/feeds/verdicts/atom/")].content.decode()
        assert "Zebulon" in after[(who, claim.piece.get_absolute_url())].content.decode()
        assert DRAFT_CLAIMANT in after[(who, "/claimants/")].content.decode()
        assert after[(who, "/claimants/quixote-varga/")].status_code == 200


def test_the_claimreview_feed_reads_only_the_approved_snapshot(claim, checker, editor, client):
    edit_the_draft(claim, checker=checker, editor=editor)
    feed = json.loads(client.get("/feeds/claimreview.json").content)
    review = feed["dataFeedElement"][0]["item"]
    assert review["claimReviewed"] == APPROVED_STATEMENT
    assert review["itemReviewed"]["author"]["name"] == "The mayor"


def test_approved_revisions_never_change(claim, checker, editor):
    approved = claim.published_verdict
    with pytest.raises(editing.EditRefused):
        editing.save_verdict(claim, by=editor, data={"headline": "Rewritten"})
    edit_the_draft(claim, checker=checker, editor=editor)
    assert Verdict.objects.get(pk=approved.pk).statement == APPROVED_STATEMENT
    assert Verdict.objects.get(pk=approved.pk).headline == "Records show 12 schools"


# Case 4: the reopen reason stays internal; the public note goes out, with the change of rating


def test_the_reopen_reason_stays_internal_and_the_public_note_says_how_the_rating_moved(
    claim, checker, editor, client, reader
):
    reason = "INTERNAL: a reader pointed out the count may hold after all"
    workflow.reopen(claim, by=editor, reason=reason)
    half = Rating.objects.get(slug="half-true")
    note = "We found the council count and changed the rating."
    editing.save_verdict(claim, by=checker, data={"rating": half, "public_note": note})
    workflow.submit(claim, by=checker)
    workflow.approve(claim, by=editor)
    claim.refresh_from_db()

    change = "The rating changed from False to Half true."
    date = claim.published_verdict.approved_at.strftime("%-d %B %Y")
    for c in (client, reader):
        page = c.get(claim.get_absolute_url()).content.decode()
        log = c.get("/corrections/").content.decode()
        assert note in page and change in page and date in page
        assert note in log and change in log and date in log
        for url in (claim.get_absolute_url(), "/corrections/", "/feeds/claimreview.json", "/feeds/verdicts/"):
            assert "INTERNAL" not in c.get(url).content.decode(), url


def test_the_desk_shows_both_the_reason_and_the_note(claim, checker, editor, client):
    workflow.reopen(claim, by=editor, reason="INTERNAL reason")
    editing.save_verdict(claim, by=checker, data={"public_note": "Note for readers"})
    client.force_login(checker)
    page = client.get(f"/desk/claims/{claim.pk}/").content.decode()
    assert "INTERNAL reason" in page and "Note for readers" in page


def test_a_correction_without_a_public_note_is_refused_at_submit(claim, checker, editor):
    workflow.reopen(claim, by=editor, reason="A reader wrote in")
    with pytest.raises(workflow.TransitionError, match="correction note for readers"):
        workflow.submit(claim, by=checker)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESEARCHING


# Case 5: the statement checked is our words; only the verbatim quote goes in quotation marks


def test_the_statement_is_not_quoted_and_the_verbatim_words_are(checker, editor, rating, client):
    claim = ClaimFactory(
        statement="The mayor says the city built 40 schools.", quote="we built forty schools", claimant="Maria Lopez"
    )
    publish(claim, checker=checker, editor=editor, rating=rating)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "The claim checked" in page
    assert '<p class="claim-statement">The mayor says the city built 40 schools.</p>' in page
    assert "“The mayor says" not in page
    assert "“we built forty schools”" in page
    assert "Said by" in page and "Maria Lopez" in page


def test_without_a_quote_nothing_is_in_quotation_marks(checker, editor, rating, client):
    claim = ClaimFactory(statement="The city built 40 schools.", quote="", claimant="Maria Lopez")
    publish(claim, checker=checker, editor=editor, rating=rating)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "“" not in page.split('class="claim-panel"')[1].split("</section>")[0]
    assert "Said by" not in page and "Claimant:" in page


# The archive keeps every snapshot byte for byte


def test_export_then_import_keeps_every_snapshot_and_public_page(claim, checker, editor, editor2, rating, client):
    corrected = publish(ClaimFactory(piece=claim.piece), checker=checker, editor=editor, rating=rating)
    workflow.reopen(corrected, by=editor, reason="Internal")
    editing.save_verdict(corrected, by=checker, data={"rating": Rating.objects.get(slug="true"), "public_note": "N"})
    workflow.submit(corrected, by=checker)
    workflow.approve(corrected, by=editor2)
    edit_the_draft(claim, checker=checker, editor=editor)  # a correction in progress: draft differs from snapshot
    urls = [claim.get_absolute_url(), corrected.get_absolute_url(), claim.piece.get_absolute_url(), "/corrections/"]
    urls += ["/feeds/claimreview.json", "/claimants/", "/search/?q=schools"]
    before_pages = {url: client.get(url).content for url in urls}
    # Every field but the author's id: accounts are restored by user name and may be numbered anew.
    snapshot_fields = [f.attname for f in Verdict._meta.concrete_fields if f.name != "author"]
    before = list(Verdict.objects.order_by("pk").values_list(*snapshot_fields))

    out = io.StringIO()
    archive.export_archive(out, with_passwords=True)
    Claim.objects.update(published_verdict=None)
    for _name, model in reversed(archive.SECTIONS):
        model.objects.all()._raw_delete(model.objects.db)
    get_user_model().objects.all().delete()
    assert not Verdict.objects.exists()
    archive.import_archive(io.StringIO(out.getvalue()))

    assert list(Verdict.objects.order_by("pk").values_list(*snapshot_fields)) == before
    for url in urls:
        assert client.get(url).content == before_pages[url], url


def test_evidence_deleted_from_the_draft_stays_in_the_approved_snapshot(claim, checker, editor, client):
    workflow.reopen(claim, by=editor, reason="Dead link")
    for item in Evidence.objects.filter(claim=claim):
        editing.remove_evidence(item, by=checker)
    assert "Record 0" in client.get(claim.get_absolute_url()).content.decode()


def test_desk_users_see_the_published_snapshot_too_unless_they_preview(claim, checker, editor, client):
    edit_the_draft(claim, checker=checker, editor=editor)
    client.force_login(make_user("checker"))
    assert "Zebulon" not in client.get(claim.get_absolute_url()).content.decode()
    assert "Zebulon" in client.get(claim.get_absolute_url() + "?preview=1").content.decode()


def test_the_desk_verdict_form_asks_for_a_public_note_only_on_a_correction(claim, checker, editor, client):
    other = ClaimFactory()
    workflow.assign(other, by=editor, to=checker)
    client.force_login(checker)
    assert 'name="public_note"' not in client.get(f"/desk/claims/{other.pk}/").content.decode()
    workflow.reopen(claim, by=editor, reason="A reader wrote in")
    assert 'name="public_note"' in client.get(f"/desk/claims/{claim.pk}/").content.decode()
    data = {"rating": claim.published_verdict.rating_id, "headline": "H", "summary": "S", "explanation": ""}
    data.update(public_note="We corrected the headline.", version=claim.current_draft().version)
    client.post(f"/desk/claims/{claim.pk}/verdict/", data)
    assert claim.current_draft().public_note == "We corrected the headline."
