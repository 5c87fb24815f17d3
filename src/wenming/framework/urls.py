from django.urls import path

from wenming.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.framework_list, name="index"),
    path("import/", views.framework_import, name="import"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("<int:pk>/activate/", views.framework_activate, name="activate"),
    path("<int:pk>/new-version/", views.framework_new_version, name="new_version"),
    path("<int:pk>/export/", views.framework_export, name="export"),
    path("metrics/", views.metric_values, name="metric_values"),
    path("metrics/feeds/", views.metric_feed_save, name="metric_feed_save"),
    path("metrics/feeds/<int:pk>/stop/", views.metric_feed_stop, name="metric_feed_stop"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/export/", views.task_export, name="task_export"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/decompose/", views.task_decompose, name="task_decompose"),
]
