"""Public lists of published verdicts: the home page, by rating, by claimant, the pieces and one piece's page.

Every list starts from `Claim.objects.published()` and shows each claim's published revision's snapshot
(`claim.published_verdict`), never the claim row, which is the desk's draft during a correction.

Anonymous reads are served from the cache (`claims.public.cache.serve`), keyed by the generation of the
piece or site, so a publish, a correction or a withdrawal changes what readers see at once. The 404
decisions are always made afresh, before the cache is read.
"""

import hashlib
from collections import Counter

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from claims import snapshots
from claims.models import Claim, Piece, Rating
from claims.public import cache as public_cache
from claims.public import jsonld
from claims.public.pagination import latest_first, page_number, paginate


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
        # Each piece is listed as its newest published verdict cites it, never as the admin last edited it.
        published = (
            Claim.objects.published().filter(piece__in=page.object_list).order_by("published_verdict__approved_at")
        )
        cited, counts = {}, Counter()
        for piece_id, frozen in published.values_list("piece", "published_verdict__piece_cited"):
            cited[piece_id] = frozen
            counts[piece_id] += 1
        shown = []
        for piece in page.object_list:
            as_cited = snapshots.piece_from_snapshot(cited.get(piece.pk), piece) or piece
            as_cited.published_count = counts[piece.pk]
            shown.append(as_cited)
        page.object_list = shown
        return render(request, "public/pieces.html", {"page": page})

    return public_cache.serve(request, public_cache.page_key("pieces", page_number(request)), render_index)


# The piece page


def piece(request, slug):
    piece = get_object_or_404(Piece, slug=slug)

    def render_piece():
        claims = list(Claim.objects.published().filter(piece=piece).order_by("published_verdict__start", "id"))
        if not claims:
            raise Http404(_("This piece has no published verdicts."))
        # The piece as its newest published verdict cites it: an admin edit waits for an approval, except
        # that turning off `may_republish` or changing the body takes the full text down at once.
        newest = max((claim.published_verdict for claim in claims), key=lambda verdict: verdict.approved_at)
        context = {"piece": snapshots.cited_piece(newest, piece), "claims": claims}
        return render(request, "public/piece.html", context)

    names = (public_cache.piece_generation(piece.pk), public_cache.SITE)
    return public_cache.serve(request, public_cache.page_key("piece", piece.pk), render_piece, names)
