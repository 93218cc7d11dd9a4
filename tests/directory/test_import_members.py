"""manage.py import_members: JSON Lines of people and companies (shared/spec/interchange.md)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.directory.imports import members
from klynge.directory.imports.records import PersonRecord
from klynge.directory.models import (
    Company,
    CompanySkill,
    MemberStatus,
    Person,
    PersonSkill,
    Visibility,
)

KARI = {
    "kind": "person",
    "external_id": "p-017",
    "name": "Kari Haugen",
    "email": "kari@example.no",
    "headline": "Frontend-utviklar og UX-designar",
    "bio": "Fritekst, kan vere bokmål, nynorsk eller engelsk.",
    "municipality": "gol",
    "employer": "Hallingdata AS",
    "skills": [{"name": "React", "level": 4}, {"name": "universell utforming", "level": 3}],
    "languages": ["nb", "nn", "en"],
    "available_for_assignments": True,
    "remote_worker": False,
    "links": {
        "linkedin": "https://www.linkedin.com/in/kari-haugen",
        "website": "https://kari.example.no",
        "github": "https://github.com/karih",
    },
}
FJELLKODE = {
    "kind": "company",
    "external_id": "c-004",
    "org_number": "923609016",
    "name": "Fjellkode AS",
    "description": "Fritekst.",
    "municipality": "aal",
    "nace": "62.010",
    "employees": 6,
    "services": ["Nettsider og nettbutikk", "Drift og support"],
    "skills": [{"name": "WordPress"}, {"name": "Python"}],
    "website": "https://fjellkode.no",
}
VALID_ORG_NUMBERS = ["974760673", "923609016", "987654325", "810305282"]


def write(tmp_path, *records, name="members.jsonl") -> str:
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_members", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def person(external_id="p-1", **fields):
    return {"kind": "person", "external_id": external_id, "name": "Ola Nordmann"} | fields


def company(external_id="c-1", **fields):
    return {"kind": "company", "external_id": external_id, "name": "Dalkode AS"} | fields


@pytest.mark.django_db
class TestImportPeople:
    def test_it_imports_a_person_with_every_field(self, tmp_path):
        out, err = run(write(tmp_path, KARI))

        assert "1 created, 0 updated, 0 skipped (bad lines)." in out
        assert err == ""
        kari = Person.objects.get(external_id="p-017")
        assert kari.user is None
        assert kari.name == "Kari Haugen"
        assert kari.contact_email == "kari@example.no"
        assert kari.headline == "Frontend-utviklar og UX-designar"
        assert kari.municipality == "gol"
        assert kari.languages == ["nb", "nn", "en"]
        assert kari.available_for_assignments and not kari.remote_worker
        assert kari.linkedin_url == "https://www.linkedin.com/in/kari-haugen"
        assert kari.website_url == "https://kari.example.no"
        assert kari.github_url == "https://github.com/karih"
        assert sorted(kari.skills.values_list("name", "level")) == [
            ("React", 4),
            ("universell utforming", 3),
        ]

    def test_it_makes_imported_people_approved_members_with_default_visibility(self, tmp_path):
        run(write(tmp_path, KARI))

        kari = Person.objects.get(external_id="p-017")
        assert kari.member_status == MemberStatus.APPROVED
        assert kari.member_since is not None
        assert kari.contact_visibility == Visibility.MEMBERS
        assert kari.bio_visibility == Visibility.PUBLIC
        assert kari.skills_visibility == Visibility.PUBLIC
        assert kari.is_listed

    def test_it_leaves_membership_out_when_the_record_says_member_false(self, tmp_path):
        run(write(tmp_path, person(member=False), company(member=False)))

        assert Person.objects.get().member_status == MemberStatus.NONE
        assert Person.objects.get().member_since is None
        assert Company.objects.get().member_status == MemberStatus.NONE

    def test_it_ends_an_approval_when_a_reimport_says_member_false(self, tmp_path):
        run(write(tmp_path, person()))
        run(write(tmp_path, person(member=False)))

        assert Person.objects.get().member_status == MemberStatus.NONE

    def test_it_links_the_employer_by_name_ignoring_case(self, tmp_path):
        employer = Company.objects.create(name="Ål Økonomi AS")
        run(write(tmp_path, person(employer="ÅL ØKONOMI as")))

        assert Person.objects.get().employer == employer
        assert Person.objects.get().employer_name == ""

    def test_it_keeps_an_unknown_employer_as_text(self, tmp_path):
        run(write(tmp_path, person(employer="Nowhere Ltd")))

        assert Person.objects.get().employer is None
        assert Person.objects.get().employer_name == "Nowhere Ltd"

    def test_it_links_an_employer_that_comes_later_in_the_file(self, tmp_path):
        path = write(tmp_path, person(employer="Dalkode AS"), person("p-2"), company())
        run(path, "--chunk-size", "1")

        assert Person.objects.get(external_id="p-1").employer == Company.objects.get()


@pytest.mark.django_db
class TestImportCompanies:
    def test_it_imports_an_unclaimed_company_from_the_hub(self, tmp_path):
        out, _ = run(write(tmp_path, FJELLKODE))

        assert "1 created" in out
        fjellkode = Company.objects.get(external_id="c-004")
        assert fjellkode.org_number == "923609016"
        assert fjellkode.name == "Fjellkode AS"
        assert fjellkode.municipality == "aal"
        assert fjellkode.nace == "62.010"
        assert fjellkode.employees == 6
        assert fjellkode.services == ["Nettsider og nettbutikk", "Drift og support"]
        assert fjellkode.website == "https://fjellkode.no"
        assert fjellkode.source == Company.Source.IMPORT
        assert fjellkode.is_claimed is False
        assert fjellkode.member_status == MemberStatus.APPROVED
        assert sorted(fjellkode.skills.values_list("name", flat=True)) == ["Python", "WordPress"]

    def test_it_normalises_a_spaced_org_number(self, tmp_path):
        run(write(tmp_path, company(org_number="923 609 016")))

        assert Company.objects.get().org_number == "923609016"

    def test_it_takes_over_a_register_listing_with_the_same_org_number(self, tmp_path):
        listing = Company.objects.create(
            name="FJELLKODE AS",
            org_number="923609016",
            source=Company.Source.REGISTER,
            is_claimed=False,
        )
        out, _ = run(write(tmp_path, FJELLKODE))

        assert "0 created, 1 updated" in out
        listing.refresh_from_db()
        assert listing.external_id == "c-004"
        assert listing.name == "Fjellkode AS"
        assert listing.source == Company.Source.IMPORT
        assert Company.objects.count() == 1

    def test_it_returns_the_ids_it_wrote(self, db):
        record = PersonRecord(
            line=1, external_id="p-9", fields={"name": "Nils"}, employer="", member=True, skills=[]
        )
        result = members.people_import(records=[record], employers={})

        assert result.created == [Person.objects.get().pk]
        assert result.updated == []
        again = members.people_import(records=[record], employers={})
        assert again.updated == result.created


@pytest.mark.django_db
class TestBadLines:
    def test_it_reports_each_bad_line_by_number_and_writes_nothing_of_it(self, tmp_path):
        path = write(
            tmp_path,
            person("p-good-1"),
            '{"kind": "person", "external_id": "p-broken", ',
            {"kind": "robot", "external_id": "r-1", "name": "R2"},
            person("p-noname", name=""),
            person("p-where", municipality="oslo", skills=[{"name": "Python"}]),
            company("c-bad-org", org_number="923609017", skills=[{"name": "Go"}]),
            person("p-level", skills=[{"name": "Python", "level": 7}]),
            person("p-url", links={"linkedin": "not a url"}),
            person("p-email", email="kari(at)example.no"),
            company("c-count", employees="six"),
            person("p-bool", remote_worker="yes"),
            [1, 2, 3],
            person("p-good-2"),
        )
        out, err = run(path)

        assert "2 created, 0 updated, 11 skipped (bad lines)." in out
        assert set(Person.objects.values_list("external_id", flat=True)) == {
            "p-good-1",
            "p-good-2",
        }
        assert not Company.objects.exists()
        assert not PersonSkill.objects.exists() and not CompanySkill.objects.exists()
        lines = err.splitlines()
        assert lines[0].startswith("line 2: not valid JSON")
        assert lines[1].startswith('line 3: \'kind\' must be "person" or "company"')
        assert lines[2] == "line 4: 'name' is required; skipped"
        assert lines[3].startswith("line 5: unknown 'municipality' \"oslo\"")
        assert lines[4].startswith("line 6: 'org_number' \"923609017\" is not a valid")
        assert lines[5] == "line 7: 'skills[0].level' must be a whole number from 1 to 5; skipped"
        assert lines[6].startswith("line 8: 'links.linkedin' is not a valid web address")
        assert lines[7].startswith("line 9: 'email' is not a valid email address")
        assert lines[8].startswith("line 10: 'employees' must be a whole number")
        assert lines[9].startswith("line 11: 'remote_worker' must be true or false")
        assert lines[10] == "line 12: expected a JSON object {...}; skipped"

    def test_it_gives_every_reason_of_a_line_at_once(self, tmp_path):
        _, err = run(write(tmp_path, {"kind": "company", "org_number": "12", "website": "x y"}))

        assert "'external_id' is required" in err
        assert "'name' is required" in err
        assert "'org_number' \"12\" is not a valid organisation number" in err
        assert "'website' is not a valid web address" in err

    def test_it_counts_lines_as_they_are_in_the_file(self, tmp_path):
        path = write(tmp_path, person("p-1"), "", "   ", person("p-2", municipality="mars"))
        _, err = run(path)

        assert err.startswith("line 4: unknown 'municipality'")

    def test_it_accepts_other_for_outside_the_region(self, tmp_path):
        run(write(tmp_path, person(municipality="other")))

        assert Person.objects.get().municipality == "other"

    def test_it_warns_about_unknown_keys_and_imports_the_rest(self, tmp_path):
        path = write(
            tmp_path, person(phone="12345678", links={"twitter": "https://x.com/o"}), company()
        )
        out, err = run(path)

        assert "line 1: warning: unknown key 'phone' ignored" in err
        assert "line 1: warning: unknown key 'links.twitter' ignored" in err
        assert "2 created" in out
        assert "2 warnings" in out
        assert Person.objects.get().phone == ""

    def test_the_dry_run_checks_every_line_and_writes_nothing(self, tmp_path):
        Person.objects.create(name="Ola", external_id="p-1")
        out, err = run(
            write(tmp_path, person("p-1"), person("p-2"), person("p-3", name=7)), "--dry-run"
        )

        assert "Dry run, nothing written. 1 would be created, 1 would be updated, 1 skipped" in out
        assert err.startswith("line 3: 'name' must be a string")
        assert Person.objects.count() == 1

    def test_it_refuses_a_file_it_cannot_open(self, tmp_path):
        with pytest.raises(CommandError, match="cannot open"):
            run(str(tmp_path / "missing.jsonl"))


@pytest.mark.django_db
class TestReimport:
    def test_it_updates_instead_of_duplicating(self, tmp_path):
        path = write(tmp_path, KARI, FJELLKODE)
        first, _ = run(path)
        since = Person.objects.get().member_since
        second, _ = run(path)

        assert "2 created, 0 updated, 0 skipped" in first
        assert "0 created, 2 updated, 0 skipped" in second
        assert Person.objects.count() == 1 and Company.objects.count() == 1
        assert PersonSkill.objects.count() == 2 and CompanySkill.objects.count() == 2
        assert Person.objects.get().member_since == since

    def test_it_replaces_the_skill_set_and_the_fields(self, tmp_path):
        run(write(tmp_path, person(headline="Utviklar", skills=[{"name": "Java", "level": 2}])))
        run(write(tmp_path, person(skills=[{"name": "Python", "level": 5}])))

        ola = Person.objects.get()
        assert list(ola.skills.values_list("name", "level")) == [("Python", 5)]
        assert ola.headline == ""  # left out of the record, so emptied

    def test_it_keeps_what_the_format_does_not_know(self, tmp_path):
        run(write(tmp_path, person()))
        Person.objects.update(phone="99887766", contact_visibility=Visibility.PRIVATE)
        run(write(tmp_path, person(name="Ola N.")))

        ola = Person.objects.get()
        assert (ola.name, ola.phone, ola.contact_visibility) == ("Ola N.", "99887766", "private")

    def test_it_leaves_a_claimed_profile_alone(self, tmp_path):
        user = user_create(email="ola@example.org", password="x" * 20, name="Ola")
        Person.objects.create(name="Ola Selv", external_id="p-1", user=user)
        out, err = run(write(tmp_path, person(name="Ola fra lista")))

        assert Person.objects.get().name == "Ola Selv"
        assert "line 1: person 'p-1' has been claimed by its owner; not changed" in err
        assert "1 left unchanged: claimed by their owners." in out

    def test_the_same_external_id_twice_in_a_file_updates_the_first(self, tmp_path):
        out, _ = run(write(tmp_path, person(name="Først"), person(name="Sist")))

        assert "1 created, 1 updated" in out
        assert Person.objects.get().name == "Sist"


@pytest.mark.django_db
class TestAtomicity:
    def test_a_record_the_database_refuses_is_reported_and_not_written(self, tmp_path):
        # Two companies with the same org number pass validation line by line;
        # the unique index refuses the second when the chunk is written.
        path = write(
            tmp_path,
            company("c-1", org_number="923609016", skills=[{"name": "Go"}]),
            person("p-1", skills=[{"name": "Rust"}]),
            company("c-2", name="Kopi AS", org_number="923609016", skills=[{"name": "PHP"}]),
            person("p-2", skills=[{"name": "Elm"}]),
        )
        out, err = run(path)

        assert (
            "line 3: org_number 923609016 already belongs to another company "
            "(external_id 'c-1'); skipped"
        ) in err
        assert "3 created, 0 updated, 1 skipped" in out
        assert list(Company.objects.values_list("external_id", flat=True)) == ["c-1"]
        assert sorted(CompanySkill.objects.values_list("name", flat=True)) == ["Go"]
        assert sorted(PersonSkill.objects.values_list("name", flat=True)) == ["Elm", "Rust"]

    def test_an_org_number_of_another_imported_company_is_refused(self, tmp_path):
        run(write(tmp_path, company("c-1", org_number="923609016")))
        _, err = run(write(tmp_path, company("c-2", org_number="923609016")))

        assert "line 1: org_number 923609016 already belongs to another company" in err
        assert not Company.objects.filter(external_id="c-2").exists()

    def test_changing_an_org_number_to_one_in_use_is_refused(self, tmp_path):
        run(write(tmp_path, company("c-1", org_number="923609016"), company("c-2")))
        _, err = run(write(tmp_path, company("c-2", org_number="923609016", employees=3)))

        assert err == "line 1: org_number 923609016 already belongs to another company; skipped\n"
        assert Company.objects.get(external_id="c-2").org_number is None
        assert Company.objects.get(external_id="c-2").employees is None

    def test_a_crash_mid_file_leaves_every_record_whole_or_absent(self, tmp_path, monkeypatch):
        insert_rows, calls = members.insert_rows, []

        def crash_on_the_third_skills_insert(model, rows, **kwargs):
            if model is PersonSkill:
                calls.append(model)
                if len(calls) == 3:
                    raise OSError("disk full")
            return insert_rows(model, rows, **kwargs)

        monkeypatch.setattr(members, "insert_rows", crash_on_the_third_skills_insert)
        records = [person(f"p-{i}", skills=[{"name": "Python"}]) for i in range(1, 8)]
        with pytest.raises(CommandError) as excinfo:
            run(write(tmp_path, *records), "--chunk-size", "2")

        assert "stopped at the chunk starting on line 5" in str(excinfo.value)
        assert "OSError: disk full" in str(excinfo.value)
        saved = set(Person.objects.values_list("external_id", flat=True))
        assert saved == {"p-1", "p-2", "p-3", "p-4"}
        for ola in Person.objects.all():
            assert list(ola.skills.values_list("name", flat=True)) == ["Python"]

    def test_running_the_file_again_after_a_crash_completes_it(self, tmp_path, monkeypatch):
        records = [person(f"p-{i}") for i in range(1, 6)]
        path = write(tmp_path, *records)
        Person.objects.create(name="x", external_id="p-3", user=None, member_since=timezone.now())
        out, _ = run(path, "--chunk-size", "2")

        assert "4 created, 1 updated" in out
        assert Person.objects.count() == 5
