"""The verdict page: a published verdict, the desk's preview of a draft, the withdrawn notice, old addresses.

What the page shows of a claim is its published revision's snapshot (`claim.published_verdict`: statement,
claimant, quote, evidence...), never the claim row, which is the desk's draft during a correction.

Anonymous reads of this page are served in front of Django (`claims.public.front_cache`), keyed by the
generation of the claim and site, so a publish, a correction or a withdrawal changes what readers see at
once. The 404/410 decisions are always made afresh, before the cache is read.
"""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from claims import snapshots
from claims.models import Claim, ClaimSlugRedirect, Rating, ReviewEvent, Verdict
from claims.public import cache as public_cache
from claims.public import jsonld
from claims.public.lists import CLAIMANT, claimant_slug
from claims.public.pagination import latest_first
from claims.roles import has_desk_access

RELATED_COUNT = 4


# The numeric scale's ends, read with the claim: the ClaimReview needs them, and a query of their own
# would cost as much as the rest of the page's data.
SCALE_BOUNDS = {
    "scale_worst": Subquery(Rating.objects.filter(value__isnull=False).order_by("value").values("value")[:1]),
    "scale_best": Subquery(Rating.objects.filter(value__isnull=False).order_by("-value").values("value")[:1]),
}


def verdict(request, slug):
    # `published()` decides 404/410 before anything else, so a withdrawn verdict is never shown.
    # Anonymous reads of this page are cached in front of Django (claims/public/front_cache.py), which
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
