"""The sitemap: every published verdict and piece, and the site's standing pages.

Locations are built on FACTCHECK_SITE_URL, not on the request's host, so a
crawler reaching the site by another name still gets the canonical addresses.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
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
        return Claim.objects.published().order_by("-first_published_at", "-id")

    def lastmod(self, claim):
        return claim.published_verdict.approved_at


class PieceSitemap(CanonicalSitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Piece.objects.filter(claims__in=Claim.objects.published())
            .annotate(last_verdict=Max("claims__published_verdict__approved_at"))
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
