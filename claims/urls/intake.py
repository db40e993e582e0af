"""Intake pages, included under /desk/intake/ in the desk namespace."""

urlpatterns = []
