from django.urls import path

from wenming.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.board, name="board"),
    path("todo/", views.todo, name="todo"),
    path("export/", views.board_export, name="board_export"),
    path("new/", views.case_new, name="case_new"),
    path("bulk-dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("units/suggest/", views.unit_suggest, name="unit_suggest"),
    path("map/", views.case_map, name="case_map"),
    path("stats/", views.stats, name="stats"),
    path("calendar/", views.holiday_calendar, name="holiday_calendar"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/issue/", views.notice_issue, name="notice_issue"),
    path("notices/<int:pk>.<str:fmt>", views.notice_file, name="notice_file"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/<str:action>/", views.case_act, name="case_act"),
]
