"""Enterprise-scoped pages of this app, mounted under /e/<code>/."""

from django.urls import path

from surveys import public_views, views

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/figures/", views.survey_figures, name="survey_figures"),
    path("surveys/figures.svg", views.survey_chart, name="survey_chart"),
    path("surveys/<int:pk>/", views.survey_round, name="survey_round"),
    path("surveys/<int:pk>/answer/", public_views.survey_answer, name="survey_answer"),
    path("surveys/<int:pk>/record/", views.survey_record, name="survey_record"),
    path("surveys/<int:pk>/respondents/", views.survey_add_respondent, name="survey_respondent"),
    path("surveys/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("surveys/<int:pk>/sign/", views.survey_sign, name="survey_sign"),
    path("surveys/<int:pk>/review/", views.survey_review, name="survey_review"),
    path("surveys/<int:pk>/remedy/", views.survey_remedy, name="survey_remedy"),
]
