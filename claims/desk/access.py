"""Who may open a desk page: one guard per role, put on every desk view.

Anonymous people are sent to the login page; people signed in without the
role get 403. The workflow and editing layers check again for each action:
these guards only keep outsiders off the desk's pages.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from claims.roles import has_desk_access, is_editor


def _guard(allowed):
    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorator


desk_required = _guard(has_desk_access)
editor_required = _guard(is_editor)
