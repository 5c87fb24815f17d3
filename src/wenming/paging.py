"""One page of a list page: the page the request's ``?page=`` asks for.

Django's ``get_page``: a number past the end gives the last page and anything that is not a
number the first, so no ``?page=`` a user types makes a page fail.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_of(request, items, per_page: int = 50) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
