import factory
from django.contrib.auth import get_user_model

from wenming.regions.models import Membership, Region, RegionLevel, Role, Unit, UnitKind

PASSWORD = "Test@2026!"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"3404{n + 10:02d}000000")
    name = factory.Sequence(lambda n: f"测试区{n}")
    level = RegionLevel.COUNTY


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.Sequence(lambda n: f"测单{n}")
    kind = UnitKind.DEPARTMENT
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password(PASSWORD)


def person(*, username: str, unit: Unit, role: str = Role.LIAISON, **extra):
    """A user with a membership in ``unit``."""
    user = UserFactory(username=username, **extra)
    Membership.objects.update_or_create(user=user, defaults={"unit": unit, "role": role})
    return user
