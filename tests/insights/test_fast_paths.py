"""The member tables read every count in one pass (figures/members.py: Scan);
here they are checked against a plain Python count over the same random rows."""

from __future__ import annotations

import random
from datetime import timedelta

from klynge.directory.models import Company, MemberStatus, Person
from klynge.insights.figures import cells, members
from klynge.insights.figures.period import Period, local_midnight
from tests.insights.conftest import oslo

# "nesby" is no municipality of today's list (an old value): such rows count in
# the totals only, and the new members' count, asked by place, must still find them.
PLACES = ["gol", "hol", "aal", "other", "", "nesby"]
# Codes at the edges of the sectors' ranges (on SQLite "84" <= nace < "85"):
# a code equal to the prefix, one a digit short, the neighbours either side.
NACES = ["62.010", "84.110", "85.310", "72.190", "58.290", "", "84", "8", "83.9", "85",
         "86.1", "72", "71.99", "73", "7", "849", "8A"]


def when(rng, period: Period):
    """Anywhere from a year before the period to a month after, often near a month's edge."""
    if rng.random() < 0.3:
        month = rng.choice(period.months())
        edge = rng.choice([timedelta(minutes=-30), timedelta(microseconds=-1), timedelta(0),
                           timedelta(minutes=30)])
        return local_midnight(month) + edge
    span = (period.ends_at - period.starts_at) + timedelta(days=400)
    return period.starts_at - timedelta(days=365) + span * rng.random()


def random_hub(rng, period: Period):
    companies = []
    for i in range(25):
        approved = rng.random() < 0.5
        company = Company.objects.create(
            name=f"Firma {i}", municipality=rng.choice(PLACES), nace=rng.choice(NACES),
            member_status=MemberStatus.APPROVED if approved else MemberStatus.NONE,
            member_since=when(rng, period) if approved or rng.random() < 0.3 else None,
            is_listed=rng.random() < 0.9,
        )  # fmt: skip
        Company.objects.filter(pk=company.pk).update(created_at=when(rng, period))
        companies.append(company)
    for i in range(120):
        approved = rng.random() < 0.5
        person = Person.objects.create(
            name=f"P{i}", municipality=rng.choice(PLACES),
            member_status=rng.choice([MemberStatus.APPROVED, MemberStatus.NONE])
            if approved else MemberStatus.NONE,
            member_since=when(rng, period) if approved or rng.random() < 0.3 else None,
            employer=rng.choice(companies) if rng.random() < 0.5 else None,
            is_listed=rng.random() < 0.9,
        )  # fmt: skip
        Person.objects.filter(pk=person.pk).update(created_at=when(rng, period))


def sector(nace: str) -> str:
    """Written apart from ``members.sector_of_code``, as the issue says it."""
    if nace[:2] == "84":
        return members.PUBLIC
    if nace[:2] in ("85", "72"):
        return members.EDUCATION
    return members.BUSINESS


def reference(period: Period, municipality: str | None) -> dict:
    """Every member figure counted in Python, row by row: slow and plain."""
    start, end = period.starts_at, period.ends_at
    people = [p for p in Person.objects.select_related("employer") if p.is_listed]
    companies = [c for c in Company.objects.all() if c.is_listed]
    if municipality:
        people = [p for p in people if p.municipality == municipality]
        companies = [c for c in companies if c.municipality == municipality]

    def member(x, until):
        return (
            x.member_status == MemberStatus.APPROVED and x.member_since and x.member_since < until
        )

    def new_member(x, since, until):
        return member(x, until) and x.member_since >= since

    def figures(rows):
        return [
            sum(1 for x in rows if member(x, end)),
            sum(1 for x in rows if new_member(x, start, end)),
            sum(1 for x in rows if x.created_at < end),
            sum(1 for x in rows if start <= x.created_at < end),
        ]

    by_municipality = {}
    for slug, _name in members.municipality_rows():
        if municipality and slug != municipality:
            continue
        p = [x for x in people if x.municipality == slug]
        c = [x for x in companies if x.municipality == slug]
        by_municipality[slug or "none"] = [
            sum(1 for x in p if x.created_at < end), sum(1 for x in p if member(x, end)),
            sum(1 for x in c if x.created_at < end), sum(1 for x in c if member(x, end)),
        ]  # fmt: skip
    by_type = {"person": figures(people)}
    for key in (members.BUSINESS, members.PUBLIC, members.EDUCATION):
        by_type[key] = figures([c for c in companies if sector(c.nace) == key])
    by_month, total = {}, sum(1 for x in people + companies if member(x, start))
    months = period.months()
    bounds = [max(local_midnight(m), start) for m in months] + [end]
    for i, month in enumerate(months):
        p = sum(1 for x in people if new_member(x, bounds[i], bounds[i + 1]))
        c = sum(1 for x in companies if new_member(x, bounds[i], bounds[i + 1]))
        total += p + c
        by_month[month.isoformat()[:7]] = [p, c, total]
    helix = {}
    for key in (members.BUSINESS, members.PUBLIC, members.EDUCATION):
        p = sum(
            1 for x in people if member(x, end)
            and (sector(x.employer.nace) if x.employer else members.BUSINESS) == key
        )  # fmt: skip
        c = sum(1 for x in companies if member(x, end) and sector(x.nace) == key)
        helix[key] = [p + c, p, c]
    return {
        "members-by-municipality": by_municipality,
        "members-by-type": by_type,
        "members-by-month": by_month,
        "triple-helix": helix,
    }


def shown(tables) -> dict:
    return {
        t.key: {r.key: [c.value for c in r.cells if c.unit != "%"] for r in t.rows} for t in tables
    }


def test_the_member_tables_match_a_plain_count_on_random_data(db, monkeypatch):
    monkeypatch.setattr(cells, "SMALLEST_SHOWN", 1)  # every cell exact
    for seed in range(3):
        Person.objects.all().delete()
        Company.objects.all().delete()
        rng = random.Random(seed)
        period = rng.choice(
            [Period.year(2025), Period(oslo(2024, 3, 15).date(), oslo(2025, 2, 10).date())]
        )
        random_hub(rng, period)
        for municipality in (None, "gol", ""):
            fast = shown(members.tables(period, municipality or None))
            assert fast == reference(period, municipality or None), (seed, municipality)


def test_the_member_tables_show_under_3_where_the_plain_count_is_1_or_2(db):
    """With the rule on, every count cell of the fast path is the plain count,
    or "under 3" (no value) exactly where that count is 1 or 2."""
    rng = random.Random(11)
    period = Period.year(2025)
    random_hub(rng, period)
    expected = reference(period, None)
    seen_small = 0
    for table in members.tables(period, None):
        for row in table.rows:
            counts = [c for c in row.cells if c.unit != "%"]
            for cell, plain in zip(counts, expected[table.key][row.key], strict=True):
                small = 0 < plain < 3
                seen_small += small
                assert cell.suppressed == small, (table.key, row.key, plain)
                assert cell.value == (None if small else plain)
                assert (cell.text == "under 3") == small
    assert seen_small >= 3  # the data has small cells to hide


def test_sector_of_code_agrees_with_the_database(db):
    """The industry codes sorted in Python (``sector_of_code``) and in SQL
    (``in_sector``, a range on SQLite) put every code in the same sector."""
    for i, nace in enumerate(NACES):
        Company.objects.create(name=f"F{i}", nace=nace)
    in_sql = {
        key: set(Company.objects.filter(members.in_sector(key)).values_list("nace", flat=True))
        for key in (members.PUBLIC, members.EDUCATION)
    }
    for nace in NACES:
        expected = sector(nace)
        assert members.sector_of_code(nace) == expected, nace
        for key in (members.PUBLIC, members.EDUCATION):
            assert (nace in in_sql[key]) == (expected == key), (nace, key)
    assert in_sql[members.PUBLIC] == {"84.110", "84", "849"}


def test_supply_matches_a_plain_count_on_random_data(taxonomy, monkeypatch):
    """Providers per category and municipality: one distinct count per place in SQL
    (figures/supply.py) against counting each category's providers in Python."""
    from klynge.competence.models import Competence
    from klynge.core.region import municipalities
    from klynge.directory.models import CompanySkill, PersonSkill
    from klynge.directory.visibility import ANONYMOUS, Audience, Viewer
    from klynge.insights.figures import supply

    rng = random.Random(7)
    competences = list(Competence.objects.select_related("category"))
    people, companies = [], []
    for i in range(80):
        person = Person.objects.create(
            name=f"P{i}", municipality=rng.choice(PLACES), is_listed=rng.random() < 0.9,
            skills_visibility=rng.choice(["public", "members", "private"]),
        )  # fmt: skip
        for k, competence in enumerate(rng.sample(competences, rng.randint(0, 3))):
            PersonSkill.objects.create(person=person, name=f"s{k}", competence=competence)
        people.append(person)
    for i in range(30):
        company = Company.objects.create(
            name=f"F{i}", municipality=rng.choice(PLACES), is_listed=rng.random() < 0.9
        )
        for k, competence in enumerate(rng.sample(competences, rng.randint(0, 3))):
            CompanySkill.objects.create(company=company, name=f"s{k}", competence=competence)
        companies.append(company)
    me = people[0]
    person_skills = list(PersonSkill.objects.select_related("person", "competence"))
    company_skills = list(CompanySkill.objects.select_related("company", "competence"))
    assert len(person_skills) > 50 and len(company_skills) > 20
    places = [m.slug for m in municipalities()]
    for viewer, seen in (
        (ANONYMOUS, {"public"}),
        (Viewer(Audience.STAFF, me.pk), {"public", "members"}),
    ):
        figures = {f.slug: f for f in supply.category_figures(Period.year(2025), None, viewer)}
        for category in {c.category for c in competences}:
            for slug in places:
                persons = {
                    s.person_id for s in person_skills
                    if s.competence and s.competence.category_id == category.pk
                    and s.person.is_listed and s.person.municipality == slug
                    and (s.person.skills_visibility in seen or s.person_id == viewer.person_id)
                }  # fmt: skip
                firms = {
                    s.company_id for s in company_skills
                    if s.competence and s.competence.category_id == category.pk
                    and s.company.is_listed and s.company.municipality == slug
                }  # fmt: skip
                f = figures[category.slug]
                assert f.people.get(slug, 0) == len(persons), (category.slug, slug)
                assert f.companies.get(slug, 0) == len(firms), (category.slug, slug)


def supply_recount() -> tuple[set, dict]:
    """The directory's supply marks and counts, worked out in Python from the rows."""
    from collections import Counter

    from klynge.directory.models import CompanySkill, PersonSkill

    marks = set()
    for s in PersonSkill.objects.select_related("person", "competence"):
        if s.competence and s.person.is_listed:
            marks.add(("person", s.person_id, s.competence.category_id, s.person.municipality,
                       s.person.skills_visibility))  # fmt: skip
    for s in CompanySkill.objects.select_related("company", "competence"):
        if s.competence and s.company.is_listed:
            marks.add(("company", s.company_id, s.competence.category_id, s.company.municipality,
                       ""))  # fmt: skip
    counts = Counter((k, c, m, v) for k, _o, c, m, v in marks)
    return marks, dict(counts)


def supply_stored() -> tuple[set, dict]:
    from klynge.directory.models import SupplyCount, SupplyMark

    marks = set(
        SupplyMark.objects.values_list("kind", "owner_id", "category", "municipality", "visibility")
    )
    counts = {
        (k, c, m, v): n
        for k, c, m, v, n in SupplyCount.objects.values_list(
            "kind", "category", "municipality", "visibility", "providers"
        )
        if n
    }
    return marks, counts


def test_supply_counts_follow_every_write_and_the_figures_match_a_plain_count(
    taxonomy, monkeypatch
):
    """The counts the directory keeps (directory/supply.py) equal a recount after a
    random sequence of writes: the services, the admin's save and delete, skills
    written by code that refreshes after (as services and imports do), an
    account's deactivation and deletion, an update() followed by the index refresh,
    a bulk load and rebuild(); and the supply figure equals a plain count."""
    from klynge.accounts.services import account_delete, user_create
    from klynge.competence.models import Competence
    from klynge.core.region import municipalities
    from klynge.directory import documents, services
    from klynge.directory import supply as kept
    from klynge.directory.models import CompanySkill, PersonSkill
    from klynge.directory.services import account_set_active
    from klynge.directory.visibility import ANONYMOUS, Audience, Viewer
    from klynge.insights.figures import supply

    rng = random.Random(5)
    staff = user_create(email="staff@example.org", password=None, is_staff=True)
    names = [c.label_nb for c in Competence.objects.all()] + ["strikking"]
    places = [m.slug for m in municipalities()][:3] + ["other", ""]
    visibility = ["public", "members", "private"]

    def skills():
        return [{"name": n} for n in rng.sample(names, rng.randint(0, 3))]

    people, companies, users = [], [], []
    for i in range(14):
        user = user_create(email=f"p{i}@example.org", password=None) if i < 8 else None
        person = Person.objects.create(user=user, name=f"P{i}", municipality=rng.choice(places))
        services.person_update(person=person, by=staff, skills=skills())
        people.append(person)
        users += [user] if user else []
    for i in range(6):
        company = services.company_create(by=staff, name=f"F{i}", skills=skills())
        companies.append(company)

    def check():
        assert supply_stored() == supply_recount()
        figures_viewers = [ANONYMOUS, Viewer(Audience.USER, people[0].pk),
                           Viewer(Audience.STAFF, None)]  # fmt: skip
        marks, _counts = supply_recount()
        region = {m.slug for m in municipalities()}
        for viewer in figures_viewers:
            seen = {"public"} | ({"members"} if viewer.sees_members_only else set())
            by_category = {}
            for kind, owner, category, municipality, vis in marks:
                if municipality not in region:
                    continue
                if kind == "person" and vis not in seen and owner != viewer.person_id:
                    continue
                side = by_category.setdefault(category, {"person": {}, "company": {}})[kind]
                side[municipality] = side.get(municipality, 0) + 1
            for f in supply.category_figures(Period.year(2025), None, viewer):
                pk = Category.objects.get(slug=f.slug).pk
                expected = by_category.get(pk, {"person": {}, "company": {}})
                assert {m: n for m, n in f.people.items() if n} == expected["person"], f.slug
                assert {m: n for m, n in f.companies.items() if n} == expected["company"]

    from klynge.competence.models import Category

    for step in range(120):
        action = rng.random()
        live = [p for p in people if Person.objects.filter(pk=p.pk).exists()]
        person = Person.objects.get(pk=rng.choice(live).pk) if live else None
        company = Company.objects.get(pk=rng.choice(companies).pk)
        if action < 0.3 and person:
            services.person_update(
                person=person, by=staff, municipality=rng.choice(places),
                skills_visibility=rng.choice(visibility), is_listed=rng.random() < 0.8,
                skills=skills() if rng.random() < 0.5 else None,
            )  # fmt: skip
        elif action < 0.45:
            services.company_update(
                company=company, by=staff, municipality=rng.choice(places),
                is_listed=rng.random() < 0.8, skills=skills() if rng.random() < 0.5 else None,
            )  # fmt: skip
        elif action < 0.55 and person:  # code writing skills itself, then refreshing
            competence = rng.choice(list(Competence.objects.all()))
            if rng.random() < 0.5:
                PersonSkill.objects.create(person=person, name=f"a{step}", competence=competence)
            else:
                PersonSkill.objects.filter(
                    pk__in=PersonSkill.objects.filter(person=person).values("pk")[:1]
                ).delete()
            documents.refresh_people([person.pk])
        elif action < 0.6:  # a taxonomy change moves a skill; reindex refreshes everyone
            skill = CompanySkill.objects.filter(company=company).first()
            if skill:
                CompanySkill.objects.filter(pk=skill.pk).update(
                    competence=rng.choice(list(Competence.objects.all()))
                )
                documents.refresh_companies(Company.objects.values_list("pk", flat=True))
        elif action < 0.67 and person:  # the admin: the profile itself
            person.municipality = rng.choice(places)
            person.skills_visibility = rng.choice(visibility)
            person.save()
        elif action < 0.72 and users:
            account_set_active(user=rng.choice(users), active=rng.random() < 0.3)
        elif action < 0.76 and users:
            account_delete(user=users.pop(rng.randrange(len(users))))
        elif action < 0.8 and person and rng.random() < 0.5:
            person.delete()
        elif action < 0.88 and person:  # an update() followed by the index refresh
            Person.objects.filter(pk=person.pk).update(municipality=rng.choice(places))
            documents.refresh_people([person.pk])
        elif action < 0.92:  # a bulk load, then rebuild()
            new = Person.objects.create(name=f"B{step}", municipality=rng.choice(places))
            people.append(new)
            PersonSkill.objects.bulk_create(
                PersonSkill(person=new, name=f"b{k}", competence=c)
                for k, c in enumerate(rng.sample(list(Competence.objects.all()), 2))
            )
            kept.rebuild()
        if step % 15 == 14:
            check()
    check()
    marks, counts = supply_stored()
    assert len({m[0] for m in marks}) == 2 and sum(counts.values()) == len(marks) > 5


def test_the_supply_migration_fills_the_counts(taxonomy):
    """The backfill of directory/0011 (run on today's models) gives rebuild()'s counts."""
    import importlib

    from django.apps import apps

    from klynge.competence.models import Competence
    from klynge.directory.models import CompanySkill, PersonSkill, SupplyCount, SupplyMark

    competences = list(Competence.objects.all())
    people = Person.objects.bulk_create(
        Person(name=f"P{i}", municipality=["gol", "hol"][i % 2], is_listed=i != 3,
               skills_visibility=["public", "members"][i % 2])
        for i in range(6)
    )  # fmt: skip
    PersonSkill.objects.bulk_create(
        PersonSkill(person=p, name=f"s{k}", competence=c)
        for p in people for k, c in enumerate(competences[:3])
    )  # fmt: skip
    company = Company.objects.create(name="F", municipality="gol")
    CompanySkill.objects.create(company=company, name="s", competence=competences[0])
    SupplyMark.objects.all().delete()
    SupplyCount.objects.all().delete()
    migration = importlib.import_module("klynge.directory.migrations.0011_supply_counts")
    migration.fill(apps, None)
    assert supply_stored() == supply_recount()
    marks, counts = supply_stored()
    assert len([m for m in marks if m[0] == "person"]) == 5 * len(
        {c.category_id for c in competences[:3]}
    )


def test_the_member_tables_show_one_or_two_as_under_3(db):
    """With the real threshold, a cell the plain count makes 1 or 2 is hidden, every
    other cell shows the plain count (the indexes and subqueries change no cell)."""
    rng = random.Random(11)
    period = Period.year(2025)
    random_hub(rng, period)
    hidden = 0
    for municipality in (None, "gol", "hol"):
        expected = reference(period, municipality)
        for table in members.tables(period, municipality):
            for row in table.rows:
                shown_cells = [c for c in row.cells if c.unit != "%"]
                for cell, n in zip(shown_cells, expected[table.key][row.key], strict=True):
                    if 0 < n < cells.SMALLEST_SHOWN:
                        assert cell.suppressed and cell.value is None, (table.key, row.key)
                        hidden += 1
                    else:
                        assert cell.value == n and not cell.suppressed, (table.key, row.key)
    assert hidden > 5
