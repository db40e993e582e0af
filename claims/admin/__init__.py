"""The admin: every model, with the workflow steps as buttons and bulk actions.

Importing the package registers every admin (Django's autodiscover imports `claims.admin`).
"""

from django.contrib import admin

from claims.admin import authorship, claims, jobs, mail  # noqa: F401 - importing registers the admins
from claims.admin.filters import BoundedDatesMixin


def _bound_every_date_drill_down(site):
    """Lists registered elsewhere (the mail queue, django-axes' login records) refuse impossible dates too.

    django-axes is listed before claims in INSTALLED_APPS, so its admins are registered by now.
    """
    for model, model_admin in list(site._registry.items()):
        if model_admin.date_hierarchy and not isinstance(model_admin, BoundedDatesMixin):
            bounded = type(type(model_admin).__name__, (BoundedDatesMixin, type(model_admin)), {})
            site.unregister(model)
            site.register(model, bounded)


_bound_every_date_drill_down(admin.site)
