from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from factcheck import health, throttle  # noqa: F401 - throttle connects its login signal
from factcheck.forms import AdminLoginForm, LoginForm
from factcheck.password_reset import QueuedPasswordResetView

admin.site.site_header = f"{settings.FACTCHECK_ORG_NAME} admin"
admin.site.site_title = settings.FACTCHECK_ORG_NAME
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path(settings.FACTCHECK_ADMIN_PATH, admin.site.urls),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/password_reset/", QueuedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("claims.desk.urls")),
    path("", include("claims.public.urls")),
]
