"""A practice site's photos: upload and delete (those who manage the network there), and the
photo itself, served only to those who may see the site (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenming.media import file_response
from wenming.volunteers import permissions, selectors
from wenming.volunteers.errors import VolunteerError
from wenming.volunteers.services import site_photos


@login_required
@require_POST
def site_photo_add(request, pk: int):
    site = selectors.get_site_for(request.user, pk)
    try:
        added = site_photos.add_site_photos(
            actor=request.user,
            site=site,
            files=request.FILES.getlist("photos"),
            caption=request.POST.get("caption", ""),
        )
    except VolunteerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已上传 %(n)d 张照片。") % {"n": len(added)})
    return redirect("volunteers:site_detail", pk=site.pk)


def _photo(request, pk: int, photo_pk: int):
    site = selectors.get_site_for(request.user, pk)
    photo = site.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return photo


@login_required
def site_photo(request, pk: int, photo_pk: int):
    permissions.ensure_module(request.user)
    return file_response(_photo(request, pk, photo_pk).image)


@login_required
@require_POST
def site_photo_delete(request, pk: int, photo_pk: int):
    photo = _photo(request, pk, photo_pk)
    try:
        site_photos.delete_site_photo(actor=request.user, photo=photo)
    except VolunteerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("照片已删除。"))
    return redirect("volunteers:site_detail", pk=pk)
