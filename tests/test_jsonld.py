"""The ClaimReview markup, read the way a crawler reads it: extruct over the rendered page."""

import datetime
import json
from pathlib import Path

import extruct
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.html import escape

from claims.models import Claim, Rating
from claims.public import jsonld
from tests.factories import ClaimFactory, PieceFactory, publish

REQUIRED = {"@type", "url", "claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished", "headline"}


def crawl(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(html, base_url=settings.FACTCHECK_SITE_URL, syntaxes=["json-ld", "opengraph"], uniform=True)
    return html, data


def claim_reviews(data):
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


@pytest.mark.django_db
def test_every_published_demo_claim_carries_one_complete_claim_review_that_matches_the_page(client):
    call_command("load_demo", force=True)
    published = list(Claim.objects.published())
    assert len(published) >= 2
    worst, best = Rating.scale_bounds()
    for claim in published:
        verdict = claim.published_verdict
        html, data = crawl(client, claim.get_absolute_url())
        assert html.count('<script type="application/ld+json">') == 1
        [review] = claim_reviews(data)
        assert REQUIRED <= review.keys()
        assert review["@context"] == "https://schema.org"
        assert review["url"] == settings.FACTCHECK_SITE_URL + claim.get_absolute_url()
        assert review["url"].startswith(("http://", "https://"))
        assert review["claimReviewed"] == verdict.statement and escape(verdict.statement) in html
        assert review["headline"] == verdict.headline and escape(verdict.headline) in html
        assert review["author"] == {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORG_NAME,
            "url": review["author"]["url"],
        }
        assert review["datePublished"] == claim.first_published_at.isoformat()

        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == verdict.rating.label and escape(verdict.rating.label) in html
        assert rating["ratingExplanation"] == verdict.summary and escape(verdict.summary) in html
        if verdict.rating.value is None:
            assert not {"ratingValue", "bestRating", "worstRating"} & rating.keys()
        else:
            assert (rating["worstRating"], rating["bestRating"]) == (worst, best)
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]

        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] == verdict.claimant and item["author"]["@type"] in ("Person", "Organization")
        assert escape(verdict.claimant) in html
        assert item["datePublished"] == verdict.said_on.isoformat()
        # The demo holds no claimant's verbatim words: no Quotation, the claim appeared in the piece itself.
        assert "Quotation" not in json.dumps(review)
        assert item["appearance"]["@type"] == "NewsArticle"
        assert item["appearance"]["url"] == verdict.appearance_url == claim.piece.url
        assert item["appearance"]["headline"] == claim.piece.title

        og = data["opengraph"][0]
        assert og["og:url"] == review["url"]
        assert verdict.headline in og["og:title"]


@pytest.mark.django_db
def test_a_corrected_verdict_says_when_it_was_modified(client):
    call_command("load_demo", force=True)
    corrected = Claim.objects.published().get(statement__startswith="North Korea sent")
    _html, data = crawl(client, corrected.get_absolute_url())
    [review] = claim_reviews(data)
    assert review["dateModified"] == corrected.published_verdict.approved_at.isoformat()
    never_corrected = Claim.objects.published().exclude(pk=corrected.pk).first()
    _html, data = crawl(client, never_corrected.get_absolute_url())
    assert "dateModified" not in claim_reviews(data)[0]


@pytest.mark.django_db
def test_a_rating_outside_the_numeric_scale_has_no_rating_value(client, checker, editor):
    claim = publish(ClaimFactory(), checker=checker, editor=editor, rating=Rating.objects.get(slug="misleading"))
    _html, data = crawl(client, claim.get_absolute_url())
    rating = claim_reviews(data)[0]["reviewRating"]
    assert rating["alternateName"] == "Misleading"
    assert "ratingValue" not in rating and "bestRating" not in rating


@pytest.mark.django_db
def test_user_text_cannot_break_out_of_the_json_ld_script(client, checker, editor, rating):
    hostile = 'Mayor says </script><script>alert("x")</script> & <!-- more'
    claim = publish(
        ClaimFactory(statement=hostile, claimant="</script>"), checker=checker, editor=editor, rating=rating
    )
    html, data = crawl(client, claim.get_absolute_url())
    assert "<script>alert" not in html
    [review] = claim_reviews(data)
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == "</script>"


def test_dumps_escapes_the_characters_that_could_end_a_script_element():
    text = jsonld.dumps({"a": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Volodymyr Zelenskyy", "Person"),
        ("The mayor", "Person"),
        ("Russian Interior Ministry", "Organization"),
        ("Media reports in Central Asia", "Organization"),
        ("Government of Ukraine", "Organization"),
    ],
)
def test_the_claimant_is_a_person_or_an_organization(name, kind):
    assert jsonld.claimant_entity(name) == {"@type": kind, "name": name}


@pytest.mark.django_db
def test_the_claim_review_feed_carries_the_same_objects_as_the_pages(client):
    call_command("load_demo", force=True)
    response = client.get("/feeds/claimreview.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    feed = json.loads(response.content)
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    items = {element["item"]["url"]: element["item"] for element in feed["dataFeedElement"]}
    published = list(Claim.objects.published())
    assert len(items) == len(published)
    for claim in published:
        _html, data = crawl(client, claim.get_absolute_url())
        page_review = claim_reviews(data)[0]
        page_review.pop("@context")
        assert items[page_review["url"]] == page_review


@pytest.mark.django_db
def test_the_about_and_home_pages_name_the_transparency_pages_in_the_organization(client):
    for url in ("/about/", "/"):
        _html, data = crawl(client, url)
        [org] = [item for item in data["json-ld"] if item["@type"] == "NewsMediaOrganization"]
        assert org["name"] == settings.FACTCHECK_ORG_NAME
        for prop, path in (
            ("correctionsPolicy", "/corrections/policy/"),
            ("verificationFactCheckingPolicy", "/methodology/"),
            ("publishingPrinciples", "/about/"),
            ("actionableFeedbackPolicy", "/suggest/"),
        ):
            assert org[prop] == settings.FACTCHECK_SITE_URL + path
            assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_without_a_verbatim_quote_there_is_no_quotation_and_the_appearance_is_the_piece(
    client, checker, editor, rating
):
    claim = publish(ClaimFactory(quote=""), checker=checker, editor=editor, rating=rating)
    _html, data = crawl(client, claim.get_absolute_url())
    [review] = claim_reviews(data)
    assert review["claimReviewed"] == claim.statement
    assert "Quotation" not in json.dumps(review)
    assert review["itemReviewed"]["appearance"] == {
        "@type": "NewsArticle",
        "url": claim.piece.url,
        "headline": claim.piece.title,
        "publisher": {"@type": "Organization", "name": claim.piece.publisher},
    }
    assert "subjectOf" not in review["itemReviewed"]


@pytest.mark.django_db
def test_the_claimants_words_are_a_quotation_in_the_work_where_they_appeared(client, checker, editor, rating):
    claim = publish(
        ClaimFactory(quote="we built 40 schools", claimant="Jane Moss"), checker=checker, editor=editor, rating=rating
    )
    _html, data = crawl(client, claim.get_absolute_url())
    [review] = claim_reviews(data)
    assert review["itemReviewed"]["appearance"]["hasPart"] == {
        "@type": "Quotation",
        "text": "we built 40 schools",
        "spokenByCharacter": {"@type": "Person", "name": "Jane Moss"},
    }


@pytest.mark.django_db
def test_a_claim_said_elsewhere_appears_there_and_the_piece_that_reported_it_is_named_apart(
    client, checker, editor, rating
):
    piece = PieceFactory(
        url="https://news.example.org/ferries", title="Ferries to cost more", publisher="Harbour Gazette"
    )
    piece.published_on = datetime.date(2025, 4, 14)
    piece.save()
    claim = ClaimFactory(
        piece=piece, quote="", appearance_url="https://council.example.org/speech", said_on=datetime.date(2025, 4, 9)
    )
    publish(claim, checker=checker, editor=editor, rating=rating)
    _html, data = crawl(client, claim.get_absolute_url())
    [review] = claim_reviews(data)
    item = review["itemReviewed"]
    # Where it was said: its own address and day, nothing of the news piece.
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://council.example.org/speech",
        "datePublished": "2025-04-09",
    }
    # The piece that reported it: its own headline, date and publisher.
    assert item["subjectOf"] == {
        "@type": "NewsArticle",
        "url": "https://news.example.org/ferries",
        "headline": "Ferries to cost more",
        "datePublished": "2025-04-14",
        "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
    }


VOCABULARY = Path(settings.BASE_DIR).parent / "shared" / "data" / "schemaorg-30.0-current-https.jsonld"


def schema_vocabulary():
    """Each schema.org class with its superclasses, and each property with the classes it applies to."""
    graph = json.loads(VOCABULARY.read_text())["@graph"]

    def ids(value):
        return {v["@id"].removeprefix("schema:") for v in (value if isinstance(value, list) else [value]) if v}

    parents = {
        n["@id"].removeprefix("schema:"): ids(n.get("rdfs:subClassOf", [])) for n in graph if n["@type"] == "rdfs:Class"
    }
    domains = {
        n["@id"].removeprefix("schema:"): ids(n.get("schema:domainIncludes", []))
        for n in graph
        if n["@type"] == "rdf:Property"
    }
    return parents, domains


def schema_errors(node, parents, domains, path="$"):
    if isinstance(node, list):
        return [e for i, item in enumerate(node) for e in schema_errors(item, parents, domains, f"{path}[{i}]")]
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    if kind not in parents:
        return [f"{path}: unknown type {kind}"]
    lineage, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in lineage:
            lineage.add(current)
            todo.extend(parents.get(current, ()))
    errors = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if not domains.get(key, set()) & lineage:
            errors.append(f"{path}.{key}: not a property of {kind}")
        errors += schema_errors(value, parents, domains, f"{path}.{key}")
    return errors


@pytest.mark.skipif(not VOCABULARY.exists(), reason="the schema.org vocabulary file is not on this machine")
@pytest.mark.django_db
def test_every_type_and_property_is_in_the_schema_org_vocabulary(client, checker, editor):
    call_command("load_demo", force=True)
    # Beside the demo's claims (no quote, said in the piece): one said elsewhere, with the claimant's words.
    elsewhere = ClaimFactory(quote="we built 40", claimant="Jane Moss", appearance_url="https://council.example.org/")
    publish(elsewhere, checker=checker, editor=editor, rating=Rating.objects.first())
    parents, domains = schema_vocabulary()
    feed = json.loads(client.get("/feeds/claimreview.json").content)
    assert schema_errors(feed, parents, domains) == []
    for claim in Claim.objects.published():
        [review] = claim_reviews(crawl(client, claim.get_absolute_url())[1])
        assert schema_errors(review, parents, domains) == []
