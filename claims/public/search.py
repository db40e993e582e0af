"""The public search: the SQL that finds published verdicts matching a query, and the search page.

On PostgreSQL the published revisions' stored search documents are matched with full-text search; elsewhere
the snapshot's fields are matched by substring. Search results are never cached (the query is the visitor's).
"""

from django.db import connection, transaction
from django.db.models import Q
from django.shortcuts import render

from claims.models import Claim, public_rule_sql
from claims.public.pagination import PER_PAGE, BoundedPaginator, latest_first, page_number, rows_to_read

SEARCH_AHEAD = 2 * PER_PAGE  # matches looked for past the page: each one costs a text match on a large desk
QUERY_LENGTH = 200  # characters of the query searched for


# PostgreSQL: the published revision's document stored by migration 0009 (statement, claimant, quote,
# headline and summary of the snapshot), found by walking the latest-first index or the GIN index, whichever
# the planner finds cheaper; the public rule is compiled from the one in claims/models/claims.py.
POSTGRES_SEARCH = """SELECT c.first_published_at, c.id FROM claims_claim c
    JOIN claims_verdict v ON v.id = c.published_verdict_id
    WHERE {public} AND v.search_document @@ websearch_to_tsquery('english', %s)
    ORDER BY c.first_published_at DESC, c.id DESC LIMIT %s"""
SEARCHED_FIELDS = ("statement", "claimant", "quote", "headline", "summary")


def search_keys(query: str, limit: int) -> set:
    """(first_published_at, id) of the newest `limit` published claims matching the query, or a few more."""
    if connection.vendor == "postgresql":
        keys = set()
        with transaction.atomic(), connection.cursor() as cursor:
            # A page of matches is a short walk; starting parallel workers would cost more than the walk.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            public, params = public_rule_sql(connection, "c")
            cursor.execute(POSTGRES_SEARCH.format(public=public), [*params, query, limit])
            keys.update(cursor.fetchall())
        return keys
    matches = Q()
    for field in SEARCHED_FIELDS:
        matches |= Q(**{f"published_verdict__{field}__icontains": query})
    return set(latest_first(Claim.objects.published().filter(matches)).values_list("first_published_at", "id")[:limit])


def search_page(request, query):
    """One page of matches: the newest keys of each query merged, looking SEARCH_AHEAD matches ahead."""
    number = page_number(request)
    keys = search_keys(query, rows_to_read(number, SEARCH_AHEAD))
    page = BoundedPaginator(sorted(keys, reverse=True), ahead=SEARCH_AHEAD).get_page(number)
    claims = Claim.objects.published().in_bulk([pk for _, pk in page.object_list])
    page.object_list = [claims[pk] for _, pk in page.object_list if pk in claims]
    return page


def search(request):
    query = request.GET.get("q", "").strip()[:QUERY_LENGTH]
    page = search_page(request, query) if query else None
    response = render(request, "public/search.html", {"query": query, "page": page})
    response["X-Robots-Tag"] = "noindex"
    return response
