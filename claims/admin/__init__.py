"""The admin: every model, with the workflow steps as buttons and bulk actions.

Importing the package registers every admin (Django's autodiscover imports `claims.admin`).
"""

from claims.admin import claims, mail  # noqa: F401 - importing registers the admins
