"""RSS and Atom feeds of the latest published verdicts, with links on FACTCHECK_SITE_URL.

Items read the approved snapshot (`claim.published_verdict`), never the claim's draft fields or the live rating scale.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from claims.public.jsonld import absolute

FEED_SIZE = 50


class LatestVerdictsRss(Feed):
    description = _("The latest fact-checks: each claim, its rating and why.")

    def title(self):
        return _("%(org)s: latest verdicts") % {"org": settings.FACTCHECK_ORG_NAME}

    def link(self):
        return absolute(reverse("public:home"))

    def feed_url(self):
        return absolute(reverse("public:feed_rss"))

    def items(self):
        return Claim.objects.published().order_by("-first_published_at", "-id")[:FEED_SIZE]

    def item_title(self, claim):
        verdict = claim.published_verdict
        label = verdict.shown_rating.label if verdict.rating_id else ""
        title = verdict.headline or verdict.statement
        return f"{label}: {title}" if label else title

    def item_description(self, claim):
        return claim.published_verdict.summary

    def item_link(self, claim):
        return absolute(claim.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, claim):
        return claim.first_published_at

    def item_updateddate(self, claim):
        return claim.published_verdict.approved_at

    def item_author_name(self):
        return settings.FACTCHECK_ORG_NAME

    def item_categories(self, claim):
        rating = claim.published_verdict.shown_rating
        return [rating.label] if rating else []


class LatestVerdictsAtom(LatestVerdictsRss):
    feed_type = Atom1Feed
    subtitle = LatestVerdictsRss.description

    def feed_url(self):
        return absolute(reverse("public:feed_atom"))
