from django.urls import path

from wenming.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("stats/", views.figures, name="stats"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:rating_id>/<str:decision>/", views.review, name="review"),
]
