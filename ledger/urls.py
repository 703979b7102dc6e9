"""Enterprise-scoped pages of this app, mounted under /e/<code>/."""

from django.urls import path

from ledger import assessment_views, views
from ledger.history import views as history_views

urlpatterns = [
    path("ledger/", views.work_ledger, name="ledger_home"),
    path("ledger/preference/", views.preference, name="ledger_preference"),
    path("ledger/summary/", views.category_summary, name="ledger_summary"),
    path("ledger/archive.zip", views.archive_zip, name="ledger_archive"),
    path("ledger/dashboard/", views.dashboard, name="ledger_dashboard"),
    path("ledger/download/<slug:document>.<str:fmt>", views.download, name="ledger_download"),
    path("ledger/assessment/", assessment_views.assessment, name="ledger_assessment"),
    path("ledger/assessment.xlsx", assessment_views.assessment_xlsx, name="ledger_assessment_xlsx"),
    path("ledger/history/", history_views.history_upload, name="history_upload"),
    path("ledger/history/template.xlsx", history_views.history_template, name="history_template"),
    path("ledger/history/<int:pk>/", history_views.history_preview, name="history_preview"),
    path("ledger/history/<int:pk>/confirm/", history_views.history_confirm, name="history_confirm"),
    path(
        "ledger/history/<int:pk>/refused.xlsx",
        history_views.history_refused,
        name="history_refused",
    ),
]
