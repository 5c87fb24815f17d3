"""Photos of a practice site: uploaded by those who manage the network in the site's territory,
each checked by content and re-encoded (wenming.uploads), stored under a random name and served
only after the site's own scope check (views call :func:`wenming.media.file_response`)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.inputs import clean_name
from wenming.uploads import UploadRejected, check_upload
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.models import PracticeSite, PracticeSitePhoto
from wenming.volunteers.services.network import ensure_territory

MAX_PHOTOS = 12  # per site
PER_UPLOAD = 6
KINDS = {"jpg", "png", "webp"}


def add_site_photos(
    *, actor, site: PracticeSite, files, caption: str = ""
) -> list[PracticeSitePhoto]:
    """Add up to PER_UPLOAD photos at once, MAX_PHOTOS in all; any bad file refuses them all."""
    ensure_territory(actor, site.region)
    files = list(files)
    if not files:
        raise VolunteerError(_("请选择照片。"), field="photos")
    if len(files) > PER_UPLOAD:
        raise VolunteerError(_("一次最多上传 %(n)d 张照片。") % {"n": PER_UPLOAD}, field="photos")
    if site.photos.count() + len(files) > MAX_PHOTOS:
        raise VolunteerError(
            _("每个阵地最多 %(n)d 张照片，请先删除不用的照片。") % {"n": MAX_PHOTOS},
            field="photos",
        )
    checked = []
    for file in files:
        try:
            checked.append(check_upload(file, allowed=KINDS))
        except UploadRejected as rejected:
            raise VolunteerError("；".join(rejected.messages), field="photos") from None
    caption = clean_name(caption or "")[:100]
    with transaction.atomic():
        return [
            PracticeSitePhoto.objects.create(
                site=site,
                image=ContentFile(upload.content, name=upload.name),
                caption=caption,
                uploaded_by=actor,
            )
            for upload in checked
        ]


def delete_site_photo(*, actor, photo: PracticeSitePhoto) -> None:
    ensure_territory(actor, photo.site.region)
    photo.image.delete(save=False)
    photo.delete()
