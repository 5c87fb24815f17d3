from django.urls import path

from wenming.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/map/", views.site_map, name="site_map"),
    path("sites/import/", views.site_import, name="site_import"),
    path("sites/export/", views.site_export, name="site_export"),
    path("sites/new/", views.site_edit, name="site_create"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<int:pk>/finish/", views.round_finish, name="round_finish"),
    path("rounds/<int:pk>/visit/", views.visit_sites, name="visit_sites"),
    path("rounds/<int:pk>/visit/<int:site_pk>/", views.visit_form, name="visit_form"),
    path("visits/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
]
