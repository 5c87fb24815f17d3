"""发文字号: 淮创城整〔2026〕15号, counted per prefix and year, never handed out twice."""

import threading

import pytest
from django.db import connection, transaction

from wenming.documents.models import DocumentSequence
from wenming.documents.services import DocumentNumberError, next_document_number


@pytest.mark.django_db
def test_numbers_count_up_per_prefix_and_year():
    assert next_document_number(prefix="淮创城整", year=2026) == "淮创城整〔2026〕1号"
    assert next_document_number(prefix="淮创城整", year=2026) == "淮创城整〔2026〕2号"
    assert next_document_number(prefix="淮创城督", year=2026) == "淮创城督〔2026〕1号"
    assert next_document_number(prefix="淮创城整", year=2027) == "淮创城整〔2027〕1号"
    DocumentSequence.objects.filter(prefix="淮创城整", year=2026).update(last_number=14)
    assert next_document_number(prefix="淮创城整", year=2026) == "淮创城整〔2026〕15号"


@pytest.mark.django_db
def test_a_rolled_back_document_gives_its_number_back():
    next_document_number(prefix="淮创城整", year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_document_number(prefix="淮创城整", year=2026) == "淮创城整〔2026〕2号"
        raise RuntimeError("the notice could not be saved")
    assert next_document_number(prefix="淮创城整", year=2026) == "淮创城整〔2026〕2号"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, year", [("", 2026), ("淮创〔城〕整", 2026), ("淮创城整", 1999)])
def test_bad_prefix_or_year_is_refused(prefix, year):
    with pytest.raises(DocumentNumberError):
        next_document_number(prefix=prefix, year=year)
    assert not DocumentSequence.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql(
    reason="the SQLite test database is in memory with a shared cache, which fails instead of waiting"
)
def test_numbers_are_unique_under_concurrent_allocation():
    """Eight threads, each its own connection and transaction, allocate five numbers each,
    starting together on a year that has no counter row yet (so they also race to create it)."""
    threads, per_thread = 8, 5
    start = threading.Barrier(threads)
    numbers, errors = [], []

    def allocate():
        try:
            start.wait(timeout=30)
            for _ in range(per_thread):
                with transaction.atomic():
                    numbers.append(next_document_number(prefix="淮创城整", year=2026))
        except Exception as exc:  # reported below, with the database vendor
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=allocate) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers), "an allocation hung"
    assert not errors, f"{connection.vendor}: {errors!r}"
    assert sorted(numbers) == sorted(
        f"淮创城整〔2026〕{n}号" for n in range(1, threads * per_thread + 1)
    )
