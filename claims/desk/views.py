"""The desk: fact-checkers' and editors' pages.

Every view starts with an access check (anonymous people go to the login
page, people outside the desk get 403). Pages are GET; each action is its own
POST-only URL that validates a form and calls one function of
`claims.editing` or `claims.workflow`, whose refusal message is shown to the
person. A form that fails re-renders the page it came from, with what was
typed and the message at the field.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import editing, workflow
from claims.desk import dashboard as numbers
from claims.desk.filters import ClaimFilter, QueueFilter, TriageFilter
from claims.desk.forms import ClaimForm, CommentForm, EvidenceForm, MoveForm, PreviewForm, StepForm, VerdictForm
from claims.desk.history import claim_timeline, revision_diff
from claims.markdown import render_markdown
from claims.models import Claim, Evidence, Rating, ReviewEvent, Verdict
from claims.roles import EDITORS, FACT_CHECKERS, has_desk_access, is_editor

S = Claim.Status
PAGE_SIZE = 25


# Access -------------------------------------------------------------------


def _require_desk(request):
    if not has_desk_access(request.user):
        raise PermissionDenied


def _require_editor(request):
    if not is_editor(request.user):
        raise PermissionDenied


def _claim_or_404(pk):
    related = ("piece", "assignee", "published_verdict__rating", "published_verdict__author")
    return get_object_or_404(Claim.objects.select_related(*related), pk=pk)


def _desk_users():
    """Everyone a claim can be assigned to, loaded once per page."""
    groups = [FACT_CHECKERS, EDITORS]
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=groups)
        .distinct()
        .order_by("first_name", "username")
    )


def _back(request, default):
    """Where to go after an action: the posted `next` if it is a path of ours, else `default`."""
    target = request.POST.get("next", "")
    # Only a path: `redirect()` would take any other word for the name of a view and fail to find it.
    ours = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if ours and target.startswith("/"):
        return target
    return default


def _workspace_url(claim, anchor=""):
    return reverse("desk:claim", args=[claim.pk]) + (f"#{anchor}" if anchor else "")


# Forms, built the same way for the page and for the POST that re-renders it --------


def _claim_form(claim=None, data=None):
    initial = {"version": claim.version} if claim else None
    return ClaimForm(data, instance=claim if data is None else None, initial=initial, auto_id="claim-%s")


def _verdict_form(draft=None, data=None):
    initial = {"version": draft.version if draft else 0}
    return VerdictForm(data, instance=draft if data is None else None, initial=initial, auto_id="verdict-%s")


def _evidence_form(evidence=None, data=None):
    auto_id = f"evidence-{evidence.pk}-%s" if evidence else "evidence-new-%s"
    return EvidenceForm(data, instance=evidence if data is None else None, auto_id=auto_id)


def _comment_form(data=None):
    return CommentForm(data, auto_id="comment-%s")


def _step_form(step, claim, users=(), data=None):
    return StepForm(data, step=step, users=users, auto_id=f"step-{claim.pk}-{step.name}-%s")


def _step_forms(claim, user, users=None):
    steps = workflow.available_steps(claim, user)
    if users is None and any(step.name == "assign" for step in steps):
        users = _desk_users()
    return [(step, _step_form(step, claim, users or ())) for step in steps]


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


@login_required
def queue(request):
    _require_desk(request)
    user = request.user
    mine = Claim.objects.assigned_to(user)
    mine_filter = QueueFilter(request.GET, queryset=mine)
    takeable = (
        Claim.objects.filter(status=S.NEW)
        .filter(Q(assignee__isnull=True) | Q(assignee=user))
        .select_related("piece", "assignee")
    )
    takeable_filter = ClaimFilter(request.GET, queryset=takeable)
    # Open work is counted exactly (the assignee-and-status index answers it); finished work
    # grows without end, so its tabs carry no number.
    counts = dict(mine.open().order_by().values_list("status").annotate(n=Count("id")))
    context = {
        "filter": mine_filter,
        "page": _page(request, mine_filter.qs),
        "new_page": _page(request, takeable_filter.qs, "new_page", 10),
        "status_counts": [
            (value, label, counts.get(value, 0) if value in Claim.OPEN_STATUSES else None) for value, label in S.choices
        ],
        "open_count": sum(counts.values()),
        "current_status": request.GET.get("status", ""),
        "today": timezone.localdate(),
    }
    return render(request, "desk/queue.html", context)


# Claim workspace ----------------------------------------------------------


def _quote_in_context(claim, margin=280):
    """(before, quote, after) from the piece's text around the claim's span, or None."""
    body = claim.piece.body if claim.piece else ""
    start, end = claim.start, claim.end
    if not body or start is None or end is None or end > len(body) or start >= end:
        return None
    para_start = body.rfind("\n\n", 0, start)
    para_end = body.find("\n\n", end)
    first = max(para_start + 2 if para_start >= 0 else 0, start - margin)
    last = min(para_end if para_end >= 0 else len(body), end + margin)
    before = ("… " if first > 0 and first != para_start + 2 else "") + body[first:start]
    after = body[end:last] + (" …" if last < len(body) and last != para_end else "")
    return before, body[start:end], after


def _open_draft(claim):
    open_states = [Verdict.State.DRAFT, Verdict.State.SUBMITTED]
    return claim.verdicts.filter(state__in=open_states).select_related("rating", "author").first()


def _render_workspace(request, claim, *, status=200, open_panel="", preview=None, **forms):
    user = request.user
    can_edit_claim = editing.can_edit_claim(claim, user)
    can_edit_research = editing.can_edit_research(claim, user)
    draft = _open_draft(claim)
    evidence = list(claim.evidence.select_related("added_by"))
    edited_id = forms.get("edited_evidence_id")
    if can_edit_research:
        # The link whose edit failed keeps its bound form; the others get fresh ones.
        evidence_rows = [
            (item, forms["evidence_edit_form"] if item.pk == edited_id else _evidence_form(item)) for item in evidence
        ]
    else:
        evidence_rows = [(item, None) for item in evidence]
    ratings = {rating.pk: rating.label for rating in Rating.objects.all()}
    context = {
        "claim": claim,
        "quote_context": _quote_in_context(claim),
        "can_edit_claim": can_edit_claim,
        "can_edit_research": can_edit_research,
        "claim_form": forms.get("claim_form") or (_claim_form(claim) if can_edit_claim else None),
        "evidence_rows": evidence_rows,
        "evidence_form": forms.get("evidence_form") or (_evidence_form() if can_edit_research else None),
        "edited_evidence_id": edited_id,
        "draft": draft,
        "shown_verdict": draft or claim.published_verdict,
        "verdict_form": forms.get("verdict_form") or (_verdict_form(draft) if can_edit_research else None),
        "preview": preview,
        "steps": _step_forms(claim, user),
        "comments": claim.comments.select_related("author"),
        "comment_form": forms.get("comment_form") or _comment_form(),
        "timeline": claim_timeline(claim, ratings),
        "open_panel": open_panel,
    }
    return render(request, "desk/claim.html", context, status=status)


@login_required
def claim(request, pk):
    _require_desk(request)
    return _render_workspace(request, _claim_or_404(pk))


def _refused(request, claim, error, anchor=""):
    messages.error(request, str(error))
    return redirect(_workspace_url(claim, anchor))


@login_required
@require_POST
def claim_edit(request, pk):
    _require_desk(request)
    claim = _claim_or_404(pk)
    form = _claim_form(data=request.POST)
    if not form.is_valid():
        return _render_workspace(request, claim, claim_form=form, open_panel="claim")
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        editing.update_claim(claim, by=request.user, data=data, version=version)
    except editing.VersionConflict as error:
        form.add_error(None, str(error))
        return _render_workspace(request, claim, claim_form=form, open_panel="claim", status=409)
    except editing.EditRefused as error:
        return _refused(request, claim, error)
    messages.success(request, _("Claim saved."))
    return redirect(_workspace_url(claim, "claim"))


@login_required
@require_POST
def evidence_add(request, pk):
    _require_desk(request)
    claim = _claim_or_404(pk)
    form = _evidence_form(data=request.POST)
    if not form.is_valid():
        return _render_workspace(request, claim, evidence_form=form, open_panel="evidence-new")
    try:
        editing.add_evidence(claim, by=request.user, **form.cleaned_data)
    except editing.EditRefused as error:
        return _refused(request, claim, error, "evidence")
    messages.success(request, _("Evidence link added."))
    return redirect(_workspace_url(claim, "evidence"))


def _evidence_or_404(claim, evidence_id):
    return get_object_or_404(Evidence.objects.select_related("claim"), pk=evidence_id, claim=claim)


@login_required
@require_POST
def evidence_edit(request, pk, evidence_id):
    _require_desk(request)
    claim = _claim_or_404(pk)
    item = _evidence_or_404(claim, evidence_id)
    form = _evidence_form(item, data=request.POST)
    if not form.is_valid():
        return _render_workspace(
            request, claim, evidence_edit_form=form, edited_evidence_id=item.pk, open_panel=f"evidence-{item.pk}"
        )
    try:
        editing.update_evidence(item, by=request.user, data=form.cleaned_data)
    except editing.EditRefused as error:
        return _refused(request, claim, error, "evidence")
    messages.success(request, _("Evidence link saved."))
    return redirect(_workspace_url(claim, f"evidence-{item.pk}"))


@login_required
@require_POST
def evidence_delete(request, pk, evidence_id):
    _require_desk(request)
    claim = _claim_or_404(pk)
    item = _evidence_or_404(claim, evidence_id)
    try:
        editing.remove_evidence(item, by=request.user)
    except editing.EditRefused as error:
        return _refused(request, claim, error, "evidence")
    messages.success(request, _("Evidence link removed: %(title)s") % {"title": item.title})
    return redirect(_workspace_url(claim, "evidence"))


@login_required
@require_POST
def evidence_move(request, pk, evidence_id):
    _require_desk(request)
    claim = _claim_or_404(pk)
    item = _evidence_or_404(claim, evidence_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, _("Choose to move the link up or down."), "evidence")
    try:
        editing.move_evidence(item, by=request.user, offset=form.cleaned_data["offset"])
    except editing.EditRefused as error:
        return _refused(request, claim, error, "evidence")
    return redirect(_workspace_url(claim, f"evidence-{item.pk}"))


@login_required
@require_POST
def verdict_save(request, pk):
    _require_desk(request)
    claim = _claim_or_404(pk)
    form = _verdict_form(data=request.POST)
    if "preview" in request.POST:
        preview = render_markdown(request.POST.get("explanation", ""))
        return _render_workspace(request, claim, verdict_form=form, preview=preview, open_panel="verdict")
    if not form.is_valid():
        return _render_workspace(request, claim, verdict_form=form, open_panel="verdict")
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        editing.save_verdict(claim, by=request.user, data=data, version=version)
    except editing.VersionConflict as error:
        form.add_error(None, str(error))
        return _render_workspace(request, claim, verdict_form=form, open_panel="verdict", status=409)
    except editing.EditRefused as error:
        return _refused(request, claim, error, "verdict")
    messages.success(request, _("Verdict draft saved."))
    return redirect(_workspace_url(claim, "verdict"))


@login_required
@require_POST
def preview(request, pk):
    """The explanation rendered as the public will see it; desk.js fetches it into the page."""
    _require_desk(request)
    _claim_or_404(pk)
    form = PreviewForm(request.POST)
    text = form.cleaned_data["explanation"] if form.is_valid() else ""
    return HttpResponse(render_markdown(text) or _("<p>Nothing to preview yet.</p>"))


@login_required
@require_POST
def comment_add(request, pk):
    _require_desk(request)
    claim = _claim_or_404(pk)
    form = _comment_form(request.POST)
    if not form.is_valid():
        return _render_workspace(request, claim, comment_form=form, open_panel="comments")
    try:
        editing.add_comment(claim, by=request.user, body=form.cleaned_data["body"])
    except editing.EditRefused as error:
        return _refused(request, claim, error, "comments")
    messages.success(request, _("Comment posted."))
    return redirect(_back(request, _workspace_url(claim, "comments")))


# Workflow steps -----------------------------------------------------------


@login_required
@require_POST
def step(request, pk, name):
    """Take one workflow step; the workflow decides whether this person may, and says why not."""
    _require_desk(request)
    claim = _claim_or_404(pk)
    if name not in workflow.STEPS:
        raise Http404
    chosen = workflow.STEPS[name]
    users = _desk_users() if name == "assign" else ()
    form = _step_form(chosen, claim, users, data=request.POST)
    back = _back(request, _workspace_url(claim))
    if not form.is_valid():
        context = {"claim": claim, "step": chosen, "form": form, "next": back}
        return render(request, "desk/step.html", context, status=400)
    try:
        workflow.take_step(claim, name, by=request.user, **form.step_arguments())
    except workflow.TransitionError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, _("Done: %(step)s — “%(claim)s”") % {"step": chosen.label, "claim": claim.statement})
    return redirect(back)


# Editors: review queue, review screen, triage, dashboard -----------------------


def _submitted_revisions():
    return Prefetch(
        "verdicts",
        queryset=Verdict.objects.filter(state=Verdict.State.SUBMITTED).select_related("rating"),
        to_attr="submitted",
    )


@login_required
def review_queue(request):
    _require_editor(request)
    showing = "published" if request.GET.get("show") == "published" else "in_review"
    if showing == "published":
        claims = Claim.objects.published().filter(status=S.PUBLISHED).select_related("assignee")
        claims = claims.order_by("-first_published_at", "-id")
    else:
        claims = Claim.objects.awaiting_review().prefetch_related(_submitted_revisions())
    context = {
        "showing": showing,
        "page": _page(request, claims),
        "in_review_count": Claim.objects.filter(status=S.IN_REVIEW).count(),
    }
    return render(request, "desk/review_queue.html", context)


@login_required
def review(request, pk):
    _require_editor(request)
    claim = _claim_or_404(pk)
    draft = _open_draft(claim)
    published = claim.published_verdict
    verdict = draft if claim.status == S.IN_REVIEW and draft else published
    wrote_it = bool(draft and claim.status == S.IN_REVIEW and request.user.pk in draft.writers())
    steps = [(s, form) for s, form in _step_forms(claim, request.user, users=()) if s.name != "assign"]
    context = {
        "claim": claim,
        "verdict": verdict,
        "draft": draft,
        "diff": revision_diff(published, draft) if draft and published and draft.pk != published.pk else None,
        "evidence": claim.evidence.all(),
        "steps": steps,
        "wrote_it": wrote_it,
        "comments": claim.comments.select_related("author"),
        "comment_form": _comment_form(),
        "events": ReviewEvent.objects.filter(claim=claim).select_related("actor").order_by("-created_at", "-id")[:20],
    }
    return render(request, "desk/review.html", context)


def _dismiss_events():
    return Prefetch("events", queryset=ReviewEvent.objects.filter(step="dismiss").order_by("-id"), to_attr="dismissals")


@login_required
def triage(request):
    _require_editor(request)
    new_filter = TriageFilter(request.GET, queryset=Claim.objects.filter(status=S.NEW).select_related("piece"))
    dismissed = (
        Claim.objects.filter(status=S.DISMISSED)
        .select_related("piece")
        .prefetch_related(_dismiss_events())
        .order_by("-updated_at", "-id")
    )
    page = _page(request, new_filter.qs)
    users = _desk_users()
    assign, dismiss = workflow.STEPS["assign"], workflow.STEPS["dismiss"]
    rows = [(c, _step_form(assign, c, users), _step_form(dismiss, c)) for c in page]
    restore = workflow.STEPS["restore"]
    dismissed_page = _page(request, dismissed, "dismissed_page", 10)
    context = {
        "filter": new_filter,
        "page": page,
        "rows": rows,
        "dismissed_page": dismissed_page,
        "restore": restore,
    }
    return render(request, "desk/triage.html", context)


@login_required
def dashboard(request):
    _require_editor(request)
    waiting, waiting_count = numbers.waiting_for_review()
    context = {
        "counts": numbers.counts_by_status(),
        "waiting": waiting,
        "waiting_count": waiting_count,
        "chart": numbers.bar_chart(numbers.published_per_week()),
        "open_work": numbers.open_work(),
    }
    return render(request, "desk/dashboard.html", context)
