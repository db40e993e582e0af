"""Readers' messages in the desk: editors triage suggestions and correction requests.

Editors read the inbox and act on it. Each action is a POST-only URL
that calls one of the functions below, which lock the message so two editors
cannot handle it twice.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import editing
from claims.desk.access import editor_required
from claims.desk.forms import AcceptSuggestionForm
from claims.inbox import AlreadyHandled, accept_suggestion, close
from claims.models import ReaderMessage
from claims.roles import is_editor

PAGE_SIZE = 25
Kind = ReaderMessage.Kind
State = ReaderMessage.State


def _suggested_statement(message):
    return " ".join(message.text.split())[:500]


@editor_required  # readers' names and email addresses: editors only (README, "The desk")
def inbox(request):
    state = request.GET.get("state", State.OPEN)
    if state not in State.values:
        state = State.OPEN
    kind = request.GET.get("kind", "")
    rows = ReaderMessage.objects.filter(state=state).select_related("claim", "handled_by")
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    page = Paginator(rows.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for message in page:
        if message.kind == Kind.SUGGESTION and message.state == State.OPEN:
            message.accept_form = AcceptSuggestionForm(
                prefix=f"m{message.pk}", initial={"statement": _suggested_statement(message)}
            )
    counts = {value: ReaderMessage.objects.filter(state=value).count() for value in State.values}
    context = {
        "page": page,
        "state": state,
        "kind": kind if kind in Kind.values else "",
        "states": [(value, label, counts[value]) for value, label in State.choices],
        "kinds": Kind.choices,
        "can_act": is_editor(request.user),
    }
    return render(request, "desk/inbox.html", context)


def _back_to_inbox():
    return redirect(reverse("desk:inbox"))


@editor_required
@require_POST
def accept(request, pk):
    message = get_object_or_404(ReaderMessage, pk=pk)
    try:
        if message.kind == Kind.SUGGESTION:
            form = AcceptSuggestionForm(request.POST, prefix=f"m{message.pk}")
            if not form.is_valid():
                messages.error(request, _("Write the statement to check in one sentence (up to 500 characters)."))
                return _back_to_inbox()
            claim = accept_suggestion(message, by=request.user, **form.cleaned_data)
            messages.success(request, _("The suggestion is now a new claim in the desk."))
            return redirect("desk:claim", claim.pk)
        close(message, by=request.user, state=State.ACCEPTED)
    except (AlreadyHandled, editing.EditRefused) as refusal:
        messages.error(request, str(refusal))
        return _back_to_inbox()
    messages.success(request, _("Correction request accepted. Reopen the verdict from its desk page to correct it."))
    return redirect("desk:claim", message.claim_id) if message.claim_id else _back_to_inbox()


@editor_required
@require_POST
def decline(request, pk):
    message = get_object_or_404(ReaderMessage, pk=pk)
    try:
        close(message, by=request.user, state=State.DECLINED)
    except AlreadyHandled as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Message declined."))
    return _back_to_inbox()
