from django.urls import path

from wenming.community.views import assessment, communities, ledger, pairings, plans

app_name = "community"

urlpatterns = [
    path("", communities.index, name="index"),
    path("ranking/", assessment.ranking, name="ranking"),
    path("plans/", plans.plan_list, name="plans"),
    path("pairings/", pairings.pairing_list, name="pairings"),
    path("pairings/new/", pairings.pairing_new, name="pairing_new"),
    path("pairings/<int:pk>/", pairings.pairing_detail, name="pairing"),
    path("pairings/<int:pk>/funds/", pairings.pairing_fund, name="pairing_fund"),
    path("pairings/<int:pk>/activities/", pairings.pairing_activity, name="pairing_activity"),
    path("pairings/<int:pk>/party/", pairings.pairing_party, name="pairing_party"),
    path("pairings/files/<int:pk>/", pairings.disbursement_file, name="disbursement_file"),
    path("units/<int:pk>/", pairings.unit_pairings, name="unit_pairings"),
    path("<int:pk>/", communities.detail, name="detail"),
    path("<int:pk>/profile/", communities.profile_edit, name="profile_edit"),
    path("<int:pk>/weak/", communities.weak_set, name="weak_set"),
    path("<int:pk>/facilities/<str:kind>/", communities.facility_edit, name="facility_edit"),
    path("<int:pk>/rooms/", communities.room_add, name="room_add"),
    path("rooms/<int:pk>/remove/", communities.room_remove, name="room_remove"),
    path("facility-photos/<int:pk>/", communities.facility_photo, name="facility_photo"),
    path("<int:pk>/ledger/", ledger.ledger, name="ledger"),
    path("<int:pk>/ledger/new/", ledger.ledger_new, name="ledger_new"),
    path("<int:pk>/book.<str:fmt>", ledger.book_download, name="book"),
    path("<int:pk>/plan/new/", plans.plan_new, name="plan_new"),
    path("ledger/<int:pk>/", ledger.entry, name="entry"),
    path("ledger/<int:pk>/hand-in/", ledger.entry_hand_in, name="entry_hand_in"),
    path("ledger/files/<int:pk>/", ledger.ledger_file, name="ledger_file"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/measures/", plans.plan_measure, name="plan_measure"),
    path("plans/<int:pk>/milestones/", plans.plan_milestone, name="plan_milestone"),
    path("plans/<int:pk>/funds/", plans.plan_fund, name="plan_fund"),
    path("plans/<int:pk>/act/", plans.plan_act, name="plan_act"),
    path("plans/<int:pk>/notice/", plans.plan_notice, name="plan_notice"),
    path("milestones/<int:pk>/done/", plans.milestone_done, name="milestone_done"),
]
