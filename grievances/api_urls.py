"""The API (issue 22), mounted at /api/v1/ by consult.urls."""

from django.urls import path

from grievances.api import api

urlpatterns = [path("", api.urls)]
