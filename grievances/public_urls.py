"""Pages without login (anonymous intake and follow-up at /track/), mounted at the site root."""

from django.urls import path

from grievances import public_views

urlpatterns = [
    path("s/<slug:code>/submit/", public_views.public_submit, name="public_submit"),
    path("track/", public_views.track, name="track"),
    path("track/receipt.pdf", public_views.receipt_pdf, name="receipt_pdf"),
]
