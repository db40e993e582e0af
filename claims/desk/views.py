"""The desk's lists and overviews: my queue, the editors' review queue and review screen, triage, dashboard.

Every view is guarded (`claims.desk.access`); the claim workspace and the
actions taken on a claim live in `claims.desk.workspace`, whose forms the
lists here reuse so a step asks the same wherever its button is.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from claims import snapshots, workflow
from claims.desk import dashboard as numbers
from claims.desk.access import desk_required, editor_required
from claims.desk.filters import ClaimFilter, QueueFilter, TriageFilter
from claims.desk.history import changes_since_request, revision_diff
from claims.desk.quotes import quote_in_context
from claims.desk.workspace import claim_or_404, comment_form, open_draft, step_form, step_forms
from claims.models import Claim, ReviewEvent, Verdict, WorkState
from claims.roles import desk_users, is_editor

S = Claim.Status
PAGE_SIZE = 25
# The work states of open claims: my queue's tabs count these.
OPEN_WORK = [value for value in WorkState.values if set(WorkState.statuses(value)) <= set(Claim.OPEN_STATUSES)]


def _page(request, queryset, param="page", size=PAGE_SIZE):
    """One page of a list, with links to its neighbours that keep the other query parameters."""
    page = Paginator(queryset, size).get_page(request.GET.get(param))
    query = request.GET.copy()

    def url(number):
        query[param] = number
        return "?" + query.urlencode()

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


# My queue -----------------------------------------------------------------


@desk_required
def home(request):
    """The desk's front door: editors start at the review queue, fact-checkers at their own queue."""
    return redirect("desk:review_queue" if is_editor(request.user) else "desk:queue")


@desk_required
def queue(request):
    user = request.user
    mine = Claim.objects.assigned_to(user).with_work_state()
    mine_filter = QueueFilter(request.GET, queryset=mine)
    takeable = (
        Claim.objects.filter(status=S.NEW)
        .filter(Q(assignee__isnull=True) | Q(assignee=user))
        .select_related("piece", "assignee")
    )
    takeable_filter = ClaimFilter(request.GET, queryset=takeable)
    # Open work is counted exactly (the assignee-and-status index answers it); finished work
    # grows without end, so its tabs carry no number.
    counts = dict(mine.open().order_by().values_list("work_state_value").annotate(n=Count("id")))
    context = {
        "filter": mine_filter,
        "page": _page(request, mine_filter.qs),
        "new_page": _page(request, takeable_filter.qs, "new_page", 10),
        "status_counts": [
            (value, label, counts.get(value, 0) if value in OPEN_WORK else None) for value, label in WorkState.choices
        ],
        "open_count": sum(counts.values()),
        "current_status": request.GET.get("status", ""),
        "today": timezone.localdate(),
    }
    return render(request, "desk/queue.html", context)


# Editors: review queue, review screen, triage, dashboard -----------------------


def _submitted_revisions():
    return Prefetch(
        "verdicts",
        queryset=Verdict.objects.filter(state=Verdict.State.SUBMITTED).select_related("rating"),
        to_attr="submitted",
    )


@editor_required
def review_queue(request):
    showing = "published" if request.GET.get("show") == "published" else "in_review"
    if showing == "published":
        claims = Claim.objects.published().filter(status=S.PUBLISHED).select_related("assignee")
        claims = claims.order_by("-first_published_at", "-id")
    else:
        claims = Claim.objects.awaiting_review().with_work_state().prefetch_related(_submitted_revisions())
    context = {
        "showing": showing,
        "page": _page(request, claims),
        "in_review_count": Claim.objects.filter(status=S.IN_REVIEW).count(),
    }
    return render(request, "desk/review_queue.html", context)


def _preview_url(claim):
    """The public verdict view's preview of the revision in review (claims/public/verdict.py serves it to the desk)."""
    return claim.get_absolute_url() + ("?preview=1" if claim.is_public else "")


@editor_required
def review(request, pk):
    claim = claim_or_404(pk)
    draft = open_draft(claim)
    published = claim.published_verdict
    verdict = draft if claim.status == S.IN_REVIEW and draft else published
    steps = [(s, form) for s, form in step_forms(claim, request.user, users=()) if s.name != "assign"]
    in_review = bool(draft and claim.status == S.IN_REVIEW)
    # The workflow offers no approval to anyone who changed what readers will see of the revision.
    wrote_it = in_review and not any(s.name == "approve" for s, _form in steps)
    context = {
        "claim": claim,
        "verdict": verdict,
        "draft": draft,
        # Who said it, when and where, as readers will see it: the revision's snapshot.
        "shown": snapshots.public_view(verdict, claim) if verdict else claim,
        "quote_context": quote_in_context(claim),
        "preview_url": _preview_url(claim) if in_review else "",
        "since_request": changes_since_request(draft) if in_review else None,
        "diff": revision_diff(published, draft) if draft and published and draft.pk != published.pk else None,
        "evidence": claim.evidence.all(),
        "steps": steps,
        "wrote_it": wrote_it,
        "comments": claim.comments.select_related("author"),
        "comment_form": comment_form(),
        "events": ReviewEvent.objects.filter(claim=claim).select_related("actor").order_by("-created_at", "-id")[:20],
    }
    return render(request, "desk/review.html", context)


def _dismiss_events():
    return Prefetch("events", queryset=ReviewEvent.objects.filter(step="dismiss").order_by("-id"), to_attr="dismissals")


@editor_required
def triage(request):
    new_filter = TriageFilter(request.GET, queryset=Claim.objects.filter(status=S.NEW).select_related("piece"))
    dismissed = (
        Claim.objects.filter(status=S.DISMISSED)
        .select_related("piece")
        .prefetch_related(_dismiss_events())
        .order_by("-updated_at", "-id")
    )
    page = _page(request, new_filter.qs)
    users = list(desk_users())
    assign, dismiss = workflow.STEPS["assign"], workflow.STEPS["dismiss"]
    rows = [(c, step_form(assign, c, users), step_form(dismiss, c)) for c in page]
    context = {
        "filter": new_filter,
        "page": page,
        "rows": rows,
        "dismissed_page": _page(request, dismissed, "dismissed_page", 10),
        "restore": workflow.STEPS["restore"],
    }
    return render(request, "desk/triage.html", context)


@desk_required  # both roles (README, "The desk")
def dashboard(request):
    waiting, waiting_count = numbers.waiting_for_review()
    context = {
        "counts": numbers.counts_by_status(),
        "waiting": waiting,
        "waiting_count": waiting_count,
        "chart": numbers.bar_chart(numbers.published_per_week()),
        "open_work": numbers.open_work(),
    }
    return render(request, "desk/dashboard.html", context)
