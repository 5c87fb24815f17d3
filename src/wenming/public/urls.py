from django.urls import path

from wenming.public import nominations, reports, views, volunteers

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
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
    path("volunteers/login/", volunteers.volunteer_login, name="volunteer_login"),
    path("volunteers/logout/", volunteers.volunteer_logout, name="volunteer_logout"),
    path("volunteers/me/", volunteers.volunteer_me, name="volunteer_me"),
    path("volunteers/a/<str:token>/", volunteers.volunteer_activity, name="volunteer_activity"),
    path("volunteers/a/<str:token>/scan/", volunteers.volunteer_scan, name="volunteer_scan"),
    path("volunteers/verify/", volunteers.certificate_verify, name="volunteer_verify"),
    path(
        "volunteers/certificates/<str:code>/",
        volunteers.certificate_verify,
        name="volunteer_certificate",
    ),
    path("services/", volunteers.service_menu, name="service_menu"),
    path("demands/new/", volunteers.demand_new, name="demand_new"),
    path("demands/<str:code>/", volunteers.demand_track, name="demand_track"),
]
