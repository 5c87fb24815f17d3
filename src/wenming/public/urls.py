from django.urls import path

from wenming.public import nominations, views

app_name = "public"

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/<int:survey_id>/", views.survey_answer, name="survey"),
    path("surveys/<int:survey_id>/r/<str:region_code>/", views.survey_answer, name="survey_region"),
    path("surveys/<int:survey_id>/thanks/", views.survey_thanks, name="survey_thanks"),
    path("surveys/<int:survey_id>/qr.svg", views.survey_qr, name="survey_qr"),
    path("honors/nominate/", nominations.nominate, name="honors_nominate"),
    path("honors/nominate/thanks/", nominations.thanks, name="honors_thanks"),
    path("honors/publicity/", nominations.publicity, name="honors_publicity"),
    path("honors/publicity/<int:pk>/", nominations.candidate, name="honors_candidate"),
    path("honors/photos/<int:pk>/", nominations.photo, name="honors_photo"),
]
