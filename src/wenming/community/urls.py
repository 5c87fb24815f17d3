from django.urls import path

from wenming.community import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("ranking/", views.ranking, name="ranking"),
    path("plans/", views.plan_list, name="plans"),
    path("pairings/", views.pairing_list, name="pairings"),
    path("pairings/new/", views.pairing_new, name="pairing_new"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing"),
    path("pairings/<int:pk>/funds/", views.pairing_fund, name="pairing_fund"),
    path("pairings/<int:pk>/activities/", views.pairing_activity, name="pairing_activity"),
    path("pairings/<int:pk>/party/", views.pairing_party, name="pairing_party"),
    path("pairings/files/<int:pk>/", views.disbursement_file, name="disbursement_file"),
    path("units/<int:pk>/", views.unit_pairings, name="unit_pairings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("<int:pk>/weak/", views.weak_set, name="weak_set"),
    path("<int:pk>/facilities/<str:kind>/", views.facility_edit, name="facility_edit"),
    path("<int:pk>/rooms/", views.room_add, name="room_add"),
    path("rooms/<int:pk>/remove/", views.room_remove, name="room_remove"),
    path("facility-photos/<int:pk>/", views.facility_photo, name="facility_photo"),
    path("<int:pk>/ledger/", views.ledger, name="ledger"),
    path("<int:pk>/ledger/new/", views.ledger_new, name="ledger_new"),
    path("<int:pk>/book.<str:fmt>", views.book_download, name="book"),
    path("<int:pk>/plan/new/", views.plan_new, name="plan_new"),
    path("ledger/<int:pk>/", views.entry, name="entry"),
    path("ledger/<int:pk>/hand-in/", views.entry_hand_in, name="entry_hand_in"),
    path("ledger/files/<int:pk>/", views.ledger_file, name="ledger_file"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/measures/", views.plan_measure, name="plan_measure"),
    path("plans/<int:pk>/milestones/", views.plan_milestone, name="plan_milestone"),
    path("plans/<int:pk>/funds/", views.plan_fund, name="plan_fund"),
    path("plans/<int:pk>/act/", views.plan_act, name="plan_act"),
    path("plans/<int:pk>/notice/", views.plan_notice, name="plan_notice"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
]
