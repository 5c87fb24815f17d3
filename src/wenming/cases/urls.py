from django.urls import path

from wenming.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.board, name="board"),
    path("todo/", views.todo, name="todo"),
]
