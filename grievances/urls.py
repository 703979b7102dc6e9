"""Enterprise-scoped pages of this app, mounted under /e/<code>/."""

from django.urls import path

from grievances import views

urlpatterns = [
    path("grievances/", views.grievance_mine, name="grievance_mine"),
    path("grievances/new/", views.grievance_submit, name="grievance_submit"),
    path("grievances/all/", views.grievance_list, name="grievance_list"),
    path("grievances/register/", views.grievance_register, name="grievance_register"),
    path("grievances/queue/department/", views.department_queue_view, name="department_queue"),
    path("grievances/queue/approval/", views.approval_queue_view, name="approval_queue"),
    path("grievances/<int:pk>/", views.grievance_detail, name="grievance_detail"),
    path("grievances/<int:pk>/verify/", views.grievance_verify, name="grievance_verify"),
    path("grievances/<int:pk>/classify/", views.grievance_classify, name="grievance_classify"),
    path("grievances/<int:pk>/opinion/", views.grievance_opinion, name="grievance_opinion"),
    path("grievances/<int:pk>/approval/", views.grievance_approval, name="grievance_approval"),
    path("grievances/<int:pk>/answer/", views.grievance_answer, name="grievance_answer"),
    path(
        "grievances/<int:pk>/union-decision/",
        views.grievance_union_decision,
        name="grievance_union_decision",
    ),
    path("grievances/<int:pk>/withdraw/", views.grievance_withdraw, name="grievance_withdraw"),
    path(
        "grievances/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="grievance_attachment",
    ),
    path(
        "grievances/<int:pk>/attachments/<int:attachment_pk>/clear/",
        views.attachment_clear,
        name="grievance_attachment_clear",
    ),
    path(
        "grievances/<int:pk>/identifying-text/",
        views.grievance_identifying_text,
        name="grievance_identifying_text",
    ),
    path("privacy/", views.personal_data, name="personal_data"),
    path("privacy/erase/", views.erase_request, name="erase_request"),
    path("privacy/identity-views/", views.identity_views_page, name="identity_views"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<int:pk>/", views.topic_edit, name="topic_edit"),
    path("registers/", views.register_list, name="register_list"),
    path("registers/new/", views.register_create, name="register_create"),
    path("registers/<int:pk>/", views.register_detail, name="register_detail"),
    path("registers/<int:pk>/hand-up/", views.register_hand_up, name="register_hand_up"),
    path("registers/<int:pk>/convert/", views.register_convert, name="register_convert"),
]
