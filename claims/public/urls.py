from django.contrib.sitemaps.views import sitemap
from django.urls import path

from claims.public import cache as public_cache
from claims.public import lists, pages, search, verdict
from claims.public.feeds import LatestVerdictsAtom, LatestVerdictsRss
from claims.public.sitemaps import SITEMAPS, sitemap_index

app_name = "public"
urlpatterns = [
    path("", lists.home, name="home"),
    path("search/", search.search, name="search"),
    path("verdicts/<slug:slug>/", verdict.verdict, name="verdict"),
    path("verdicts/<slug:slug>/correction/", pages.request_correction, name="request_correction"),
    path("pieces/", lists.pieces, name="pieces"),
    path("pieces/<slug:slug>/", lists.piece, name="piece"),
    path("ratings/<slug:slug>/", lists.by_rating, name="by_rating"),
    path("claimants/", lists.claimants, name="claimants"),
    path("claimants/<str:slug>/", lists.by_claimant, name="by_claimant"),
    path("about/", pages.about, name="about"),
    path("methodology/", pages.methodology, name="methodology"),
    path("corrections/", pages.corrections_log, name="corrections"),
    path("corrections/policy/", pages.corrections_policy, name="corrections_policy"),
    path("suggest/", pages.suggest, name="suggest"),
    path("thanks/<slug:kind>/", pages.thanks, name="thanks"),
    path("ratings.css", pages.ratings_css, name="ratings_css"),
    path("feeds/verdicts/", public_cache.cached_by_site("rss", LatestVerdictsRss()), name="feed_rss"),
    path("feeds/verdicts/atom/", public_cache.cached_by_site("atom", LatestVerdictsAtom()), name="feed_atom"),
    path("feeds/claimreview.json", pages.claimreview_feed, name="claimreview_feed"),
    path("sitemap.xml", public_cache.cached_by_site("sitemap-index", sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_cache.cached_by_site("sitemap", sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
