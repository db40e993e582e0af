from django.urls import path

from claims.views import desk

app_name = "desk"
urlpatterns = [
    path("", desk.queue, name="queue"),
    path("claims/<int:pk>/", desk.claim, name="claim"),
]
