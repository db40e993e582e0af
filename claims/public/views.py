"""Public pages. Every view starts from `Claim.objects.published()`.

Anonymous reads are served from the cache (`claims.public.cache.serve`; the
verdict page from `claims.public.front_cache`, in front of Django), keyed by the
generation of the claim, piece or site, so a publish, a correction or a
withdrawal changes what readers see at once. The 404/410 decisions are
always made afresh, before the cache is read.
"""

import hashlib
import re

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _

from claims.models import Claim, Piece, Rating, ReviewEvent, Verdict
from claims.public import cache as public_cache
from claims.public import jsonld, ratelimit
from claims.public.forms import CorrectionRequestForm, SuggestionForm
from claims.roles import has_desk_access

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
PER_PAGE = 20
RELATED_COUNT = 4
COUNT_AHEAD = 200  # rows counted past the page asked for; more shows as "more than N"
SEARCH_AHEAD = 2 * PER_PAGE  # matches looked for past the page: each one costs a text match on a large desk
FEED_ITEMS = 1000  # newest verdicts in the partners' DataFeed
LAST_PAGE = 100_000  # no list is longer; a larger number would overflow the database's OFFSET


def latest_first(claims):
    return claims.order_by("-first_published_at", "-id")


def page_number(request) -> int:
    """The requested page as a number, so junk in the query string cannot multiply cache entries."""
    try:
        return min(max(1, int(request.GET.get("page", 1))), LAST_PAGE)
    except (TypeError, ValueError):
        return 1


def rows_to_read(number: int, ahead: int) -> int:
    """Rows from the top that show page `number` and tell whether more than `ahead` follow it."""
    return (number - 1) * PER_PAGE + ahead + 1


class BoundedPaginator(Paginator):
    """Counts at most `ahead` rows past the page asked for, never a whole table.

    A COUNT(*) over a million published verdicts costs a second; readers are
    told "page 3 of 53+" instead, and every older page still opens.
    """

    limit = None

    def __init__(self, items, *, ahead=None):
        super().__init__(items, PER_PAGE)
        self.ahead = ahead

    def get_page(self, number):
        self.limit = rows_to_read(number, self.ahead or COUNT_AHEAD)
        return super().get_page(number)

    @cached_property
    def count(self):
        items = self.object_list
        if self.limit is None:
            return super().count
        if isinstance(items, list):
            return min(len(items), self.limit)
        return items[: self.limit].count()

    @property
    def more(self):
        return self.limit is not None and self.count >= self.limit


def paginate(request, items):
    return BoundedPaginator(items).get_page(page_number(request))


def scale():
    """The ratings from best to worst, then those outside the scale."""
    return sorted(Rating.objects.all(), key=lambda r: (r.value is None, -(r.value or 0), r.order, r.pk))


def ratings_with_counts():
    """The scale from best to worst, then the ratings outside it, each with its number of published verdicts.

    Counting every published verdict is the costliest query of the public site,
    so the counts are kept in the cache until something public changes.
    """

    def count():
        rows = Claim.objects.published().values_list("published_verdict__rating").annotate(n=Count("id")).order_by()
        return dict(rows)

    counts = public_cache.remember("ratings:counts", count)
    ratings = scale()
    for rating in ratings:
        rating.published_count = counts.get(rating.pk, 0)
    return ratings


# Lists


def home(request):
    def render_home():
        page = paginate(request, latest_first(Claim.objects.published()))
        context = {
            "page": page,
            # The scale, without counts: counting every published verdict costs seconds on a large desk.
            "ratings": scale(),
            "organization": jsonld.organization(),
        }
        return render(request, "public/home.html", context)

    return public_cache.serve(request, public_cache.page_key("home", page_number(request)), render_home)


def by_rating(request, slug):
    rating = get_object_or_404(Rating, slug=slug)

    def render_list():
        claims = latest_first(Claim.objects.published().filter(published_verdict__rating=rating))
        page = paginate(request, claims)
        title = _("Verdicts rated “%(rating)s”") % {"rating": rating.label}
        return render(request, "public/list.html", {"page": page, "title": title, "rating": rating})

    return public_cache.serve(request, public_cache.page_key("rating", rating.pk, page_number(request)), render_list)


def claimant_slug(name: str) -> str:
    # Unicode slugs: a claimant named in Cyrillic or Arabic still gets a page.
    return slugify(name, allow_unicode=True)


def published_claimants() -> dict:
    """Each claimant of a published verdict by the slug of their name."""
    names = Claim.objects.published().exclude(claimant="").values_list("claimant", flat=True).distinct()
    return {claimant_slug(name): name for name in names if claimant_slug(name)}


def claimants(request):
    def render_index():
        rows = (
            Claim.objects.published()
            .exclude(claimant="")
            .values("claimant")
            .annotate(count=Count("id"))
            .order_by("claimant")
        )
        people = [
            {"name": row["claimant"], "slug": claimant_slug(row["claimant"]), "count": row["count"]} for row in rows
        ]
        return render(request, "public/claimants.html", {"claimants": [p for p in people if p["slug"]]})

    return public_cache.serve(request, public_cache.page_key("claimants"), render_index)


def by_claimant(request, slug):
    name = published_claimants().get(slug)
    if name is None:
        raise Http404(_("No published verdicts about this claimant."))

    def render_list():
        page = paginate(request, latest_first(Claim.objects.published().filter(claimant=name)))
        title = _("Claims by %(claimant)s") % {"claimant": name}
        return render(request, "public/list.html", {"page": page, "title": title, "claimant": name})

    slug_digest = hashlib.sha256(slug.encode()).hexdigest()[:32]  # keeps long or non-ASCII names out of cache keys
    key = public_cache.page_key("claimant", slug_digest, page_number(request))
    return public_cache.serve(request, key, render_list)


def pieces(request):
    def render_index():
        page = paginate(request, Piece.objects.with_published_claims().order_by("-published_on", "-created_at"))
        # Counted for this page's pieces only: counting for every piece first costs minutes on a large desk.
        published = Claim.objects.published().filter(piece__in=page.object_list)
        counts = dict(published.order_by().values_list("piece").annotate(n=Count("id")))
        for piece in page.object_list:
            piece.published_count = counts.get(piece.pk, 0)
        return render(request, "public/pieces.html", {"page": page})

    return public_cache.serve(request, public_cache.page_key("pieces", page_number(request)), render_index)


# PostgreSQL: the claim's words and its verdict's words are two queries over the documents stored by
# migration 0005, each walking the latest-first index or its GIN index, whichever the planner finds cheaper
# (one OR across the join could use neither). The first two conditions are Claim.objects.published().
SEARCH_DOCUMENTS = [
    ("", "c.search_document"),
    ("JOIN claims_verdict v ON v.id = c.published_verdict_id", "v.search_document"),
]
POSTGRES_SEARCH = [
    f"""SELECT c.first_published_at, c.id FROM claims_claim c {join}
        WHERE c.published_verdict_id IS NOT NULL AND c.status <> %s
          AND {document} @@ websearch_to_tsquery('english', %s)
        ORDER BY c.first_published_at DESC, c.id DESC LIMIT %s"""
    for join, document in SEARCH_DOCUMENTS
]


def search_keys(query: str, limit: int) -> set:
    """(first_published_at, id) of the newest `limit` published claims matching the query, or a few more."""
    if connection.vendor == "postgresql":
        keys = set()
        with transaction.atomic(), connection.cursor() as cursor:
            # A page of matches is a short walk; starting parallel workers would cost more than the walk.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            for sql in POSTGRES_SEARCH:
                cursor.execute(sql, [Claim.Status.WITHDRAWN, query, limit])
                keys.update(cursor.fetchall())
        return keys
    matches = Q()
    for field in ("statement", "claimant", "quote", "published_verdict__headline", "published_verdict__summary"):
        matches |= Q(**{f"{field}__icontains": query})
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
    query = request.GET.get("q", "").strip()[:200]
    page = search_page(request, query) if query else None
    response = render(request, "public/search.html", {"query": query, "page": page})
    response["X-Robots-Tag"] = "noindex"
    return response


# The verdict page


def verdict(request, slug):
    # The status decides 404/410 before anything else, so a withdrawn verdict is never shown.
    # Anonymous reads of this page are cached in front of Django (claims/front_cache.py),
    # which makes the same lookup before it serves a stored copy.
    pk, _generations = public_cache.verdict_state(slug)
    if pk is None:
        return unpublished_verdict(request, slug)
    claim = Claim.objects.published().get(pk=pk)
    if request.GET.get("preview") and has_desk_access(request.user):
        draft = claim.current_draft()
        if draft is not None:
            return preview(request, claim, draft)
    response = render_verdict(request, claim)
    if public_cache.is_cacheable(request):
        response["X-Public-Cache"] = "miss"  # the same for every anonymous reader: the front cache may keep it
    return response


def verdict_context(claim, verdict):
    evidence = list(claim.evidence.all())
    corrections = list(
        claim.verdicts.filter(state=Verdict.State.APPROVED, number__lte=verdict.number)
        .exclude(correction_reason="")
        .order_by("approved_at")
    )
    # Same piece or same claimant: two small queries, each with its own index, merged newest first.
    others = latest_first(Claim.objects.published().exclude(pk=claim.pk))
    related = {}
    for group in (
        others.filter(piece_id=claim.piece_id) if claim.piece_id else [],
        others.filter(claimant=claim.claimant) if claim.claimant else [],
    ):
        related.update((c.pk, c) for c in group[:RELATED_COUNT])
    related = sorted(related.values(), key=lambda c: (c.first_published_at, c.pk), reverse=True)
    return {
        "claim": claim,
        "verdict": verdict,
        "evidence": evidence,
        "corrections": corrections,
        "related": related[:RELATED_COUNT],
        "claimant_slug": claimant_slug(claim.claimant),
    }


def render_verdict(request, claim):
    context = verdict_context(claim, claim.published_verdict)
    context["claim_review"] = jsonld.page_claim_review(claim)
    context["canonical_url"] = jsonld.absolute(claim.get_absolute_url())
    return render(request, "public/verdict.html", context)


def unpublished_verdict(request, slug):
    """Withdrawn: 410 with the notice. Never published: the desk may preview it, everyone else gets 404."""
    claim = get_object_or_404(Claim.objects.select_related("piece", "published_verdict__rating"), slug=slug)
    if claim.status == Claim.Status.WITHDRAWN:
        return withdrawn_notice(request, claim)
    if not has_desk_access(request.user):
        raise Http404(_("No published verdict here."))
    draft = claim.current_draft() or claim.verdicts.select_related("rating").first()
    return preview(request, claim, draft)


def preview(request, claim, draft):
    context = verdict_context(claim, draft) if draft else {"claim": claim, "verdict": None}
    context["preview"] = True
    response = render(request, "public/verdict.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def withdrawn_notice(request, claim):
    event = claim.events.filter(step="withdraw").order_by("-created_at", "-id").first()
    context = {"claim": claim, "verdict": claim.published_verdict, "event": event}
    return render(request, "410.html", context, status=410)


# The piece page


def piece(request, slug):
    piece = get_object_or_404(Piece, slug=slug)

    def render_piece():
        claims = list(Claim.objects.published().filter(piece=piece).order_by("start", "id"))
        if not claims:
            raise Http404(_("This piece has no published verdicts."))
        context = {"piece": piece, "claims": claims}
        return render(request, "public/piece.html", context)

    names = (public_cache.piece_generation(piece.pk), public_cache.SITE)
    return public_cache.serve(request, public_cache.page_key("piece", piece.pk), render_piece, names)


# Transparency pages


def static_page(template_name, *, with_organization=False):
    def view(request):
        def render_page():
            context = {"organization": jsonld.organization()} if with_organization else {}
            return render(request, template_name, context)

        return public_cache.serve(request, public_cache.page_key("static", template_name), render_page)

    return view


about = static_page("public/about.html", with_organization=True)
corrections_policy = static_page("public/corrections_policy.html")


def methodology(request):
    def render_page():
        ratings = ratings_with_counts()
        worst, best = Rating.scale_bounds()
        context = {
            "numeric": [r for r in ratings if r.value is not None],
            "outside": [r for r in ratings if r.value is None],
            "worst": worst,
            "best": best,
        }
        return render(request, "public/methodology.html", context)

    return public_cache.serve(request, public_cache.page_key("methodology"), render_page)


def correction_entries(limit):
    """The newest `limit` published corrections and withdrawals, newest first."""
    corrections = (
        Verdict.objects.filter(state=Verdict.State.APPROVED, claim__first_published_at__isnull=False)
        .exclude(correction_reason="")
        .select_related("claim", "rating")
        .order_by("-approved_at", "-id")[:limit]
    )
    withdrawals = ReviewEvent.objects.filter(step="withdraw").select_related("claim").order_by("-created_at", "-id")
    entries = [
        {"kind": "correction", "date": v.approved_at, "claim": v.claim, "note": v.correction_reason, "verdict": v}
        for v in corrections
    ]
    entries += [
        {"kind": "withdrawal", "date": e.created_at, "claim": e.claim, "note": e.comment} for e in withdrawals[:limit]
    ]
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)[:limit]


def corrections_log(request):
    def render_page():
        number = page_number(request)
        entries = correction_entries(rows_to_read(number, COUNT_AHEAD))
        page = BoundedPaginator(entries).get_page(number)
        return render(request, "public/corrections_log.html", {"page": page})

    return public_cache.serve(request, public_cache.page_key("corrections", page_number(request)), render_page)


def ratings_css(request):
    def render_css():
        # The database constraint already holds colours to #rrggbb; checking again keeps CSS injection out for sure.
        ratings = [r for r in Rating.objects.all() if HEX_COLOUR.fullmatch(r.colour)]
        response = render(request, "public/ratings.css", {"ratings": ratings}, content_type="text/css")
        response["Cache-Control"] = "public, max-age=300"
        return response

    return public_cache.serve(request, public_cache.page_key("ratings.css"), render_css)


# Readers write in


def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return accept_reader_message(request, form, "suggestion")
    return render(request, "public/suggest.html", {"form": form})


def request_correction(request, slug):
    claim = get_object_or_404(Claim.objects.published(), slug=slug)
    form = CorrectionRequestForm(request.POST or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        return accept_reader_message(request, form, "correction")
    return render(request, "public/request_correction.html", {"form": form, "claim": claim})


def accept_reader_message(request, form, kind):
    """Keep the message unless a bot sent it; the sender gets the same confirmation either way."""
    if not form.is_bot() and ratelimit.allow_reader_message(request):
        form.save()
    return redirect("public:thanks", kind=kind)


def thanks(request, kind):
    if kind not in ("suggestion", "correction"):
        raise Http404
    return render(request, "public/thanks.html", {"kind": kind})


# Partners


def claimreview_feed(request):
    def render_feed():
        claims = list(latest_first(Claim.objects.published())[:FEED_ITEMS])
        modified = max((c.published_verdict.approved_at for c in claims), default=None)
        feed = jsonld.data_feed(claims, modified=modified)
        return HttpResponse(jsonld.dumps(feed), content_type="application/ld+json; charset=utf-8")

    return public_cache.serve(request, public_cache.page_key("claimreview.json"), render_feed)
