"""klynge.core.bulk: the __any lookup and insert_rows, on whichever engine runs the suite."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from klynge.core.bulk import insert_rows
from klynge.directory.imports.common import refresh_statistics
from klynge.directory.models import Company, Person, PersonSkill
from klynge.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return [Person.objects.create(name=name) for name in ("Ada", "Bo", "Cai", "Dag")]


class TestAnyLookup:
    def test_it_finds_the_same_rows_as_in(self, people):
        ids = [people[0].pk, people[2].pk, 10**9]
        found = set(Person.objects.filter(id__any=ids).values_list("name", flat=True))
        assert found == {"Ada", "Cai"}
        assert found == set(Person.objects.filter(id__in=ids).values_list("name", flat=True))

    def test_an_empty_list_finds_nothing(self, people):
        assert not Person.objects.filter(id__any=[]).exists()

    def test_it_compares_text(self, db):
        Company.objects.create(name="Fjellkode AS", external_id="c-1")
        Company.objects.create(name="Dalnett AS", external_id="c-2")
        names = Company.objects.filter(external_id__any=["c-2", "c-9"]).values_list(
            "name", flat=True
        )
        assert list(names) == ["Dalnett AS"]

    def test_it_works_on_a_foreign_key_and_in_a_delete(self, people):
        for person in people:
            PersonSkill.objects.create(person=person, name="Python", level=3)
        deleted, _ = PersonSkill.objects.filter(
            person_id__any=[people[1].pk, people[3].pk]
        ).delete()
        assert deleted == 2
        left = PersonSkill.objects.values_list("person__name", flat=True).order_by("person__name")
        assert list(left) == ["Ada", "Cai"]

    def test_a_long_list_travels_as_one_parameter(self, people):
        ids = list(range(1, 5001)) + [people[3].pk]
        query = Person.objects.filter(id__any=ids).values_list("name", flat=True)
        _, params = query.query.sql_with_params()
        assert len(params) == 1
        assert "Dag" in set(query)


class TestInsertRows:
    def test_it_fills_defaults_and_timestamps(self, db):
        now = timezone.now()
        with transaction.atomic():
            insert_rows(
                Company,
                [
                    {
                        "name": "Fjellkode AS",
                        "external_id": "c-1",
                        "services": ["Drift", "Nettsider"],
                    }
                ],
                now=now,
            )
        company = Company.objects.get(external_id="c-1")
        assert company.services == ["Drift", "Nettsider"]
        assert company.is_listed is True and company.is_claimed is True
        assert company.created_at == now and company.updated_at == now

    def test_a_generated_column_is_left_to_the_database(self, make_event):
        event = make_event()
        with transaction.atomic():
            insert_rows(
                Registration,
                [{"event_id": event.pk, "name": "Ada", "email": "Ada@Example.ORG"}],
                now=timezone.now(),
            )
        guest = Registration.objects.get(event=event)
        assert guest.email_key == "ada@example.org"
        assert guest.status == Registration.Status.PENDING  # the field default

    def test_an_upsert_updates_only_the_named_columns(self, db):
        Company.objects.create(name="Gammalt namn", external_id="c-1", website="https://a.example")
        with transaction.atomic():
            insert_rows(
                Company,
                [
                    {"name": "Nytt namn", "external_id": "c-1", "website": "https://b.example"},
                    {"name": "Ny bedrift", "external_id": "c-2"},
                ],
                conflict="external_id",
                update=["name"],
                now=timezone.now(),
            )
        assert Company.objects.count() == 2
        first = Company.objects.get(external_id="c-1")
        assert (first.name, first.website) == ("Nytt namn", "https://a.example")

    def test_a_clash_without_conflict_raises_djangos_integrity_error(self, db):
        Company.objects.create(name="Fjellkode AS", external_id="c-1")
        with pytest.raises(IntegrityError), transaction.atomic():
            insert_rows(Company, [{"name": "Kopi", "external_id": "c-1"}], now=timezone.now())
        assert list(Company.objects.values_list("name", flat=True)) == ["Fjellkode AS"]

    def test_it_refuses_to_run_outside_a_transaction(self, transactional_db):
        with pytest.raises(RuntimeError):
            insert_rows(Company, [{"name": "Fjellkode AS"}], now=timezone.now())
        assert not Company.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_refresh_statistics_counts_a_table_that_has_doubled():
    if connection.vendor != "postgresql":
        pytest.skip("table statistics are PostgreSQL's; the suite runs there too")

    def counted():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s", [Person._meta.db_table]
            )
            return cursor.fetchone()[0]

    def grow(prefix, count):
        Person.objects.bulk_create(Person(name=f"{prefix}{i}") for i in range(count))
        with connection.cursor() as cursor:  # the row counts reach pg_stat_* at once
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT pg_stat_clear_snapshot()")

    grow("P", 1200)
    refresh_statistics([Person])
    assert counted() == pytest.approx(1200, abs=5)
    grow("Q", 300)
    refresh_statistics([Person])  # grown by a quarter: not analysed again
    assert counted() == pytest.approx(1200, abs=5)
