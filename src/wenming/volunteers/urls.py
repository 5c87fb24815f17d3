from django.urls import path

from wenming.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.index, name="index"),
    path("figures/", views.figures_page, name="figures"),
    path("population/", views.population, name="population"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_edit, name="site_create"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/review/", views.site_review, name="site_review"),
    path("coverage/", views.coverage, name="coverage"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_edit, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("people/", views.volunteer_list, name="volunteer_list"),
    path("people/new/", views.volunteer_new, name="volunteer_create"),
    path("people/import/", views.volunteer_import, name="volunteer_import"),
    path("people/export/", views.volunteer_export, name="volunteer_export"),
    path("people/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("people/<int:pk>/reveal/", views.volunteer_reveal, name="volunteer_reveal"),
    path("people/<int:pk>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<int:pk>.<str:fmt>", views.certificate_file, name="certificate_file"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_edit, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/qr.svg", views.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/records/", views.record_add, name="record_add"),
    path("records/<int:pk>/correct/", views.record_correct, name="record_correct"),
    path("projects/new/", views.project_new, name="project_create"),
    path("demands/", views.demand_list, name="demand_list"),
    path("demands/new/", views.demand_new, name="demand_create"),
    path("demands/<int:pk>/", views.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/act/", views.demand_act, name="demand_act"),
    path("demands/<int:pk>/photos/<int:photo_pk>/", views.demand_photo, name="demand_photo"),
]
