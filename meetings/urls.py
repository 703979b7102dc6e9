"""Enterprise-scoped pages of this app, mounted under /e/<code>/."""

from django.urls import path

from meetings import views

m = "meetings/<int:pk>/"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path(m, views.meeting_detail, name="meeting_detail"),
    path(m + "edit/", views.meeting_edit, name="meeting_edit"),
    path(m + "agenda/add/", views.agenda_add, name="meeting_agenda_add"),
    path(m + "agenda/remove/", views.agenda_remove, name="meeting_agenda_remove"),
    path(m + "agenda/move/", views.agenda_move, name="meeting_agenda_move"),
    path(m + "agenda/own/", views.rhythm_agenda, name="meeting_rhythm_agenda"),
    path(m + "participants/propose/", views.participants_propose, name="meeting_propose"),
    path(m + "participants/add/", views.participant_add, name="meeting_participant_add"),
    path(
        m + "participants/<int:participant>/remove/",
        views.participant_remove,
        name="meeting_participant_remove",
    ),
    path(
        m + "participants/<int:participant>/leave/",
        views.leave_decide,
        name="meeting_leave_decide",
    ),
    path(
        m + "participants/<int:participant>/sign-in/",
        views.sign_in_tick,
        name="meeting_sign_in_tick",
    ),
    path(m + "sign-in/<str:token>/", views.sign_in_self, name="meeting_sign_in_self"),
    path(m + "notice/submit/", views.notice_submit, name="meeting_notice_submit"),
    path(m + "notice/approve/", views.notice_approve, name="meeting_notice_approve"),
    path(m + "notice/return/", views.notice_return, name="meeting_notice_return"),
    path(m + "rsvp/", views.rsvp, name="meeting_rsvp"),
    path(m + "held/", views.mark_held, name="meeting_mark_held"),
    path(m + "script/", views.script_edit, name="meeting_script"),
    path(m + "minutes/", views.minutes_edit, name="meeting_minutes"),
    path(m + "minutes/finalise/", views.minutes_finalise, name="meeting_minutes_finalise"),
    path(m + "archive.zip", views.archive, name="meeting_archive"),
]
