"""Pages without login (anonymous intake follow-up at /track/), mounted at the site root."""

urlpatterns: list = []
