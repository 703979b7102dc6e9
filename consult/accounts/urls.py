from django.urls import path

from consult.accounts import federation_views, views

# Under /e/<code>/ (consult.urls): the union office's pages of the enterprise's people.
enterprise_patterns = [
    path("people/roles/", views.roles, name="roles"),
    path("people/slips/", views.slips, name="slips"),
    path("people/<int:pk>/new-slip/", views.slip_reissue, name="slip_reissue"),
]

urlpatterns = [
    path("accounts/activate/", views.activate, name="activate"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("federation/<int:pk>/", federation_views.federation_home, name="federation_home"),
    path(
        "federation/<int:pk>/enterprises/new/",
        federation_views.enterprise_create,
        name="federation_enterprise_create",
    ),
    path(
        "federation/<int:pk>/enterprises/<slug:code>/chair-slip/",
        federation_views.chair_slip,
        name="federation_chair_slip",
    ),
    path(
        "federation/<int:pk>/chair-slip.pdf",
        federation_views.chair_slip_pdf,
        name="federation_chair_slip_pdf",
    ),
]
