"""Login lockouts (django-axes) that one account's success cannot lift for another, and their page.

django-axes counts failed logins twice: per user name and per client address
(AXES_LOCKOUT_PARAMETERS); either count at AXES_FAILURE_LIMIT within
AXES_COOLOFF_HOURS locks out. Its own reset on success would erase every
failure from the address, so it is off, and a success clears only the
failures at that very account from that address.
"""

from datetime import timedelta

from axes.helpers import get_client_parameters, get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from factcheck.middleware import client_ip


@receiver(user_logged_in, dispatch_uid="factcheck.clear_own_failures")
def clear_own_failures(sender, request=None, user=None, **kwargs):
    if request is None or user is None:
        return
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    AccessAttempt.objects.filter(username=user.get_username(), ip_address=address).delete()


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE), with the time logging in opens again."""
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "locked_until": locked_until(request, credentials),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def locked_until(request, credentials=None):
    """When every count at the limit has fallen below it: its oldest failures age out one row at a time."""
    cool_off = get_cool_off(request) or timedelta(0)
    limit = get_failure_limit(request, credentials)
    since = timezone.now() - cool_off
    username = get_client_username(request, credentials)
    ends = []
    for filters in get_client_parameters(username, request.axes_ip_address, request.axes_user_agent, request):
        rows = list(AccessAttempt.objects.filter(attempt_time__gte=since, **filters).order_by("attempt_time"))
        remaining = sum(row.failures_since_start for row in rows)
        for row in rows:
            if remaining < limit:
                break
            remaining -= row.failures_since_start
            ends.append(row.attempt_time + cool_off)
    return max(ends, default=timezone.now())
