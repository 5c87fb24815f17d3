"""Fragments a process renders once and keeps ({% kept %}, wenming/fragments.py): what they show
depends on nothing the key does not hold — not on who asks, nor on the request."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from tests.regions.factories import person
from wenming.kept import forget_all
from wenming.regions.models import Role


def _render(source: str, context: dict | None = None, request=None) -> str:
    return engines["django"].from_string("{% load kept %}" + source).render(context, request)


def test_a_fragment_is_rendered_once_per_given_value():
    source = "{% kept n=n %}{{ n }}·{{ other }}{% endkept %}"
    assert _render(source, {"n": 1, "other": "a"}) == "1·"
    assert _render(source, {"n": 2}) == "2·"
    assert _render(source, {"n": 1}) == "1·"


def test_a_fragment_sees_neither_the_request_nor_the_user_nor_a_csrf_token(coordinator):
    request = RequestFactory().get("/")
    request.user = coordinator
    source = "{% kept %}[{{ user.username }}|{{ request.path }}|{% csrf_token %}]{% endkept %}"
    assert _render(source, request=request) == "[||]"


def test_a_fragment_is_kept_per_language():
    source = "{% load i18n %}{% kept %}{% get_current_language as code %}{{ code }}{% endkept %}"
    with translation.override("zh-hans"):
        assert _render(source) == "zh-hans"
    with translation.override("en"):
        assert _render(source) == "en"


def test_lists_and_lazy_labels_are_values_of_their_own():
    from wenming.cases.models import State

    source = "{% kept choices=choices %}{% for v, label in choices %}{{ label }};{% endfor %}{% endkept %}"
    assert _render(source, {"choices": State.choices[:2]}).count(";") == 2
    assert _render(source, {"choices": State.choices[:3]}).count(";") == 3


@pytest.mark.parametrize("value", [{1, 2}, {"a": 1}, [["a"], {"b"}]])
def test_a_value_that_cannot_be_a_key_fails_loudly(value):
    with pytest.raises(TypeError):
        _render("{% kept s=s %}{% endkept %}", {"s": value})


def test_a_row_is_not_a_value_a_fragment_is_kept_by(coordinator):
    """Hashed by its id, a row would go on showing as it was before an edit."""
    with pytest.raises(TypeError):
        _render("{% kept user=user %}{{ user.first_name }}{% endkept %}", {"user": coordinator})


def _menu(client) -> str:
    html = client.get("/").content.decode()
    return html.split('data-testid="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_two_roles_never_see_each_others_menu_in_one_process(client, units):
    """One process serves an admin, a 社区 liaison and the audit and security admins (the same
    areas, different entries) in turn: each menu is what a process rendering it afresh shows."""
    people = [
        person(username="boss", unit=units["office"], role=Role.ADMIN, is_staff=True),
        person(username="liaison", unit=units["guangming"], role=Role.LIAISON),
        person(username="auditor", unit=units["office"], role=Role.AUDITOR),
        person(username="security", unit=units["office"], role=Role.SECURITY),
    ]
    kept_menus, fresh_menus = [], []
    for user in people * 2:
        client.force_login(user)
        kept_menus.append(_menu(client))
    for user in people:
        forget_all()
        client.force_login(user)
        fresh_menus.append(_menu(client))
    assert kept_menus == fresh_menus * 2
    admin, liaison, auditor, security = fresh_menus
    assert "后台维护" in admin and "后台维护" not in liaison
    assert "导入单位和人员" in admin and "导入单位和人员" not in liaison
    assert "审计日志" in auditor and "审计日志" not in admin + liaison + security
    assert "账号安全管理" in security and "账号安全管理" not in auditor
    assert "问题整改" in liaison and "问题整改" not in auditor
