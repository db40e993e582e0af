"""The desk's intake page: give a piece, see its ranked candidate claims, keep some.

Two steps and nothing stored in between: the first POST reads and ranks the
piece and renders the candidates with the parsed piece signed into the page;
the second stores the ticked candidates, as edited, in one transaction.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from claims.desk.access import desk_required
from claims.desk.intake_forms import (
    MAX_CANDIDATES_SHOWN,
    CandidateFormSet,
    PayloadForm,
    PieceTitleForm,
    SourceForm,
)
from claims.intake import payload, pipeline
from claims.intake.errors import IntakeError
from claims.roles import is_editor

FORMSET_PREFIX = "candidate"


@desk_required
def intake(request):
    if request.method != "POST":
        return render(request, "desk/intake.html", {"form": SourceForm()})
    form = SourceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = pipeline.rank_piece(
                text=data["text"],
                upload=data["file"],
                address=data["source_url"],
                title=data["title"],
                url=data["url"],
                publisher=data["publisher"],
                published_on=data["published_on"],
                min_score=data["min_score"],
            )
        except IntakeError as error:
            form.add_error(None, str(error))
        else:
            result.not_shown = max(0, len(result.candidates) - MAX_CANDIDATES_SHOWN)
            result.candidates = result.candidates[:MAX_CANDIDATES_SHOWN]
            initial = [{"rank": c.rank, "statement": c.statement, "claimant": c.claimant} for c in result.candidates]
            formset = CandidateFormSet(initial=initial, prefix=FORMSET_PREFIX)
            title_form = PieceTitleForm(initial={"title": result.piece.title})
            return _candidates_page(request, result, payload.sign(result), formset, title_form)
    return render(request, "desk/intake.html", {"form": form}, status=400)


@desk_required
@require_POST
def intake_save(request):
    payload_form = PayloadForm(request.POST)
    if not payload_form.is_valid():
        messages.error(request, " ".join(payload_form.errors["payload"]))
        return redirect("desk:intake")
    result = payload_form.cleaned_data["payload"]
    formset = CandidateFormSet(request.POST, prefix=FORMSET_PREFIX)
    title_form = PieceTitleForm(request.POST)
    error = ""
    if formset.is_valid() and title_form.is_valid():
        result.piece.title = title_form.cleaned_data["title"]
        kept = {
            form.cleaned_data["rank"]: form.cleaned_data
            for form in formset
            if form.cleaned_data.get("keep") and form.cleaned_data.get("rank")
        }
        try:
            piece = pipeline.store_kept(result, kept, by=request.user)
        except IntakeError as refusal:
            error = str(refusal)
        else:
            message = ngettext(
                "Stored “%(title)s” with %(count)d new claim.",
                "Stored “%(title)s” with %(count)d new claims.",
                len(kept),
            )
            messages.success(request, message % {"title": piece.title, "count": len(kept)})
            return redirect(_after_saving(request.user, piece))
    signed = payload_form.data["payload"]
    return _candidates_page(request, result, signed, formset, title_form, error=error, status=400)


def _candidates_page(request, result, signed, formset, title_form, *, error="", status=200):
    context = {
        "piece": result.piece,
        "rows": list(zip(result.candidates, formset.forms, strict=False)),
        "formset": formset,
        "title_form": title_form,
        "signed_payload": signed,
        "sentence_count": result.sentence_count,
        "not_shown": result.not_shown,
        "earlier_pieces": list(pipeline.pieces_with_url(result.piece.url)[:3]),
        "error": error,
    }
    return render(request, "desk/intake_candidates.html", context, status=status)


def _after_saving(user, piece):
    """The new claims, where this person works on them: the editor's triage or the checker's queue."""
    page = "desk:triage" if is_editor(user) else "desk:queue"
    return reverse(page) + "?" + urlencode({"q": piece.title})
