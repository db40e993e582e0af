"""The desk: fact-checkers' and editors' pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from claims.models import Claim
from claims.roles import has_desk_access


@login_required
def queue(request):
    if not has_desk_access(request.user):
        raise PermissionDenied
    return redirect("admin:claims_claim_changelist")


@login_required
def claim(request, pk):
    if not has_desk_access(request.user):
        raise PermissionDenied
    claim = get_object_or_404(Claim, pk=pk)
    return redirect("admin:claims_claim_change", claim.pk)
