from django.urls import path

from wenming.honors.views import assistance, nominations, titles

app_name = "honors"

urlpatterns = [
    path("", nominations.index, name="index"),
    path("nominate/", nominations.nominate, name="nominate"),
    path("waiting/", nominations.waiting, name="waiting"),
    path("registry/", nominations.registry, name="registry"),
    path("people/<int:pk>/", nominations.person, name="person"),
    path("files/<int:pk>/", nominations.file, name="file"),
    path("titles/", titles.title_list, name="titles"),
    path("titles/<int:pk>/", titles.title_detail, name="title"),
    path("titles/import/", titles.titles_import, name="titles_import"),
    path("titles/export/", titles.titles_export, name="titles_export"),
    path("assistance/", assistance.assistance_page, name="assistance"),
    path("assistance/pending/", assistance.grants_pending, name="grants_pending"),
    path("assistance/<str:op>/", assistance.assistance_act, name="assistance_act"),
    path("<int:pk>/", nominations.detail, name="detail"),
    path("<int:pk>/<str:action>/", nominations.act, name="act"),
]
