"""Pages anyone can reach without logging in: the anonymous requester's answer from /track/."""

from django.urls import path

from surveys import public_views

urlpatterns = [
    path("track/survey/", public_views.survey_track_answer, name="survey_track_answer"),
]
