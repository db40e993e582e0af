"""The transparency pages, the generated rating colours, the navigation and the error pages."""

import pytest
from django.template import engines
from django.template.loader import get_template
from django.test import override_settings

from claims import editing, workflow
from claims.models import Rating


def test_methodology_lists_every_rating_with_its_meaning(client, db):
    html = client.get("/methodology/").content.decode()
    for rating in Rating.objects.all():
        assert rating.label in html and rating.description in html
        assert f'id="rating-{rating.slug}"' in html


def test_methodology_follows_the_scale_the_newsroom_edits(client, db):
    Rating.objects.create(slug="pants-on-fire", label="Pants on fire", value=0, description="Ridiculously wrong.")
    html = client.get("/methodology/").content.decode()
    assert "Pants on fire" in html and "Ridiculously wrong." in html
    assert "from 5 (most accurate) to 0 (least accurate)" in html


def test_the_corrections_log_lists_every_correction_and_withdrawal_with_date_and_link(
    client, published_claim, editor, editor2, checker
):
    workflow.reopen(published_claim, by=editor, reason="A reader says the count was revised.")
    note = "We updated the count to the revised records."
    editing.save_verdict(published_claim, by=checker, data={"summary": "Records show 14.", "public_note": note})
    workflow.submit(published_claim, by=checker)
    workflow.approve(published_claim, by=editor)
    workflow.withdraw(published_claim, by=editor, reason="Sources failed.")
    workflow.approve_notice(published_claim, by=editor2)
    published_claim.refresh_from_db()
    html = client.get("/corrections/").content.decode()
    assert note in html and "Sources failed." in html
    assert "A reader says the count was revised." not in html  # the reopen reason is internal
    assert html.count(f'href="{published_claim.get_absolute_url()}"') == 2
    assert published_claim.published_verdict.approved_at.strftime("%-d %B %Y") in html


def test_the_corrections_log_leaves_out_drafts_of_corrections(client, published_claim, editor):
    workflow.reopen(published_claim, by=editor, reason="A correction still being written.")
    assert "A correction still being written." not in client.get("/corrections/").content.decode()


@pytest.mark.parametrize("path", ["/about/", "/corrections/policy/", "/suggest/"])
def test_the_transparency_pages_answer(client, db, path):
    assert client.get(path).status_code == 200


def test_ratings_css_is_generated_from_the_scale(client, db):
    Rating.objects.filter(slug="false").update(colour="#ffd700")
    response = client.get("/ratings.css")
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert ".rating-false { background-color: #ffd700; color: #000000; }" in css
    assert ".rating-true { background-color: #146c43; color: #ffffff; }" in css


def test_pages_use_the_rating_stylesheet_and_no_inline_styles(client, published_claim):
    for url in ("/", published_claim.get_absolute_url(), published_claim.piece.get_absolute_url(), "/methodology/"):
        html = client.get(url).content.decode()
        assert 'href="/ratings.css"' in html
        assert "style=" not in html and "<style" not in html


def test_the_navigation_offers_the_main_sections_and_search(client, db):
    html = client.get("/about/").content.decode()
    for href in ('href="/"', 'href="/methodology/"', 'href="/corrections/"', 'href="/suggest/"', 'action="/search/"'):
        assert href in html
    assert 'for="nav-search-q"' in html


@override_settings(DEBUG=False)
def test_the_404_page_is_the_sites_own(client, db):
    response = client.get("/verdicts/nothing-here/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_the_500_page_is_static_and_needs_no_database():
    template = get_template("500.html")
    assert "{%" not in template.template.source
    assert "Something went wrong" in template.render({})
    assert engines["django"].from_string(template.template.source).render({}).startswith("<!doctype html>")
