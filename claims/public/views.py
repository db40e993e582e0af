"""Public pages. Every view starts from `Claim.objects.published()`.

What a page shows of a claim is its published revision's snapshot
(`claim.published_verdict`: statement, claimant, quote, evidence...), never the
claim row, which is the desk's draft during a correction.

Anonymous reads are served from the cache (`claims.public.cache.serve`; the
verdict page from `claims.public.front_cache`, in front of Django), keyed by the
generation of the claim, piece or site, so a publish, a correction or a
withdrawal changes what readers see at once. The 404/410 decisions are
always made afresh, before the cache is read.
"""

import hashlib
import re
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _

from claims import snapshots
from claims.models import Claim, ClaimSlugRedirect, Piece, Rating, ReviewEvent, Verdict, public_rule_sql
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


CLAIMANT = "published_verdict__claimant"


def published_claimants() -> dict:
    """Each claimant of a published verdict by the slug of their name."""
    names = Claim.objects.published().exclude(**{CLAIMANT: ""}).values_list(CLAIMANT, flat=True).distinct()
    return {claimant_slug(name): name for name in names if claimant_slug(name)}


def claimants(request):
    def render_index():
        rows = (
            Claim.objects.published()
            .exclude(**{CLAIMANT: ""})
            .values_list(CLAIMANT)
            .annotate(count=Count("id"))
            .order_by(CLAIMANT)
        )
        people = [{"name": name, "slug": claimant_slug(name), "count": count} for name, count in rows]
        return render(request, "public/claimants.html", {"claimants": [p for p in people if p["slug"]]})

    return public_cache.serve(request, public_cache.page_key("claimants"), render_index)


def by_claimant(request, slug):
    name = published_claimants().get(slug)
    if name is None:
        raise Http404(_("No published verdicts about this claimant."))

    def render_list():
        page = paginate(request, latest_first(Claim.objects.published().filter(**{CLAIMANT: name})))
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


# PostgreSQL: the published revision's document stored by migration 0009 (statement, claimant, quote,
# headline and summary of the snapshot), found by walking the latest-first index or the GIN index, whichever
# the planner finds cheaper; the public rule is compiled from the one in claims/models.py.
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
    query = request.GET.get("q", "").strip()[:200]
    page = search_page(request, query) if query else None
    response = render(request, "public/search.html", {"query": query, "page": page})
    response["X-Robots-Tag"] = "noindex"
    return response


# The verdict page


# The numeric scale's ends, read with the claim: the ClaimReview needs them, and a query of their own
# would cost as much as the rest of the page's data.
SCALE_BOUNDS = {
    "scale_worst": Subquery(Rating.objects.filter(value__isnull=False).order_by("value").values("value")[:1]),
    "scale_best": Subquery(Rating.objects.filter(value__isnull=False).order_by("-value").values("value")[:1]),
}


def verdict(request, slug):
    # `published()` decides 404/410 before anything else, so a withdrawn verdict is never shown.
    # Anonymous reads of this page are cached in front of Django (claims/front_cache.py), which
    # makes the same decision (`PUBLIC_RULE`, compiled) before it serves a stored copy.
    claim = Claim.objects.published().annotate(**SCALE_BOUNDS).filter(slug=slug).first()
    if claim is None:
        return unpublished_verdict(request, slug)
    if request.GET.get("preview") and has_desk_access(request.user):
        draft = claim.current_draft()
        if draft is not None:
            return preview(request, claim, draft)
    response = render_verdict(request, claim)
    if public_cache.is_cacheable(request):
        response["X-Public-Cache"] = "miss"  # the same for every anonymous reader: the front cache may keep it
    return response


def correction_notes(claim, verdict) -> list:
    """The dated notes of every approved correction up to `verdict`, oldest first."""
    if verdict.number == 1:  # only a later revision can be a correction
        return []
    revisions = (
        claim.verdicts.filter(state=Verdict.State.APPROVED, number__lte=verdict.number)
        .exclude(public_note="")
        .select_related("rating")
        .order_by("approved_at")
    )
    return [
        SimpleNamespace(approved_at=v.approved_at, public_note=v.public_note, rating_change_note=v.rating_change_note)
        for v in revisions
    ]


def related_verdicts(claim, verdict) -> list:
    """Up to RELATED_COUNT other published verdicts on the same piece or by the same claimant, newest first."""
    # Two small queries, each with its own index, merged newest first.
    others = latest_first(Claim.objects.published().exclude(pk=claim.pk))
    found = {}
    for group in (
        others.filter(piece_id=claim.piece_id) if claim.piece_id else [],
        others.filter(**{CLAIMANT: verdict.claimant}) if verdict.claimant else [],
    ):
        found.update((c.pk, c) for c in group[:RELATED_COUNT])
    newest = sorted(found.values(), key=lambda c: (c.first_published_at, c.pk), reverse=True)[:RELATED_COUNT]
    return [
        SimpleNamespace(
            url=c.get_absolute_url(),
            title=c.published_verdict.headline or c.published_verdict.statement,
            rating=c.published_verdict.rating
            and SimpleNamespace(slug=c.published_verdict.rating.slug, label=c.published_verdict.rating.label),
        )
        for c in newest
    ]


def staff_names(verdict):
    """Who wrote the revision (its author first, then anyone who edited it) and the editors who approved it.

    People are named by their full names only: a login name on a public page would help guess passwords,
    so someone without a full name is not named. None when the newsroom hides its staff's names
    (FACTCHECK_SHOW_STAFF_NAMES); the ClaimReview's author is the newsroom either way.
    """
    if not settings.FACTCHECK_SHOW_STAFF_NAMES or verdict.pk is None:
        return None
    # One query: the people who approved or edited the revision (its history, as `Verdict.writers`), and its author.
    approved = ReviewEvent.objects.filter(verdict_id=verdict.pk, step="approve", actor=OuterRef("pk"))
    edited = Verdict.history.filter(id=verdict.pk, history_user=OuterRef("pk"))
    people = (
        get_user_model()
        .objects.annotate(approved=Exists(approved), edited=Exists(edited))
        .filter(Q(pk=verdict.author_id) | Q(approved=True) | Q(edited=True))
    )
    people = sorted(
        (user for user in people if user.get_full_name()),
        key=lambda user: (user.pk != verdict.author_id, user.get_full_name().casefold()),
    )
    writers = [user.get_full_name() for user in people if user.pk == verdict.author_id or user.edited]
    editors = [user.get_full_name() for user in people if user.approved]
    return SimpleNamespace(author=", ".join(writers), editors=editors)


def verdict_context(claim, verdict):
    """What the page shows: `verdict` is an approved snapshot, or for the desk's preview a draft's."""
    if verdict.pk is not None and verdict.pk == claim.published_verdict_id:
        # The same for every reader until something public changes (each change bumps the site's generation):
        # one small query instead of up to five ORM queries on an uncached page.
        key = public_cache.page_key("verdict-extras-staff", verdict.pk)
        related, corrections, staff = public_cache.remember(
            key, lambda: (related_verdicts(claim, verdict), correction_notes(claim, verdict), staff_names(verdict))
        )
    else:
        related, corrections = related_verdicts(claim, verdict), correction_notes(claim, verdict)
        staff = staff_names(verdict)
    return {
        "claim": claim,
        "verdict": verdict,
        "corrections": corrections,
        "related": related,
        "claimant_slug": claimant_slug(verdict.claimant),
        "staff": staff,
    }


def render_verdict(request, claim):
    context = verdict_context(claim, claim.published_verdict)
    context["claim_review"] = jsonld.page_claim_review(claim, bounds=(claim.scale_worst, claim.scale_best))
    context["canonical_url"] = jsonld.absolute(claim.get_absolute_url())
    return render(request, "public/verdict.html", context)


def old_address(request, slug):
    """An earlier slug: a permanent redirect to the claim's address if it is public, else 404.

    Readers never learn where an unpublished claim moved; the desk is sent on to its preview.
    """
    moved = ClaimSlugRedirect.objects.select_related("claim").filter(old_slug=slug).first()
    if moved is None:
        raise Http404(_("No published verdict here."))
    if moved.claim.is_public:
        return redirect(moved.claim.get_absolute_url(), permanent=True)
    if has_desk_access(request.user):
        return redirect(moved.claim.get_absolute_url())
    raise Http404(_("No published verdict here."))


def unpublished_verdict(request, slug):
    """Withdrawn: 410 with the notice. Never published: the desk may preview it, everyone else gets 404."""
    claim = Claim.objects.select_related("piece", "published_verdict__rating").filter(slug=slug).first()
    if claim is None:
        return old_address(request, slug)
    if claim.status == Claim.Status.WITHDRAWN:
        return withdrawn_notice(request, claim)
    if not has_desk_access(request.user):
        raise Http404(_("No published verdict here."))
    draft = claim.current_draft() or claim.verdicts.select_related("rating").first()
    return preview(request, claim, draft)


def preview(request, claim, draft):
    """A draft as readers would see it once approved: the claim's current fields, not a frozen snapshot."""
    if draft is None:
        context = {"claim": claim, "verdict": snapshots.public_view(Verdict(claim=claim), claim), "no_draft": True}
    else:
        context = verdict_context(claim, snapshots.public_view(draft, claim))
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
        claims = list(Claim.objects.published().filter(piece=piece).order_by("published_verdict__start", "id"))
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
        .exclude(public_note="")
        .select_related("claim", "rating")
        .order_by("-approved_at", "-id")[:limit]
    )
    withdrawals = (
        ReviewEvent.objects.filter(step="withdraw")
        .select_related("claim__published_verdict")
        .order_by("-created_at", "-id")
    )
    # Each entry names the claim as that revision stated it: readers never see a draft's statement here.
    entries = [
        {
            "kind": "correction",
            "date": v.approved_at,
            "claim": v.claim,
            "statement": v.statement,
            "note": " ".join(filter(None, [v.public_note, v.rating_change_note])),
            "verdict": v,
        }
        for v in corrections
    ]
    entries += [
        {
            "kind": "withdrawal",
            "date": e.created_at,
            "claim": e.claim,
            "statement": e.claim.published_verdict.statement if e.claim.published_verdict else "",
            "note": e.comment,
        }
        for e in withdrawals[:limit]
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
