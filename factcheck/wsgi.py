import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django_application = get_wsgi_application()

from claims.public.front_cache import CachedVerdictPages  # noqa: E402 - needs the settings loaded above

application = CachedVerdictPages(django_application)
