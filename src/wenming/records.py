"""Records written once and never changed: a case's events, a nomination's reviews, the audit log.

A model built on :class:`WriteOnce` may be created; saving it again, or updating or deleting it
(a row or a queryset), raises ``refusal`` with the model's own message. Each model names its
messages, and the exception where callers catch one of their own (the audit log's).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class WriteOnceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise self.model.refusal(self.model.edit_refused)

    def delete(self):
        raise self.model.refusal(self.model.delete_refused)


class WriteOnce(models.Model):
    refusal: type[Exception] = ValidationError
    edit_refused = _("记录不可修改。")
    delete_refused = _("记录不可删除。")

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.refusal(self.edit_refused)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.refusal(self.delete_refused)
