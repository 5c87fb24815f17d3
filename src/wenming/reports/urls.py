from django.urls import path

from wenming.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
]
