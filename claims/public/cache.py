"""Cached public pages, kept under the generation numbers of what they show.

A copy is stored with the generations it was rendered at (claims/generations.py
counts every change in the transaction that makes it), in the shared cache
(Redis, so every server can reuse it) and in this process's memory, and is
served only while they are still current: a hit costs one small database
query, and no cache round trip when this process already holds the copy.
"""

import functools

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse

from claims.generations import SITE, TABLE, claim_generation, generations, piece_generation
from claims.models import Claim, public_rule_sql

__all__ = ["SITE", "claim_generation", "generations", "piece_generation"]


@functools.cache
def verdict_state_sql(vendor):
    """The verdict page's state in one indexed query: whether the claim is public, its generation and the site's.

    Raw SQL, because building it through the ORM costs more than the rest of a cached hit
    (claims/public/front_cache.py); the public rule in it is compiled from `PUBLIC_RULE`.
    """
    rule, params = public_rule_sql(connection, "c")
    sql = (
        f"SELECT c.id, {rule}, "
        f"(SELECT value FROM {TABLE} WHERE name = '{claim_generation('')}' || CAST(c.id AS TEXT)), "
        f"(SELECT value FROM {TABLE} WHERE name = %s) "
        f"FROM {Claim._meta.db_table} c WHERE c.slug = %s"
    )
    return sql, params


def verdict_state(slug):
    """(claim id, generations of the claim and the site) if the verdict under `slug` is public, else (None, None)."""
    sql, params = verdict_state_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, SITE, slug])
        row = cursor.fetchone()
    if row is None or not row[1]:
        return None, None
    return row[0], (row[2] or 0, row[3] or 0)


def page_key(name, *parts):
    return ":".join(["public:copy", name, *map(str, parts)])  # copies tagged with database generations


def is_cacheable(request):
    # Desk users may see previews and their own nav; only anonymous reads are shared.
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def lookup(key, now):
    """The copy of `key` stored at the generations `now`, from this process's memory or the shared cache, or None.

    Callers read the generations before they compute a missing value, so a bump
    meanwhile leaves that copy stale, never wrongly fresh.
    """
    local = caches["local"]
    for store in (local, cache):
        stored = store.get(key)
        if stored is not None and stored[0] == now:
            if store is cache:
                local.set(key, stored, settings.CACHE_SECONDS)
            return stored[1]
    return None


def keep(key, generations_now, value):
    for store in (cache, caches["local"]):
        store.set(key, (generations_now, value), settings.CACHE_SECONDS)


def serve(request, key, render, names=(SITE,)):
    """Return the cached copy of a public page for anonymous readers, or render it and keep it.

    `names` are the generations whose bump makes the page stale. Only complete
    200 answers are kept; refusals (404, 410) are always decided afresh.
    """
    if not is_cacheable(request):
        return render()
    now = generations(names)
    stored = lookup(key, now)
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


def remember(key, compute, names=(SITE,), now=None):
    """A value computed once per generation of what it depends on, shared by every server.

    `now`: the generations of `names`, when the caller has read them already (with its own data, before
    computing anything), which saves their query.
    """
    if now is None:
        now = generations(names)
    stored = lookup(key, now)
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
