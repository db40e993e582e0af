"""RSS, Atom and the ClaimReview DataFeed: published verdicts only, with canonical links."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from claims import workflow
from tests.factories import ClaimFactory, research

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def unpublished(withdrawn_claim, dismissed_claim, checker, editor, rating):
    """Claims the public must not find: new, in review, dismissed, withdrawn."""
    in_review = research(ClaimFactory(), checker=checker, editor=editor, rating=rating)
    workflow.submit(in_review, by=checker)
    return [ClaimFactory(), in_review, dismissed_claim, withdrawn_claim]


def rss_links(client):
    response = client.get("/feeds/verdicts/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("link") for item in ET.fromstring(response.content).iter("item")]


def atom_links(client):
    response = client.get("/feeds/verdicts/atom/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def json_feed_urls(client):
    feed = json.loads(client.get("/feeds/claimreview.json").content)
    return [element["item"]["url"] for element in feed["dataFeedElement"]]


def absolute(claim):
    return settings.FACTCHECK_SITE_URL + claim.get_absolute_url()


@pytest.mark.parametrize("links", [rss_links, atom_links, json_feed_urls])
def test_feeds_list_published_verdicts_with_absolute_links(client, published_claim, links):
    assert links(client) == [absolute(published_claim)]


@pytest.mark.parametrize("links", [rss_links, atom_links, json_feed_urls])
def test_feeds_leave_out_everything_unpublished(client, unpublished, links):
    found = links(client)
    for claim in unpublished:
        assert absolute(claim) not in found


def test_the_rss_item_names_the_rating_and_summary(client, published_claim):
    item = next(ET.fromstring(client.get("/feeds/verdicts/").content).iter("item"))
    verdict = published_claim.published_verdict
    assert item.findtext("title") == f"False: {verdict.headline}"
    assert item.findtext("description") == verdict.summary
    assert item.findtext("category") == "False"


def test_the_json_feed_is_served_from_the_cache_for_readers(client, published_claim, django_assert_num_queries):
    client.get("/feeds/claimreview.json")
    with django_assert_num_queries(1):  # the site's generation number, nothing else
        response = client.get("/feeds/claimreview.json")
    assert response["X-Public-Cache"] == "hit"
