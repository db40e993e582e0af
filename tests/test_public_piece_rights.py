"""A piece we may not republish: readers get its claims in their sentences and a link, never its full text."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from claims import archive, editing
from claims.intake import pipeline
from claims.models import Piece
from tests.admin_forms import form_data
from tests.factories import ClaimFactory, PieceFactory, publish

CHECKED = "The mayor said the city built 40 new schools last year."
NOT_OURS = "Rain is expected on the coast, the agency's reporter wrote."
BODY = f"{CHECKED} {NOT_OURS}\n\nThe photo shows the harbour at dawn."
FERRY_PIECE = (
    "Harbour town doubles its ferry budget\n"
    "The council said it would spend 12 million euros on two new ferries, twice last year's budget.\n"
    "Councillor Jane Moss said the old boats were 40 years old, the oldest in the region.\n"
)


@pytest.fixture
def restricted(db):
    piece = PieceFactory(body=BODY, may_republish=False, title="Schools and rain", publisher="Wire Agency")
    piece.published_on = datetime.date(2025, 4, 14)
    piece.save()
    return piece


def checked_claim(piece, *, checker, editor, rating):
    claim = ClaimFactory(piece=piece, quote="", start=0, end=len(CHECKED), statement="The city built 40 schools.")
    return publish(claim, checker=checker, editor=editor, rating=rating)


def public_urls(claim):
    return [
        claim.piece.get_absolute_url(),
        claim.get_absolute_url(),
        "/search/?q=rain",
        "/search/?q=schools",
        "/feeds/verdicts/",
        "/feeds/verdicts/atom/",
        "/feeds/claimreview.json",
        "/pieces/",
        "/",
    ]


def test_the_page_of_a_piece_we_may_not_republish_shows_its_claims_in_context_and_a_link(
    client, restricted, checker, editor, rating
):
    claim = checked_claim(restricted, checker=checker, editor=editor, rating=rating)

    response = client.get(restricted.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Schools and rain" in html and "Wire Agency" in html and "14 April 2025" in html
    assert f'href="{restricted.url}"' in html
    assert f"<p>{CHECKED}</p>" in html
    assert f'<a href="{claim.get_absolute_url()}">The city built 40 schools.</a>' in html
    assert "We may not republish this piece." in html


def test_no_public_url_shows_the_full_text_of_a_piece_we_may_not_republish(client, restricted, checker, editor, rating):
    claim = checked_claim(restricted, checker=checker, editor=editor, rating=rating)

    for url in public_urls(claim):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Rain is expected" not in text and "harbour at dawn" not in text, url
        assert "piece-body" not in text and "claim-mark" not in text, url
    sitemaps = sitemap_paths(client)
    assert sitemaps
    for path in sitemaps:
        response = client.get(path)
        assert response.status_code == 200 and "Rain is expected" not in response.content.decode(), path


def sitemap_paths(client):
    index = client.get("/sitemap.xml").content.decode()
    return [part.split("</loc>")[0].removeprefix(settings.FACTCHECK_SITE_URL) for part in index.split("<loc>")[1:]]


def test_a_piece_we_may_republish_shows_its_full_annotated_text(client, restricted, checker, editor, rating):
    editing.set_republishing(restricted, by=editor, allowed=True)
    claim = checked_claim(restricted, checker=checker, editor=editor, rating=rating)

    html = client.get(restricted.get_absolute_url()).content.decode()

    assert "Rain is expected on the coast" in html and "<p>The photo shows the harbour at dawn.</p>" in html
    assert f'<mark class="claim-mark"><a href="{claim.get_absolute_url()}" class="claim-link">{CHECKED}</a></mark>' in (
        html
    )
    assert "We may not republish" not in html


def test_taking_back_the_right_to_republish_hides_the_text_from_a_cached_page(
    client, restricted, checker, editor, rating
):
    editing.set_republishing(restricted, by=editor, allowed=True)
    checked_claim(restricted, checker=checker, editor=editor, rating=rating)
    assert "Rain is expected" in client.get(restricted.get_absolute_url()).content.decode()

    editing.set_republishing(restricted, by=editor, allowed=False)

    assert "Rain is expected" not in client.get(restricted.get_absolute_url()).content.decode()


def test_only_an_editor_decides_whether_we_may_republish(restricted, checker):
    with pytest.raises(editing.EditRefused, match="Only an editor"):
        editing.set_republishing(restricted, by=checker, allowed=True)
    restricted.refresh_from_db()
    assert restricted.may_republish is False


def test_an_editor_sets_it_in_the_admin_and_a_fact_checker_cannot(client, restricted, editor, checker):
    url = reverse("admin:claims_piece_change", args=[restricted.pk])
    client.force_login(checker)
    assert 'name="may_republish"' not in client.get(url).content.decode()
    saved = client.post(url, {**form_data(client, url), "may_republish": "on"})  # typed in by hand: ignored
    assert saved.status_code == 302  # the rest of the form saves
    restricted.refresh_from_db()
    assert restricted.may_republish is False

    client.force_login(editor)
    response = client.post(url, form_data(client, url, may_republish="on"))

    assert response.status_code == 302
    restricted.refresh_from_db()
    assert restricted.may_republish is True


def test_pieces_come_in_not_ours_to_republish_from_every_import(db, checker, superuser, tmp_path):
    intake = pipeline.rank_piece(text=FERRY_PIECE)
    desk_piece = pipeline.store_kept(intake, {1: {"statement": "Ferries cost 12m.", "claimant": "Council"}}, by=checker)
    path = tmp_path / "piece.txt"
    path.write_text(FERRY_PIECE)
    call_command("import_piece", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert Piece.objects.count() == 2
    assert not Piece.objects.filter(may_republish=True).exists()
    assert desk_piece.may_republish is False


def test_an_archive_from_before_the_field_restores_pieces_as_not_ours_to_republish(db):
    PieceFactory(may_republish=True)
    out = io.StringIO()
    archive.export_archive(out)
    data = json.loads(out.getvalue())
    for row in data["pieces"]:
        row.pop("may_republish")
    for row in data.get("piece_history", []):
        row.pop("may_republish", None)
    for model in (Piece, Piece.history.model):  # raw deletes write no history: an empty desk, as on a new machine
        model.objects.all()._raw_delete(model.objects.db)

    archive.import_archive(io.StringIO(json.dumps(data)))

    assert Piece.objects.get().may_republish is False
