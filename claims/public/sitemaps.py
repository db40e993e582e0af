"""The sitemaps: every published verdict and piece, and the site's standing pages, under one index.

Locations are built on FACTCHECK_SITE_URL, not on the request's host, so a
crawler reaching the site by another name still gets the canonical addresses.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse

from claims.models import Claim, Piece


class CanonicalSitemap(Sitemap):
    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.FACTCHECK_SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        parts = urlsplit(settings.FACTCHECK_SITE_URL)
        return parts.netloc + parts.path


class VerdictSitemap(CanonicalSitemap):
    changefreq = "monthly"

    def items(self):
        # Only what a sitemap entry needs: later pages skip thousands of rows, each one joined for nothing otherwise.
        return (
            Claim.objects.published()
            .select_related(None)
            .select_related("published_verdict")
            .only("slug", "published_verdict__approved_at")
            .order_by("-first_published_at", "-id")
        )

    def lastmod(self, claim):
        return claim.published_verdict.approved_at


class PieceSitemap(CanonicalSitemap):
    changefreq = "monthly"

    def items(self):
        newest = Claim.objects.published().filter(piece=OuterRef("pk")).order_by("-published_verdict__approved_at")
        return (
            Piece.objects.with_published_claims()
            .annotate(last_verdict=Subquery(newest.values("published_verdict__approved_at")[:1]))
            .order_by("-published_on", "pk")
        )

    def lastmod(self, piece):
        return piece.last_verdict


class PageSitemap(CanonicalSitemap):
    changefreq = "weekly"

    def items(self):
        return ["public:home", "public:about", "public:methodology", "public:corrections", "public:corrections_policy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"verdicts": VerdictSitemap, "pieces": PieceSitemap, "pages": PageSitemap}


def sitemap_index(request):
    """/sitemap.xml: every page of every section, on the canonical address.

    A section lists 5,000 addresses a page, so a desk with half a million
    verdicts has a hundred verdict pages; crawlers find them all here.
    """
    base = settings.FACTCHECK_SITE_URL.rstrip("/")
    items = []
    for section, sitemap_class in SITEMAPS.items():
        location = base + reverse("public:sitemap_section", kwargs={"section": section})
        pages = sitemap_class().paginator.num_pages
        items += [SitemapIndexItem(location if n == 1 else f"{location}?p={n}") for n in range(1, pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")
