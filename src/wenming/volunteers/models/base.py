"""What every volunteer model shares: the random tokens, append-only evidence rows, the region
foreign key and its prefix index."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.regions.models import Region


def random_token() -> str:
    return secrets.token_urlsafe(12)


class Immutable(Exception):
    """A record that is evidence (a correction, an event) cannot be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("记录不可修改。")

    def delete(self):
        raise Immutable("记录不可删除。")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise Immutable("记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("记录不可删除。")


def region_fk(verbose_name=_("所在区划")):
    return models.ForeignKey(
        Region,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )


def prefix_index(name: str) -> models.Index:
    return models.Index(fields=["region"], name=name, opclasses=["varchar_pattern_ops"])
