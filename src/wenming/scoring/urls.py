from django.urls import path

from wenming.scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/ranking.xlsx", views.assessment_export, name="assessment_export"),
    path("assessments/<int:pk>/dashboard.json", views.dashboard_data, name="dashboard_data"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/approve/", views.bulletin_approve, name="bulletin_approve"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/<str:fmt>/", views.bulletin_download, name="bulletin_download"),
]
