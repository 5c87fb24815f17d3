"""Writes of the documents app: allocating 发文字号 (document numbers).

``next_document_number(prefix="淮创城整", year=2026)`` → "淮创城整〔2026〕15号": GB/T 9704 §7.2.4
writes the year in 六角括号 〔〕 and the sequence number without leading zeros or 第.

Call it inside the transaction that saves the numbered document (a Notice, a Bulletin): the
counter's row stays locked until that transaction ends, so two concurrent callers get different
numbers, and a rolled-back document gives its number back (no gaps in the register).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wenming.documents.models import DocumentSequence


class DocumentNumberError(ValueError):
    """The prefix or year cannot make a valid 发文字号."""


def format_document_number(*, prefix: str, year: int, number: int) -> str:
    return f"{prefix}〔{year}〕{number}号"


def next_document_number(*, prefix: str, year: int) -> str:
    """Allocate the next number of ``prefix`` in ``year``, unique under concurrency.

    The first statement is an UPDATE of the counter row: on PostgreSQL it takes the row lock
    (as SELECT … FOR UPDATE would) and a concurrent caller waits for our commit; on SQLite it
    takes the database write lock at once, before anything was read, so no two transactions
    can read the same value. The first number of a year creates the row; a concurrent creator
    loses on the unique constraint and retries the UPDATE.
    """
    prefix = (prefix or "").strip()
    if not prefix or any(ch in prefix for ch in "〔〕[]()（）"):
        raise DocumentNumberError(
            _("机关代字“%(prefix)s”无效：不能为空，也不能含括号") % {"prefix": prefix}
        )
    if not 2000 <= int(year) <= 2999:
        raise DocumentNumberError(_("年份 %(year)s 无效") % {"year": year})
    with transaction.atomic():
        for _attempt in range(3):
            rows = DocumentSequence.objects.filter(prefix=prefix, year=year)
            if rows.update(last_number=F("last_number") + 1):
                number = rows.values_list("last_number", flat=True).get()
                return format_document_number(prefix=prefix, year=year, number=number)
            try:
                with (
                    transaction.atomic()
                ):  # a savepoint: losing the race must not spoil the caller's transaction
                    DocumentSequence.objects.create(prefix=prefix, year=year, last_number=1)
                return format_document_number(prefix=prefix, year=year, number=1)
            except IntegrityError:
                continue  # another transaction created the row first: take the next number from it
    raise DocumentNumberError(
        _("无法为“%(prefix)s”分配 %(year)s 年的发文字号，请重试") % {"prefix": prefix, "year": year}
    )
