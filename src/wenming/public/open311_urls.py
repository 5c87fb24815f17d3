from django.urls import path, re_path

from wenming.public import open311

app_name = "open311"

FMT = r"\.(?P<fmt>[a-z]+)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    path("v2/", open311.root, name="root"),
    re_path(r"^v2/services" + FMT, open311.service_list, name="services"),
    re_path(
        r"^v2/services/(?P<code>[A-Za-z0-9_-]{1,40})" + FMT,
        open311.service_definition,
        name="service",
    ),
    re_path(r"^v2/requests" + FMT, open311.requests_, name="requests"),
    re_path(
        r"^v2/requests/(?P<request_id>[^/.]{1,30})" + FMT, open311.request_detail, name="request"
    ),
    re_path(r"^v2/tokens/(?P<token>[^/.]{1,64})" + FMT, open311.token, name="token"),
    path("v2/media/<int:case_id>/<int:photo_id>/", open311.media, name="media"),
]
