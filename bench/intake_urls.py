"""The site's URLs plus the bench's floor: a bare view on the same stack (every middleware)
that reads the same form and stores the case row with one hand-written INSERT."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from wenming.urls import urlpatterns as site_urls


@csrf_exempt
def bare(request):
    """The floor: read the form, one INSERT of the case row."""
    post = request.POST
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_case (source, category, severity, description, address, region_code,"
            " reporter_name,"
            " state, resolution, created, fail_count, extension_count, version, latitude, longitude)"
            " VALUES ('citizen', %s, 'general', %s, '', %s, '', 'reported', '', %s, 0, 0, 1,"
            " %s, %s)",
            [
                post["category"],
                post["description"],
                post["region"],
                timezone.now(),
                post["lat"],
                post["long"],
            ],
        )
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *site_urls]
