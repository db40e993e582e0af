"""Readers' messages in the desk, included under /desk/inbox/ in the desk namespace."""

from django.urls import path

from claims.views import inbox

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("<int:pk>/accept/", inbox.accept, name="inbox_accept"),
    path("<int:pk>/decline/", inbox.decline, name="inbox_decline"),
]
