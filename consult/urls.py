from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from consult import auth_views as login_views
from consult import views
from consult.accounts import urls as account_urls
from consult.integrations import views as integration_views
from consult.outbox import views as outbox_views

enterprise_patterns = [
    path("", views.enterprise_home, name="enterprise_home"),
    path("leading-group/", views.leading_group, name="leading_group"),
    path("leading-group/edit/", views.leading_group_edit, name="leading_group_edit"),
    path("notice/", views.notice_current, name="notice_current"),
    path("notice/new/", views.notice_create, name="notice_create"),
    path("notice/<int:year>/", views.notice, name="notice"),
    path("notice/<int:year>/edit/", views.notice_edit, name="notice_edit"),
    path("channels/", views.channels_edit, name="channels_edit"),
    path("identity-access/", views.identity_access, name="identity_access"),
    *account_urls.enterprise_patterns,
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path(
        "notifications/channels/",
        outbox_views.preferences,
        name="notification_preferences",
    ),
    path("messaging/", outbox_views.messengers, name="messengers"),
    path("messaging/new/<slug:kind>/", outbox_views.messenger_edit, name="messenger_new"),
    path("messaging/<int:pk>/", outbox_views.messenger_edit, name="messenger_edit"),
    path("messaging/<int:pk>/test/", outbox_views.messenger_test, name="messenger_test"),
    path("integrations/", integration_views.tokens, name="integration_tokens"),
    path(
        "integrations/<int:pk>/revoke/",
        integration_views.token_revoke,
        name="integration_token_revoke",
    ),
    path("deliveries/", outbox_views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/retry/", outbox_views.delivery_retry, name="delivery_retry"),
    path("documents/<slug:document>.<str:fmt>", views.document, name="enterprise_document"),
    path("documents/<slug:document>/<int:pk>.<str:fmt>", views.document, name="document"),
    path("", include("consult.roster.urls")),
    path("", include("grievances.urls")),
    path("", include("meetings.urls")),
    path("", include("supervision.urls")),
    path("", include("surveys.urls")),
    path("", include("ledger.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("e/<slug:code>/", include(enterprise_patterns)),
    path("s/<slug:code>/", views.public_page, name="public_page"),
    path("workdays/", views.working_day_preview, name="workdays"),
    path("me/", views.my_data, name="my_data"),
    path("me/data.zip", views.my_data_download, name="my_data_download"),
    path("accounts/login/", login_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include(account_urls.urlpatterns)),
    path("api/v1/", include("grievances.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("grievances.public_urls")),
    path("", include("surveys.public_urls")),
]

# Our own 500 page, and 503 while the database cannot be reached (consult.errors).
handler500 = "consult.errors.server_error"
