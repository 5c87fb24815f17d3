from django.urls import path

from wenming.public import views

app_name = "public"

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/<int:survey_id>/", views.survey_answer, name="survey"),
    path("surveys/<int:survey_id>/r/<str:region_code>/", views.survey_answer, name="survey_region"),
    path("surveys/<int:survey_id>/thanks/", views.survey_thanks, name="survey_thanks"),
    path("surveys/<int:survey_id>/qr.svg", views.survey_qr, name="survey_qr"),
]
