"""Pages of 志愿服务: the practice network and its coverage, teams, volunteers, activities with
their QR codes and hours, certificates, demands and figures. Thin: parse, call, render."""

from wenming.volunteers.views.activities import (  # noqa: F401
    activity_cancel,
    activity_detail,
    activity_edit,
    activity_list,
    activity_qr,
    project_new,
    record_add,
    record_correct,
)
from wenming.volunteers.views.demands import (  # noqa: F401
    demand_act,
    demand_detail,
    demand_list,
    demand_new,
    demand_photo,
)
from wenming.volunteers.views.network import (  # noqa: F401
    coverage,
    figures_page,
    index,
    population,
    site_detail,
    site_edit,
    site_list,
    site_review,
)
from wenming.volunteers.views.people import (  # noqa: F401
    certificate_file,
    certificate_issue,
    team_detail,
    team_edit,
    team_list,
    volunteer_detail,
    volunteer_export,
    volunteer_import,
    volunteer_list,
    volunteer_new,
    volunteer_reveal,
)
from wenming.volunteers.views.resources import (  # noqa: F401
    equipment_book,
    equipment_new,
    offer_new,
    resource_list,
)
from wenming.volunteers.views.site_photos import (  # noqa: F401
    site_photo,
    site_photo_add,
    site_photo_delete,
)
