from django.contrib.sitemaps.views import sitemap
from django.urls import path

from claims.public import cache as public_cache
from claims.public import views as public
from claims.public.feeds import LatestVerdictsAtom, LatestVerdictsRss
from claims.public.sitemaps import SITEMAPS, sitemap_index

app_name = "public"
urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.search, name="search"),
    path("verdicts/<slug:slug>/", public.verdict, name="verdict"),
    path("verdicts/<slug:slug>/correction/", public.request_correction, name="request_correction"),
    path("pieces/", public.pieces, name="pieces"),
    path("pieces/<slug:slug>/", public.piece, name="piece"),
    path("ratings/<slug:slug>/", public.by_rating, name="by_rating"),
    path("claimants/", public.claimants, name="claimants"),
    path("claimants/<str:slug>/", public.by_claimant, name="by_claimant"),
    path("about/", public.about, name="about"),
    path("methodology/", public.methodology, name="methodology"),
    path("corrections/", public.corrections_log, name="corrections"),
    path("corrections/policy/", public.corrections_policy, name="corrections_policy"),
    path("suggest/", public.suggest, name="suggest"),
    path("thanks/<slug:kind>/", public.thanks, name="thanks"),
    path("ratings.css", public.ratings_css, name="ratings_css"),
    path("feeds/verdicts/", public_cache.cached_by_site("rss", LatestVerdictsRss()), name="feed_rss"),
    path("feeds/verdicts/atom/", public_cache.cached_by_site("atom", LatestVerdictsAtom()), name="feed_atom"),
    path("feeds/claimreview.json", public.claimreview_feed, name="claimreview_feed"),
    path("sitemap.xml", public_cache.cached_by_site("sitemap-index", sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_cache.cached_by_site("sitemap", sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
