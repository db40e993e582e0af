"""Cached public pages, and their invalidation when what the public sees changes.

Each claim and piece has a generation number in the cache, and so has the
site as a whole (for the lists and feeds that show many claims). A cached page
is stored with the generations it was rendered at and served only while they
are still current, so bumping one makes every copy that depends on it stale
at once, on every app server sharing the cache. A hit costs one cache round
trip: the page and its generations are fetched together.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

SITE = "gen:site"


def claim_generation(claim_id):
    return f"gen:claim:{claim_id}"


def piece_generation(piece_id):
    return f"gen:piece:{piece_id}"


def current(key):
    """The generation under `key`, starting it at 1 the first time it is asked for."""
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return value


def site_generation():
    return current(SITE)


def bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def invalidate(claim):
    bump(claim_generation(claim.pk))
    if claim.piece_id:
        bump(piece_generation(claim.piece_id))
    bump(SITE)


def on_commit_invalidate(claim):
    transaction.on_commit(lambda: invalidate(claim))


def invalidate_site():
    """Every list, feed and page shows the site generation: bump it when the scale itself changes."""
    transaction.on_commit(lambda: bump(SITE))


def page_key(name, *parts):
    return ":".join(["public:page", name, *map(str, parts)])


def is_cacheable(request):
    # Desk users may see previews and their own nav; only anonymous reads are shared.
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def lookup(key, generations):
    """(value, None) if `key` holds a value stored at the current generations, else (None, generations now).

    One cache round trip on a hit. On a miss the generations are read before the
    caller computes the value, so a bump meanwhile leaves the copy stale, never wrongly fresh.
    """
    generations = list(generations)
    found = cache.get_many([key, *generations])
    now = tuple(found.get(g) for g in generations)
    stored = found.get(key)
    if stored is not None and None not in now and stored[0] == now:
        return stored[1], None
    return None, tuple(current(g) if value is None else value for g, value in zip(generations, now, strict=True))


def keep(key, generations_now, value):
    cache.set(key, (generations_now, value), settings.CACHE_SECONDS)


def serve(request, key, render, generations=(SITE,)):
    """Return the cached copy of a public page for anonymous readers, or render it and keep it.

    `generations` are the keys whose bump makes the page stale. Only complete
    200 answers are kept; refusals (404, 410) are always decided afresh.
    """
    if not is_cacheable(request):
        return render()
    stored, now = lookup(key, generations)
    if stored is not None:
        content_type, content = stored
        response = HttpResponse(content, content_type=content_type)
        response["X-Public-Cache"] = "hit"
        return response
    response = render()
    if response.status_code == 200 and not response.streaming:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        keep(key, now, (response["Content-Type"], response.content))
        response["X-Public-Cache"] = "miss"
    return response


def remember(key, compute, generations=(SITE,)):
    """A value computed once per generation of what it depends on, shared by every server."""
    stored, now = lookup(key, generations)
    if stored is not None:
        return stored
    value = compute()
    keep(key, now, value)
    return value


def cached_by_site(name, view):
    """Wrap a whole-site view (a feed, the sitemap) so anonymous reads come from the cache."""

    def cached_view(request, *args, **kwargs):
        sitemap_page = request.GET.get("p", "1")
        section = [value for value in kwargs.values() if isinstance(value, str)]  # e.g. the sitemap's section
        key = page_key(name, *section, sitemap_page if sitemap_page.isdigit() else "other")
        return serve(request, key, lambda: view(request, *args, **kwargs))

    return cached_view
