from django.conf import settings

from claims.roles import has_desk_access, is_editor


def site(request):
    user = getattr(request, "user", None)
    return {
        "org_name": settings.FACTCHECK_ORG_NAME,
        "site_url": settings.FACTCHECK_SITE_URL,
        "desk_access": bool(user and has_desk_access(user)),
        "is_editor": bool(user and is_editor(user)),
    }
