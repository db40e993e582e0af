"""The public site's other pages: transparency pages, the corrections log, readers' forms, the partners'
DataFeed and the rating badges' stylesheet. Each is served from the page cache except the forms.
"""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from claims import workflow
from claims.models import Claim, Rating, ReviewEvent, Verdict
from claims.public import cache as public_cache
from claims.public import jsonld, ratelimit
from claims.public.forms import CorrectionRequestForm, SuggestionForm
from claims.public.lists import ratings_with_counts
from claims.public.pagination import BoundedPaginator, latest_first, page_number, rows_to_read

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FEED_ITEMS = 1000  # newest verdicts in the partners' DataFeed


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


def withdrawn_on(when) -> str:
    return _("We withdrew this fact check on %(date)s.") % {"date": date_format(localtime(when), "j F Y")}


def correction_entries(limit):
    """The newest `limit` published corrections and withdrawals, newest first."""
    corrections = (
        Verdict.objects.filter(state=Verdict.State.APPROVED, claim__first_published_at__isnull=False)
        .exclude(public_note="")
        .select_related("claim", "rating")
        .order_by("-approved_at", "-id")[:limit]
    )
    withdrawals = list(
        ReviewEvent.objects.filter(step="withdraw")
        .select_related("claim__published_verdict")
        .order_by("-created_at", "-id")[:limit]
    )
    worded = workflow.approved_notices(withdrawals)
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
            # Until editors approve the withdrawal's own words, readers get the fixed sentence.
            "note": e.comment if e.pk in worded else withdrawn_on(e.created_at),
        }
        for e in withdrawals
    ]
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)[:limit]


def corrections_log(request):
    def render_page():
        number = page_number(request)
        entries = correction_entries(rows_to_read(number))
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
