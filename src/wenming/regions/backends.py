"""Model permissions from the role: a 文明办管理员 (the system admin) maintains the domain in the admin.

Roles live on the membership, not in Django's permission tables, so an administrator
created by an import or in the admin needs no per-model grants. 三权分立: the system admin
gets no permission on accounts' security (tokens, second factors, lockouts) nor on the audit
log; those belong to the security admin's and the audit admin's own pages.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend

from wenming.regions.models import Role
from wenming.regions.permissions import role_of
from wenming.regions.scope import user_with_membership

# Apps whose models are not the system admin's to see or change.
SECURITY_APPS = frozenset({"accounts", "axes", "otp_totp", "django_otp"})


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or role_of(user_obj) != Role.ADMIN:
            return False
        return perm.split(".", 1)[0] not in SECURITY_APPS

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, f"{app_label}.*")


class MemberBackend(ModelBackend):
    """Django's ModelBackend (passwords, is_active), reading the signed-in user of a request
    together with their membership: every page reads the membership (scope, role, menu) right
    after the user, which was a second round trip to the database on every request."""

    def get_user(self, user_id):
        user = user_with_membership(get_user_model()._default_manager.all(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
