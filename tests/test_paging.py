"""One page of a list: the page ?page= asks for, and a page for any ?page= a user types."""

import pytest
from django.test import RequestFactory

from wenming.paging import page_of

ROWS = list(range(120))


@pytest.mark.parametrize(
    ("asked", "number", "first"),
    [("", 1, 0), ("2", 2, 50), ("3", 3, 100), ("99", 3, 100), ("x", 1, 0), ("-1", 3, 100)],
)
def test_the_page_asked_for_else_the_last_or_the_first(asked, number, first):
    page = page_of(RequestFactory().get("/", {"page": asked}), ROWS)
    assert (page.number, page.object_list[0], page.paginator.num_pages) == (number, first, 3)


def test_a_list_keeps_its_own_page_size():
    page = page_of(RequestFactory().get("/", {"page": "2"}), ROWS, 30)
    assert list(page.object_list) == list(range(30, 60))
