"""The claim workspace: one claim's page, the edits made on it, and the workflow steps.

The page is GET; each action is its own POST-only URL that validates a form and
calls one function of `claims.editing` or `claims.workflow`, whose refusal
message is shown to the person. A form that fails re-renders the workspace,
with what was typed and the message at the field.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import editing, workflow
from claims.desk.access import desk_required
from claims.desk.forms import ClaimForm, CommentForm, EvidenceForm, MoveForm, PreviewForm, VerdictForm
from claims.desk.history import claim_timeline
from claims.desk.quotes import quote_in_context
from claims.forms import StepForm, done_message
from claims.markdown import render_markdown
from claims.models import Claim, Evidence, Rating, Verdict, WorkState
from claims.roles import desk_users


def claim_or_404(pk):
    related = ("piece", "assignee", "published_verdict__rating", "published_verdict__author")
    return get_object_or_404(Claim.objects.select_related(*related).with_work_state(), pk=pk)


def open_draft(claim):
    open_states = [Verdict.State.DRAFT, Verdict.State.SUBMITTED]
    return claim.verdicts.filter(state__in=open_states).select_related("rating", "author").first()


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


def comment_form(data=None):
    return CommentForm(data, auto_id="comment-%s")


def step_form(step, claim, users=(), data=None):
    return StepForm(data, step=step, users=users, auto_id=f"step-{claim.pk}-{step.name}-%s")


def step_forms(claim, user, users=None):
    """A form per step this user may take now; the desk's users are loaded only if one assigns."""
    steps = workflow.available_steps(claim, user)
    if users is None and any(step.name == "assign" for step in steps):
        users = list(desk_users())
    return [(step, step_form(step, claim, users or ())) for step in steps]


# The workspace page ---------------------------------------------------------


def _render_workspace(request, claim, *, status=200, open_panel="", preview=None, **forms):
    user = request.user
    can_edit_claim = editing.can_edit_claim(claim, user)
    can_edit_research = editing.can_edit_research(claim, user)
    draft = open_draft(claim)
    evidence = list(claim.evidence.select_related("added_by"))
    edited_id = forms.get("edited_evidence_id")
    if can_edit_research:
        # The link whose edit failed keeps its bound form; the others get fresh ones.
        evidence_rows = [
            (item, forms["evidence_edit_form"] if item.pk == edited_id else _evidence_form(item), f"evidence-{item.pk}")
            for item in evidence
        ]
    else:
        evidence_rows = [(item, None, "") for item in evidence]
    ratings = {rating.pk: rating.label for rating in Rating.objects.all()}
    # The editor's request stays on top of the page until the next submission ends the state.
    changes_request = None
    if claim.work_state == WorkState.CHANGES_REQUESTED:
        changes_request = claim.events.filter(step="request_changes").select_related("actor").order_by("-id").first()
    steps = step_forms(claim, user)
    verdict_form = forms.get("verdict_form") or (_verdict_form(draft) if can_edit_research else None)
    context = {
        "claim": claim,
        "quote_context": quote_in_context(claim),
        "can_edit_claim": can_edit_claim,
        "can_edit_research": can_edit_research,
        "claim_form": forms.get("claim_form") or (_claim_form(claim) if can_edit_claim else None),
        "evidence_rows": evidence_rows,
        "evidence_form": forms.get("evidence_form") or (_evidence_form() if can_edit_research else None),
        "draft": draft,
        "shown_verdict": draft or claim.published_verdict,
        "verdict_form": verdict_form,
        # "Submit for review" then posts the verdict form, so what is typed there is saved first.
        "submit_with_verdict": verdict_form is not None and any(step.name == "submit" for step, _f in steps),
        "preview": preview,
        "steps": steps,
        "changes_request": changes_request,
        "comments": claim.comments.select_related("author"),
        "comment_form": forms.get("comment_form") or comment_form(),
        "timeline": claim_timeline(claim, ratings),
        "open_panel": open_panel,
    }
    return render(request, "desk/claim.html", context, status=status)


@desk_required
def claim(request, pk):
    return _render_workspace(request, claim_or_404(pk))


# Edits ----------------------------------------------------------------------


def _refused(request, claim, error, anchor=""):
    messages.error(request, str(error))
    return redirect(_workspace_url(claim, anchor))


def _edit(request, claim, change, *, then, form=None, shown=None, refused_at="", done=""):
    """The shape every edit of the workspace shares.

    `form` (bound, optional) is checked first; `change(cleaned_data)` is the
    `claims.editing` call. An invalid form, or a save that met someone else's
    newer version (409), re-renders the workspace with `shown`, its keyword
    arguments that show what was typed; a refusal goes back to the page at
    `refused_at` with the reason; success goes to `then` with `done`.
    """
    if form is not None and not form.is_valid():
        return _render_workspace(request, claim, **shown)
    try:
        change(form.cleaned_data if form is not None else None)
    except editing.VersionConflict as error:
        form.add_error(None, str(error))
        return _render_workspace(request, claim, status=409, **shown)
    except editing.EditRefused as error:
        return _refused(request, claim, error, refused_at)
    if done:
        messages.success(request, done)
    return redirect(then)


def _versioned(save, claim, user):
    """An editing call for a form that carries the version it was loaded from."""

    def change(data):
        data = dict(data)
        version = data.pop("version")
        save(claim, by=user, data=data, version=version)

    return change


@desk_required
@require_POST
def claim_edit(request, pk):
    claim = claim_or_404(pk)
    form = _claim_form(data=request.POST)
    change = _versioned(editing.update_claim, claim, request.user)
    shown = {"claim_form": form, "open_panel": "claim"}
    return _edit(
        request, claim, change, form=form, shown=shown, done=_("Claim saved."), then=_workspace_url(claim, "claim")
    )


@desk_required
@require_POST
def evidence_add(request, pk):
    claim = claim_or_404(pk)
    form = _evidence_form(data=request.POST)
    return _edit(
        request,
        claim,
        lambda data: editing.add_evidence(claim, by=request.user, **data),
        form=form,
        shown={"evidence_form": form, "open_panel": "evidence-new"},
        refused_at="evidence",
        done=_("Evidence link added."),
        then=_workspace_url(claim, "evidence"),
    )


def _evidence_or_404(claim, evidence_id):
    return get_object_or_404(Evidence.objects.select_related("claim"), pk=evidence_id, claim=claim)


@desk_required
@require_POST
def evidence_edit(request, pk, evidence_id):
    claim = claim_or_404(pk)
    item = _evidence_or_404(claim, evidence_id)
    form = _evidence_form(item, data=request.POST)
    return _edit(
        request,
        claim,
        lambda data: editing.update_evidence(item, by=request.user, data=data),
        form=form,
        shown={"evidence_edit_form": form, "edited_evidence_id": item.pk, "open_panel": f"evidence-{item.pk}"},
        refused_at="evidence",
        done=_("Evidence link saved."),
        then=_workspace_url(claim, f"evidence-{item.pk}"),
    )


@desk_required
@require_POST
def evidence_delete(request, pk, evidence_id):
    claim = claim_or_404(pk)
    item = _evidence_or_404(claim, evidence_id)
    return _edit(
        request,
        claim,
        lambda _data: editing.remove_evidence(item, by=request.user),
        refused_at="evidence",
        done=_("Evidence link removed: %(title)s") % {"title": item.title},
        then=_workspace_url(claim, "evidence"),
    )


@desk_required
@require_POST
def evidence_move(request, pk, evidence_id):
    claim = claim_or_404(pk)
    item = _evidence_or_404(claim, evidence_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        # Only a crafted post gets here (the page has two buttons), so no form to show again.
        return _refused(request, claim, _("Choose to move the link up or down."), "evidence")
    offset = form.cleaned_data["offset"]
    return _edit(
        request,
        claim,
        lambda _data: editing.move_evidence(item, by=request.user, offset=offset),
        refused_at="evidence",
        then=_workspace_url(claim, f"evidence-{item.pk}"),
    )


@desk_required
@require_POST
def verdict_save(request, pk):
    claim = claim_or_404(pk)
    form = _verdict_form(data=request.POST)
    if "preview" in request.POST:
        preview = render_markdown(request.POST.get("explanation", ""))
        return _render_workspace(request, claim, verdict_form=form, preview=preview, open_panel="verdict")
    return _edit(
        request,
        claim,
        _versioned(editing.save_verdict, claim, request.user),
        form=form,
        shown={"verdict_form": form, "open_panel": "verdict"},
        refused_at="verdict",
        done=_("Verdict draft saved."),
        then=_workspace_url(claim, "verdict"),
    )


@desk_required
@require_POST
def preview(request, pk):
    """The explanation rendered as the public will see it; desk.js fetches it into the page."""
    claim_or_404(pk)
    form = PreviewForm(request.POST)
    text = form.cleaned_data["explanation"] if form.is_valid() else ""
    return HttpResponse(render_markdown(text) or _("<p>Nothing to preview yet.</p>"))


@desk_required
@require_POST
def comment_add(request, pk):
    claim = claim_or_404(pk)
    form = comment_form(request.POST)
    return _edit(
        request,
        claim,
        lambda data: editing.add_comment(claim, by=request.user, body=data["body"]),
        form=form,
        shown={"comment_form": form, "open_panel": "comments"},
        refused_at="comments",
        done=_("Comment posted."),
        then=_back(request, _workspace_url(claim, "comments")),
    )


# Workflow steps -------------------------------------------------------------


def _save_and_submit(request, claim):
    """Submit with the verdict as typed on the page: the draft is saved, then submitted, in one transaction.

    Any refusal changes nothing and shows the workspace again with everything typed.
    """
    form = _verdict_form(data=request.POST)
    shown = {"verdict_form": form, "open_panel": "verdict"}
    if not form.is_valid():
        return _render_workspace(request, claim, status=400, **shown)
    try:
        _versioned(workflow.save_and_submit, claim, request.user)(form.cleaned_data)
    except (editing.EditRefused, workflow.TransitionError) as error:
        messages.error(request, str(error))
        status = 409 if isinstance(error, editing.VersionConflict) else 400
        return _render_workspace(request, claim, status=status, **shown)
    messages.success(request, done_message("submit", claim, request.user))
    return redirect(_workspace_url(claim))


@desk_required
@require_POST
def step(request, pk, name):
    """Take one workflow step; the workflow decides whether this person may, and says why not.

    The workspace's "Submit for review" posts the verdict form too, so what was typed is saved first.
    """
    claim = claim_or_404(pk)
    if name not in workflow.STEPS:
        raise Http404
    if name == "submit" and "version" in request.POST:
        return _save_and_submit(request, claim)
    chosen = workflow.STEPS[name]
    users = list(desk_users()) if name == "assign" else ()
    form = step_form(chosen, claim, users, data=request.POST)
    back = _back(request, _workspace_url(claim))
    context = {"claim": claim, "step": chosen, "form": form, "next": back}
    if not form.is_valid():
        return render(request, "desk/step.html", context, status=400)
    try:
        workflow.take_step(claim, name, by=request.user, **form.step_arguments())
    except workflow.TransitionError as error:
        messages.error(request, str(error))
        if chosen.needs_comment:
            # The reason typed is shown again rather than lost with a redirect.
            return render(request, "desk/step.html", context, status=400)
        return redirect(back)
    messages.success(request, done_message(name, claim, request.user))
    return redirect(back)
