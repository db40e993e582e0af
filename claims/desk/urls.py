from django.urls import path

from claims.desk import inbox, intake, search, views, workspace

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),  # editors start at the review queue, fact-checkers at their queue
    path("mine/", views.queue, name="queue"),
    path("search/", search.search, name="search"),
    path("claims/<int:pk>/", workspace.claim, name="claim"),
    path("claims/<int:pk>/edit/", workspace.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/evidence/add/", workspace.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/evidence/<int:evidence_id>/edit/", workspace.evidence_edit, name="evidence_edit"),
    path("claims/<int:pk>/evidence/<int:evidence_id>/delete/", workspace.evidence_delete, name="evidence_delete"),
    path("claims/<int:pk>/evidence/<int:evidence_id>/move/", workspace.evidence_move, name="evidence_move"),
    path("claims/<int:pk>/verdict/", workspace.verdict_save, name="verdict"),
    path("claims/<int:pk>/preview/", workspace.preview, name="preview"),
    path("claims/<int:pk>/comment/", workspace.comment_add, name="comment"),
    path("claims/<int:pk>/step/<slug:name>/", workspace.step, name="step"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("triage/", views.triage, name="triage"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("intake/", intake.intake, name="intake"),
    path("intake/save/", intake.intake_save, name="intake_save"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/accept/", inbox.accept, name="inbox_accept"),
    path("inbox/<int:pk>/decline/", inbox.decline, name="inbox_decline"),
]
