from django.urls import path

from wenming.public import nominations, reports, views

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
    # 随手拍
    path("report/", reports.report, name="report"),
    path("report/nearby.json", reports.nearby, name="report_nearby"),
    path("track/", reports.track_lookup, name="track_lookup"),
    path("mine/", reports.mine, name="mine"),
    path("mine/leave/", reports.mine_leave, name="mine_leave"),
    path("track/<str:code>/", reports.track, name="track"),
    path("track/<str:code>/rate/", reports.rate, name="track_rate"),
    path("track/<str:code>/qr.svg", reports.track_qr, name="track_qr"),
    path("track/<str:code>/photos/<int:photo_id>/", reports.track_photo, name="track_photo"),
]
