"""Cache keys of the public pages, and their invalidation when what the public sees changes.

Each claim and piece has a generation number in the cache; public pages put
it in their cache keys, so bumping it makes every cached copy stale at once,
on every app server sharing the cache. A site-wide generation covers the
lists and feeds that show many claims.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse


def _generation(key):
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return value


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def claim_key(claim_id):
    return f"public:claim:{claim_id}:{_generation(f'gen:claim:{claim_id}')}:{site_generation()}"


def piece_key(piece_id):
    return f"public:piece:{piece_id}:{_generation(f'gen:piece:{piece_id}')}:{site_generation()}"


def site_generation():
    return _generation("gen:site")


def invalidate(claim):
    _bump(f"gen:claim:{claim.pk}")
    if claim.piece_id:
        _bump(f"gen:piece:{claim.piece_id}")
    _bump("gen:site")


def on_commit_invalidate(claim):
    transaction.on_commit(lambda: invalidate(claim))


def page_key(name, *parts):
    """A key for a list page: it changes whenever anything public changes."""
    return ":".join(["public:page", name, *map(str, parts), str(site_generation())])


def is_cacheable(request):
    # Desk users may see previews and their own nav; only anonymous reads are shared.
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def serve(request, key, render):
    """Return the cached copy of a public page for anonymous readers, or render it and keep it.

    Only complete 200 answers are kept; refusals (404, 410) are always decided afresh.
    """
    if not is_cacheable(request):
        return render()
    stored = cache.get(key)
    if stored is not None:
        content_type, content = stored
        response = HttpResponse(content, content_type=content_type)
        response["X-Public-Cache"] = "hit"
        return response
    response = render()
    if response.status_code == 200 and not response.streaming:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        cache.set(key, (response["Content-Type"], response.content), settings.CACHE_SECONDS)
        response["X-Public-Cache"] = "miss"
    return response


def cached_by_site(name, view):
    """Wrap a whole-site view (a feed, the sitemap) so anonymous reads come from the cache."""

    def cached_view(request, *args, **kwargs):
        sitemap_page = request.GET.get("p", "1")
        key = page_key(name, sitemap_page if sitemap_page.isdigit() else "other")
        return serve(request, key, lambda: view(request, *args, **kwargs))

    return cached_view
