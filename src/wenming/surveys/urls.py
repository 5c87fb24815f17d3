from django.urls import path

from wenming.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/questions/", views.add_question, name="add_question"),
    path(
        "<int:pk>/questions/<int:question_id>/delete/",
        views.delete_question,
        name="delete_question",
    ),
    path("<int:pk>/status/", views.change_status, name="change_status"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/export/", views.export, name="export"),
]
