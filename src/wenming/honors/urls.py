from django.urls import path

from wenming.honors import views

app_name = "honors"

urlpatterns = [
    path("", views.index, name="index"),
    path("nominate/", views.nominate, name="nominate"),
    path("waiting/", views.waiting, name="waiting"),
    path("assistance/pending/", views.grants_pending, name="grants_pending"),
    path("registry/", views.registry, name="registry"),
    path("people/<int:pk>/", views.person, name="person"),
    path("files/<int:pk>/", views.file, name="file"),
    path("titles/", views.title_list, name="titles"),
    path("titles/<int:pk>/", views.title_detail, name="title"),
    path("assistance/", views.assistance_page, name="assistance"),
    path("assistance/<str:op>/", views.assistance_act, name="assistance_act"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
