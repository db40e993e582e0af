"""The sitemap: every published verdict and piece, nothing else, on the canonical address."""

import xml.etree.ElementTree as ET

from django.conf import settings
from django.core.management import call_command

from claims import workflow
from claims.models import Claim, Piece
from tests.factories import ClaimFactory, publish, research

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client):
    """Every address of every sitemap the index at /sitemap.xml names."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    locations = []
    for sitemap in ET.fromstring(index.content).iter(f"{NS}loc"):
        assert sitemap.text.startswith(settings.FACTCHECK_SITE_URL + "/sitemap-")
        response = client.get(sitemap.text.removeprefix(settings.FACTCHECK_SITE_URL))
        assert response.status_code == 200
        locations += [loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")]
    return locations


def test_it_lists_every_published_verdict_and_piece_of_the_demo(client, db):
    call_command("load_demo", force=True)
    locations = sitemap_locations(client)
    for claim in Claim.objects.published():
        assert settings.FACTCHECK_SITE_URL + claim.get_absolute_url() in locations
        assert settings.FACTCHECK_SITE_URL + claim.piece.get_absolute_url() in locations
    for claim in Claim.objects.exclude(pk__in=Claim.objects.published()):
        assert settings.FACTCHECK_SITE_URL + claim.get_absolute_url() not in locations
    assert settings.FACTCHECK_SITE_URL + "/methodology/" in locations


def test_it_leaves_out_unpublished_claims_and_their_pieces(
    client, withdrawn_claim, dismissed_claim, checker, editor, rating
):
    in_review = research(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    workflow.submit(in_review, by=checker)
    locations = sitemap_locations(client)
    for claim in (ClaimFactory(), in_review, withdrawn_claim, dismissed_claim):
        assert not any(claim.slug in location for location in locations)
        assert not any(claim.piece.slug in location for location in locations)


def test_a_piece_is_listed_once_however_many_claims_it_has(client, published_claim, checker, editor, rating):
    publish(ClaimFactory(piece=published_claim.piece), checker=checker, editor=editor, rating=rating)
    piece_url = settings.FACTCHECK_SITE_URL + Piece.objects.get().get_absolute_url()
    assert sitemap_locations(client).count(piece_url) == 1


def test_verdicts_carry_their_last_modification(client, published_claim):
    root = ET.fromstring(client.get("/sitemap-verdicts.xml").content)
    [entry] = [u for u in root.iter(f"{NS}url") if published_claim.slug in u.findtext(f"{NS}loc")]
    assert entry.findtext(f"{NS}lastmod") == published_claim.published_verdict.approved_at.date().isoformat()


def test_the_index_names_every_page_of_a_long_section(client, published_claim, checker, editor, monkeypatch):
    from claims.public.sitemaps import CanonicalSitemap

    monkeypatch.setattr(CanonicalSitemap, "limit", 1)
    second = publish(ClaimFactory(), checker=checker, editor=editor, rating=published_claim.published_verdict.rating)
    index = [loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(f"{NS}loc")]
    base = settings.FACTCHECK_SITE_URL
    assert base + "/sitemap-verdicts.xml" in index and base + "/sitemap-verdicts.xml?p=2" in index
    locations = sitemap_locations(client)
    for claim in (published_claim, second):
        assert base + claim.get_absolute_url() in locations


def test_an_unknown_section_is_not_found(client, db):
    assert client.get("/sitemap-secrets.xml").status_code == 404
