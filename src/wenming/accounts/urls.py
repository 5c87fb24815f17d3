from django.urls import path

from wenming.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("password/", views.password_change, name="password_change"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/disable/", views.otp_disable, name="otp_disable"),
    path("manage/", views.manage_accounts, name="manage"),
    path("manage/<int:pk>/<slug:action>/", views.manage_action, name="manage_action"),
    path("audit/", views.audit_log, name="audit_log"),
]
