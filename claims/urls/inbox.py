"""Readers' messages in the desk, included under /desk/inbox/ in the desk namespace."""

urlpatterns = []
