from django.urls import path

from wenming.welfare import children_views, relief_views, views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
    path("meal-points/", views.meal_points, name="meal_points"),
    path("meal-points/new/", views.meal_point_form, name="meal_point_new"),
    path("meal-points/coverage/", views.coverage, name="coverage"),
    path("meal-points/<int:pk>/", views.meal_point, name="meal_point"),
    path("meal-points/<int:pk>/edit/", views.meal_point_form, name="meal_point_edit"),
    path("safety/", views.safety, name="safety"),
    path("retrofits/", views.retrofits, name="retrofits"),
    path("relief/", relief_views.relief_list, name="relief"),
    path("relief/campaigns/", relief_views.campaigns, name="campaigns"),
    path("relief/<int:pk>/", relief_views.relief_detail, name="relief_detail"),
    path("relief/<int:pk>/photo/", relief_views.relief_photo, name="relief_photo"),
    path("children/", children_views.children_list, name="children"),
    path("children/<int:pk>/", children_views.child, name="child"),
    path("import/<slug:what>/", views.import_sheet, name="import"),
    path("export/<slug:what>/", views.export_sheet, name="export"),
]
