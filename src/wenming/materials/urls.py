from django.urls import path

from wenming.materials import views

app_name = "materials"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("review/", views.queue, name="queue"),
    path("stats/", views.stats, name="stats"),
    path("stats/export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/act/", views.act, name="act"),
    path("files/<int:pk>/", views.download, name="download"),
    path("files/<int:pk>/remove/", views.remove_file, name="remove_file"),
]
