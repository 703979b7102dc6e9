"""Enterprise-scoped pages of this app, mounted under /e/<code>/."""

from django.urls import path

from supervision import bulletin_views, views

urlpatterns = [
    path("supervision/", views.supervision_queue, name="supervision_queue"),
    path("supervision/tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("supervision/tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("supervision/tasks/<int:pk>/report/", views.task_report, name="task_report"),
    path("supervision/tasks/<int:pk>/visit/", views.task_visit, name="task_visit"),
    path(
        "supervision/tasks/<int:pk>/visits-required/",
        views.task_require_visits,
        name="task_require_visits",
    ),
    path("supervision/tasks/<int:pk>/tell/", views.task_tell, name="task_tell"),
    path("supervision/tasks/<int:pk>/escalate/", views.task_escalate, name="task_escalate"),
    path("supervision/escalations/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path(
        "supervision/escalations/<int:pk>/hand-up/",
        views.escalation_hand_up,
        name="escalation_hand_up",
    ),
    path(
        "supervision/escalations/<int:pk>/answer/",
        views.escalation_answer,
        name="escalation_answer",
    ),
    path("supervision/bulletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("supervision/bulletins/new/", bulletin_views.bulletin_create, name="bulletin_create"),
    path("supervision/bulletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin_detail"),
    path(
        "supervision/bulletins/<int:pk>/edit/", bulletin_views.bulletin_edit, name="bulletin_edit"
    ),
    path(
        "supervision/bulletins/<int:pk>/issue/",
        bulletin_views.bulletin_issue,
        name="bulletin_issue",
    ),
    path("supervision/notice/", views.supervision_notice, name="supervision_notice"),
]
