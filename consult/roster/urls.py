from django.urls import path

from consult.roster import views

urlpatterns = [
    path("roster/", views.roster_upload, name="roster_upload"),
    path("roster/template.xlsx", views.roster_template, name="roster_template"),
    path("roster/imports/", views.roster_history, name="roster_history"),
    path("roster/<int:pk>/", views.roster_preview, name="roster_preview"),
    path("roster/<int:pk>/confirm/", views.roster_confirm, name="roster_confirm"),
    path("roster/<int:pk>/refused.xlsx", views.roster_refused, name="roster_refused"),
]
