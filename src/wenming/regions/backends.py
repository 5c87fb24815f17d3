"""Model permissions from the role: a 文明办 administrator may maintain everything in the admin.

Roles live on the membership, not in Django's permission tables, so an administrator
created by an import or in the admin needs no per-model grants.
"""

from django.contrib.auth.backends import BaseBackend

from wenming.regions.models import Role
from wenming.regions.permissions import role_of


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        return bool(user_obj.is_active and role_of(user_obj) == Role.ADMIN)

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, f"{app_label}.*")
