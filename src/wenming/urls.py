from django.contrib import admin
from django.urls import include, path

from wenming.accounts import views as account_views
from wenming.api.api import api

urlpatterns = [
    path("login/", account_views.login_view, name="login"),
    path("logout/", account_views.logout_view, name="logout"),
    path("account/", include("wenming.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("inspections/", include("wenming.inspections.urls")),
    path("cases/", include("wenming.cases.urls")),
    path("materials/", include("wenming.materials.urls")),
    path("surveys/", include("wenming.surveys.urls")),
    path("public/", include("wenming.public.urls")),
    path("participation/", include("wenming.participation.urls")),
    path("open311/", include("wenming.public.open311_urls")),
    path("framework/", include("wenming.framework.urls")),
    path("scoring/", include("wenming.scoring.urls")),
    path("honors/", include("wenming.honors.urls")),
    path("community/", include("wenming.community.urls")),
    path("messages/", include("wenming.notifications.urls")),
    path("welfare/", include("wenming.welfare.urls")),
    path("reports/", include("wenming.reports.urls")),
    path("volunteers/", include("wenming.volunteers.urls")),
    path("", include("wenming.web.urls")),
]
# Nothing under MEDIA_ROOT is served by its path: every stored file goes through a view that
# checks the owner's scope first (wenming.media).

handler500 = "wenming.web.views.server_error"
