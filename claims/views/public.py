"""Public pages. Every view starts from `Claim.objects.published()`."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Piece, Rating


def home(request):
    claims = Claim.objects.published().order_by("-first_published_at", "-id")
    page = Paginator(claims, 20).get_page(request.GET.get("page"))
    return render(request, "public/home.html", {"page": page})


def verdict(request, slug):
    claim = get_object_or_404(Claim.objects.published(), slug=slug)
    return render(request, "public/verdict.html", {"claim": claim, "verdict": claim.published_verdict})


def piece(request, slug):
    piece = get_object_or_404(Piece.objects.filter(claims__in=Claim.objects.published()).distinct(), slug=slug)
    return render(request, "public/piece.html", {"piece": piece})


def by_rating(request, slug):
    rating = get_object_or_404(Rating, slug=slug)
    claims = Claim.objects.published().filter(published_verdict__rating=rating).order_by("-first_published_at")
    page = Paginator(claims, 20).get_page(request.GET.get("page"))
    return render(request, "public/home.html", {"page": page, "rating": rating})
