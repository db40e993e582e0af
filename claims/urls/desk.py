from django.urls import include, path

from claims.views import desk

app_name = "desk"
urlpatterns = [
    path("", desk.queue, name="queue"),
    path("claims/<int:pk>/", desk.claim, name="claim"),
    path("intake/", include("claims.urls.intake")),
    path("inbox/", include("claims.urls.inbox")),
]
