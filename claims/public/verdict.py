"""The verdict page: a published verdict, the desk's preview of a draft, the withdrawn notice, old addresses.

What the page shows of a claim is its published revision's snapshot (`claim.published_verdict`: statement,
claimant, quote, evidence, the rating as shown, the piece as cited...), never the claim row, which is the
desk's draft during a correction, nor the live rating or piece, which the admin may have edited since.

Anonymous reads of this page are served in front of Django (`claims.public.front_cache`), keyed by the
generation of the claim and site, so a publish, a correction or a withdrawal changes what readers see at
once. The 404/410 decisions are always made afresh, before the cache is read.
"""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from claims import snapshots, workflow
from claims.generations import SITE, TABLE
from claims.models import Claim, ClaimSlugRedirect, ProjectionChange, ReviewEvent, Verdict
from claims.public import cache as public_cache
from claims.public import jsonld
from claims.public.lists import CLAIMANT, claimant_slug
from claims.public.pagination import latest_first
from claims.roles import has_desk_access

RELATED_COUNT = 4


# Read with the claim, in its query: the site's generation, under which the page's extras are kept. Raw SQL,
# because the ORM's subquery costs more to build than the rest of the query.
PAGE_STATE = {"site_generation": RawSQL(f"COALESCE((SELECT value FROM {TABLE} WHERE name = %s), 0)", [SITE])}
# Built once; unordered, since the slug is unique (ordering by the model's default costs a tenth of a page).
PUBLISHED_WITH_STATE = Claim.objects.published().annotate(**PAGE_STATE).order_by()


def verdict(request, slug):
    # `published()` decides 404/410 before anything else, so a withdrawn verdict is never shown.
    # Anonymous reads of this page are cached in front of Django (claims/public/front_cache.py), which
    # makes the same decision (`PUBLIC_RULE`, compiled) before it serves a stored copy.
    claim = next(iter(PUBLISHED_WITH_STATE.filter(slug=slug)), None)
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
    others = latest_first(Claim.objects.published().exclude(pk=claim.pk))
    groups = []
    if claim.piece_id:
        groups.append(others.filter(piece_id=claim.piece_id))
    if verdict.claimant:
        groups.append(others.filter(**{CLAIMANT: verdict.claimant}))
    if not groups:
        return []
    # One query: each group's newest through its own index, joined by UNION ALL (the ORM's union() cannot
    # limit each part on SQLite), and the rows of those few claims.
    parts = [group.values("pk")[:RELATED_COUNT].query.sql_with_params() for group in groups]
    newest_ids = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS part{n}" for n, (sql, _) in enumerate(parts))
    params = [value for _, part_params in parts for value in part_params]
    found = Claim.objects.published().filter(pk__in=RawSQL(newest_ids, params)).order_by()
    newest = sorted(found, key=lambda c: (c.first_published_at, c.pk), reverse=True)[:RELATED_COUNT]
    return [
        SimpleNamespace(
            url=c.get_absolute_url(),
            title=c.published_verdict.headline or c.published_verdict.statement,
            rating=(rating := c.published_verdict.shown_rating)
            and SimpleNamespace(slug=rating.slug, label=rating.label),
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
    # One query: the people who approved or changed the revision (as `Verdict.writers`), and its author.
    approved = ReviewEvent.objects.filter(verdict_id=verdict.pk, step="approve", actor=OuterRef("pk"))
    edited = ProjectionChange.objects.filter(claim_id=verdict.claim_id, revision=verdict.number, user=OuterRef("pk"))
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
        # The same for every reader until something public changes (each change bumps the site's generation,
        # read with the claim by `verdict`): no query once kept, instead of up to four.
        key = public_cache.page_key("verdict-extras-staff", verdict.pk)
        site = getattr(claim, "site_generation", None)
        related, corrections, staff = public_cache.remember(
            key,
            lambda: (related_verdicts(claim, verdict), correction_notes(claim, verdict), staff_names(verdict)),
            now=None if site is None else (site,),
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
        "piece": snapshots.cited_piece(verdict, claim.piece),
        "rating": verdict.shown_rating,
    }


def render_verdict(request, claim):
    context = verdict_context(claim, claim.published_verdict)
    context["claim_review"] = jsonld.page_claim_review(claim)
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
        shown = snapshots.public_view(Verdict(claim=claim), claim)
        context = {
            "claim": claim,
            "verdict": shown,
            "no_draft": True,
            "piece": snapshots.cited_piece(shown, claim.piece),
        }
    else:
        context = verdict_context(claim, snapshots.public_view(draft, claim))
    context["preview"] = True
    response = render(request, "public/verdict.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def withdrawn_notice(request, claim):
    """The 410 page: the date always; the withdrawal's own words only once editors approved them."""
    event = claim.events.filter(step="withdraw").order_by("-created_at", "-id").first()
    reason = event.comment if event and event.pk in workflow.approved_notices([event]) else ""
    context = {"claim": claim, "verdict": claim.published_verdict, "event": event, "reason": reason}
    return render(request, "410.html", context, status=410)
