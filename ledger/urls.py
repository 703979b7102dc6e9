"""Enterprise-scoped pages of this app, mounted under /e/<code>/."""

urlpatterns: list = []
