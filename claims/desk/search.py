"""The desk-wide search for editors: every claim in every status, by its statement, claimant, piece or headline.

The queue searches one person's claims; an editor looking for "that verdict on school funding" needs all of
them, with the state each is in. Results come newest first, a page at a time, and are never counted in
full: a common word matches tens of thousands of claims on a large desk (bench/RESULTS.md).
"""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from claims.desk.access import editor_required
from claims.models import Claim, Piece, Verdict
from claims.paging import page_number

QUERY_LENGTH = 200  # longer searches are cut, as the public search cuts them
PAGE_SIZE = 25
LAST_PAGE = 1000


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the desk"), required=False)
    piece = forms.ModelChoiceField(queryset=Piece.objects.all(), required=False, widget=forms.HiddenInput)

    def clean_q(self):
        return self.cleaned_data["q"][:QUERY_LENGTH].strip()


def matching(query: str, piece=None):
    """Claims whose statement, claimant, piece title or any revision's headline contains `query`, newest first."""
    claims = Claim.objects.select_related("piece", "assignee").with_work_state()
    if query:
        headlines = Verdict.objects.filter(claim=OuterRef("pk"), headline__icontains=query)
        claims = claims.filter(
            Q(statement__icontains=query)
            | Q(claimant__icontains=query)
            | Q(piece__title__icontains=query)
            | Exists(headlines)
        )
    if piece is not None:
        claims = claims.filter(piece=piece)
    # Newest first walks the created-at index and stops after a page of matches.
    return claims.order_by("-created_at", "-id")


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@editor_required
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "piece": None, "results": None}
    if form.is_valid():
        query, piece = form.cleaned_data["q"], form.cleaned_data["piece"]
        number = page_number(request, last=LAST_PAGE)
        context.update(query=query, piece=piece)
        if query or piece:
            first = (number - 1) * PAGE_SIZE
            rows = list(matching(query, piece)[first : first + PAGE_SIZE + 1])  # one more: is there a next page?
            context.update(
                results=rows[:PAGE_SIZE],
                number=number,
                previous_url=_page_url(request, number - 1) if number > 1 else "",
                next_url=_page_url(request, number + 1) if len(rows) > PAGE_SIZE and number < LAST_PAGE else "",
            )
    return render(request, "desk/search.html", context, status=400 if form.errors else 200)
