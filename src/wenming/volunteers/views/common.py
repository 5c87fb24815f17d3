"""What the volunteer pages share: the form page, the stored phone's hint, error placement,
the document types."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from wenming.privacy import mask_phone
from wenming.volunteers.errors import VolunteerError

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def form_page(request, form, *, title: str, back: str, back_label: str, status=None, **extra):
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": title, "back": back, "back_label": back_label, **extra},
        status=status or (400 if form.errors else 200),
    )


def keep_phone_hint(form, field: str, phone: str) -> None:
    """Edit forms never carry a whole number: the box stays empty and says what is stored."""
    form.fields[field].help_text = _("现为 %(phone)s，留空则不变。") % {"phone": mask_phone(phone)}


def apply_error(form, error: VolunteerError) -> None:
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)
