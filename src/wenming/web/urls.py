from django.urls import path

from wenming.web import maps, views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map/clusters.json", maps.clusters, name="map_clusters"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("organisation/import/", views.organisation_import, name="organisation_import"),
    path("organisation/export/", views.organisation_export, name="organisation_export"),
    path("search/", views.search, name="search"),
    path("help/", views.help_page, name="help_index"),
    path("help/<slug:slug>/", views.help_page, name="help"),
    path("documents/", views.documents, name="documents"),
]
