"""Intake pages, included under /desk/intake/ in the desk namespace."""

from django.urls import path

from claims.views import intake

urlpatterns = [
    path("", intake.intake, name="intake"),
    path("save/", intake.intake_save, name="intake_save"),
]
