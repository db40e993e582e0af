from django.urls import path

from claims.desk import inbox, intake
from claims.desk import views as desk

app_name = "desk"
urlpatterns = [
    path("", desk.queue, name="queue"),
    path("claims/<int:pk>/", desk.claim, name="claim"),
    path("claims/<int:pk>/edit/", desk.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/evidence/add/", desk.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/evidence/<int:evidence_id>/edit/", desk.evidence_edit, name="evidence_edit"),
    path("claims/<int:pk>/evidence/<int:evidence_id>/delete/", desk.evidence_delete, name="evidence_delete"),
    path("claims/<int:pk>/evidence/<int:evidence_id>/move/", desk.evidence_move, name="evidence_move"),
    path("claims/<int:pk>/verdict/", desk.verdict_save, name="verdict"),
    path("claims/<int:pk>/preview/", desk.preview, name="preview"),
    path("claims/<int:pk>/comment/", desk.comment_add, name="comment"),
    path("claims/<int:pk>/step/<slug:name>/", desk.step, name="step"),
    path("review/", desk.review_queue, name="review_queue"),
    path("review/<int:pk>/", desk.review, name="review"),
    path("triage/", desk.triage, name="triage"),
    path("dashboard/", desk.dashboard, name="dashboard"),
    path("intake/", intake.intake, name="intake"),
    path("intake/save/", intake.intake_save, name="intake_save"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/accept/", inbox.accept, name="inbox_accept"),
    path("inbox/<int:pk>/decline/", inbox.decline, name="inbox_decline"),
]
