"""manage.py import_brreg: IT businesses of the region from Enhetsregisteret's bulk files."""

import csv
import gzip
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from klynge.directory.models import Company

# Valid organisation numbers (MOD11), one per unit the tests need.
FJELLKODE, DALDATA, BUTIKK, OSLOKODE, NYKODE, KONKURS, AVVIKLING = (
    "923609016",
    "974760673",
    "987654325",
    "810305282",
    "914994780",
    "999999999",
    "889640782",
)


def unit(org_number=FJELLKODE, name="FJELLKODE AS", nace="62.010", kommune="3324", **extra):
    """A unit as in the register's JSON download, with its real field names."""
    return {
        "organisasjonsnummer": org_number,
        "navn": name,
        "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
        "naeringskode1": {"kode": nace, "beskrivelse": "Programmeringstjenester"},
        "forretningsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "3550",
            "poststed": "GOL",
            "adresse": ["Furuvegen 5"],
            "kommune": "GOL",
            "kommunenummer": kommune,
        },
        "antallAnsatte": 6,
        "hjemmeside": "www.fjellkode.no",
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
    } | extra


def write_json(tmp_path, units, name="enheter.json"):
    path = tmp_path / name
    data = json.dumps(units, ensure_ascii=False).encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return str(path)


def write_csv(tmp_path, units, name="enheter.csv", delimiter=";", yes="J", no="N"):
    columns = [
        "organisasjonsnummer",
        "navn",
        "organisasjonsform.kode",
        "naeringskode1.kode",
        "naeringskode1.beskrivelse",
        "antallAnsatte",
        "hjemmeside",
        "forretningsadresse.kommunenummer",
        "forretningsadresse.poststed",
        "konkurs",
        "underAvvikling",
        "underTvangsavviklingEllerTvangsopplosning",
    ]
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for u in units:
        flags = [
            yes if u[f] else no
            for f in ("konkurs", "underAvvikling", "underTvangsavviklingEllerTvangsopplosning")
        ]
        writer.writerow(
            [
                u["organisasjonsnummer"],
                u["navn"],
                "AS",
                u["naeringskode1"]["kode"],
                "Programmering, konsulent",
                u.get("antallAnsatte", ""),
                u.get("hjemmeside", ""),
                u["forretningsadresse"]["kommunenummer"],
                "GOL",
                *flags,
            ]
        )
    path = tmp_path / name
    data = out.getvalue().encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return str(path)


def run(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_brreg", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


MIXED = [
    unit(FJELLKODE, "FJELLKODE AS", nace="62.010", kommune="3324"),  # SN2007, Gol
    unit(DALDATA, "DALDATA AS", nace="62.100", kommune="3328", hjemmeside=None),  # SN2025, Ål
    unit(BUTIKK, "DALBUTIKKEN AS", nace="47.110", kommune="3324"),  # a shop: not IT
    unit(OSLOKODE, "OSLOKODE AS", nace="62.010", kommune="0301"),  # Oslo: not the region
    unit(KONKURS, "KONKURSKODE AS", konkurs=True),
    unit(AVVIKLING, "AVVIKLINGSDATA AS", underAvvikling=True),
    unit(NYKODE, "TVANGSKODE AS", underTvangsavviklingEllerTvangsopplosning=True),
]


@pytest.mark.django_db
class TestRegisterJson:
    def test_it_keeps_the_it_units_of_the_region(self, tmp_path):
        out, _ = run(write_json(tmp_path, MIXED))

        assert set(Company.objects.values_list("org_number", flat=True)) == {FJELLKODE, DALDATA}
        assert (
            "7 units scanned, 2 kept (IT businesses and 0 public bodies in the region), 2 created, "
            "0 updated, "
            "0 hidden" in out
        )
        assert "Skipped: 3 bankrupt or being dissolved" in out

    def test_it_makes_an_unclaimed_listing_from_the_register_facts(self, tmp_path):
        run(write_json(tmp_path, MIXED))

        fjellkode = Company.objects.get(org_number=FJELLKODE)
        assert fjellkode.name == "FJELLKODE AS"
        assert fjellkode.nace == "62.010"
        assert fjellkode.municipality == "gol"
        assert fjellkode.employees == 6
        assert fjellkode.website == "https://www.fjellkode.no"
        assert fjellkode.source == Company.Source.REGISTER
        assert fjellkode.is_claimed is False
        assert fjellkode.is_listed is True
        daldata = Company.objects.get(org_number=DALDATA)
        assert (daldata.municipality, daldata.website) == ("aal", "")

    def test_it_reads_gzipped_json(self, tmp_path):
        out, _ = run(write_json(tmp_path, MIXED, name="enheter_alle.json.gz"))

        assert "2 created" in out
        assert Company.objects.count() == 2

    def test_it_skips_a_unit_with_a_bad_org_number(self, tmp_path):
        _, err = run(write_json(tmp_path, [unit("923609017")]))

        assert "unit '923609017' (FJELLKODE AS): not a valid organisation number" in err
        assert not Company.objects.exists()

    def test_it_takes_the_it_codes_from_the_setting(self, tmp_path, settings):
        settings.KLYNGE_BRREG_NACE_PREFIXES = ["47."]
        run(write_json(tmp_path, MIXED))

        assert list(Company.objects.values_list("org_number", flat=True)) == [BUTIKK]

    def test_the_command_line_overrides_the_codes(self, tmp_path):
        run(write_json(tmp_path, MIXED), "--nace-prefix", "62.1", "--nace-prefix", "47.")

        assert set(Company.objects.values_list("org_number", flat=True)) == {DALDATA, BUTIKK}

    def test_the_dry_run_counts_and_writes_nothing(self, tmp_path):
        out, _ = run(write_json(tmp_path, MIXED), "--dry-run")

        assert "Dry run, nothing written. 7 units scanned, 2 kept" in out
        assert not Company.objects.exists()

    def test_it_reports_a_broken_file(self, tmp_path):
        path = tmp_path / "enheter.json"
        path.write_text(json.dumps([unit(), unit(DALDATA)])[:-40])

        with pytest.raises(CommandError, match="not valid JSON"):
            run(str(path))

    def test_it_reports_a_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="cannot open"):
            run(str(tmp_path / "nothing.json"))


@pytest.mark.django_db
class TestRegisterCsv:
    def test_it_reads_semicolons_and_j_n_flags(self, tmp_path):
        out, _ = run(write_csv(tmp_path, MIXED))

        assert "7 units scanned, 2 kept" in out
        assert set(Company.objects.values_list("org_number", flat=True)) == {FJELLKODE, DALDATA}
        fjellkode = Company.objects.get(org_number=FJELLKODE)
        assert (fjellkode.employees, fjellkode.website) == (6, "https://www.fjellkode.no")

    def test_it_reads_commas_and_true_false_flags_gzipped(self, tmp_path):
        path = write_csv(
            tmp_path, MIXED, name="enheter.csv.gz", delimiter=",", yes="true", no="false"
        )
        out, _ = run(path)

        assert "7 units scanned, 2 kept" in out
        assert "Skipped: 3 bankrupt or being dissolved" in out

    def test_it_refuses_a_csv_without_the_columns_it_needs(self, tmp_path):
        path = tmp_path / "enheter.csv"
        path.write_text("organisasjonsnummer;navn\n923609016;FJELLKODE AS\n")

        with pytest.raises(CommandError, match="no column naeringskode1.kode"):
            run(str(path))


@pytest.mark.django_db
class TestRegisterUpdates:
    def test_it_updates_an_existing_listing_without_duplicating(self, tmp_path):
        run(write_json(tmp_path, MIXED))
        moved = unit(FJELLKODE, "FJELLKODE DIGITAL AS", nace="62.200", kommune="3330")
        out, _ = run(write_json(tmp_path, [moved | {"antallAnsatte": 9}]))

        assert "0 created, 1 updated" in out
        fjellkode = Company.objects.get(org_number=FJELLKODE)
        assert (fjellkode.name, fjellkode.nace) == ("FJELLKODE DIGITAL AS", "62.200")
        assert (fjellkode.municipality, fjellkode.employees) == ("hol", 9)
        assert Company.objects.count() == 2

    def test_a_second_run_of_the_same_file_updates_the_same_listings(self, tmp_path):
        path = write_json(tmp_path, MIXED)
        run(path)
        out, _ = run(path)

        assert "0 created, 2 updated, 0 hidden" in out
        assert Company.objects.count() == 2

    def test_it_updates_only_register_facts_of_a_claimed_company(self, tmp_path):
        Company.objects.create(
            org_number=FJELLKODE,
            name="Fjellkode",
            description="Vi lagar nettsider.",
            website="https://fjellkode.example",
            municipality="gol",
            nace="62.010",
            employees=3,
            source=Company.Source.REGISTER,
            is_claimed=True,
        )
        run(write_json(tmp_path, [unit(nace="62.100", kommune="3328", antallAnsatte=12)]))

        fjellkode = Company.objects.get()
        assert (fjellkode.nace, fjellkode.municipality, fjellkode.employees) == (
            "62.100",
            "aal",
            12,
        )
        assert fjellkode.name == "Fjellkode"
        assert fjellkode.description == "Vi lagar nettsider."
        assert fjellkode.website == "https://fjellkode.example"

    def test_it_keeps_the_name_the_hub_imported(self, tmp_path):
        Company.objects.create(
            org_number=FJELLKODE,
            name="Fjellkode AS",
            external_id="c-004",
            source=Company.Source.IMPORT,
            is_claimed=False,
        )
        run(write_json(tmp_path, [unit()]))

        assert Company.objects.get().name == "Fjellkode AS"

    def test_it_hides_a_listing_that_went_bankrupt(self, tmp_path):
        run(write_json(tmp_path, MIXED))
        out, _ = run(write_json(tmp_path, [unit(konkurs=True), unit(DALDATA, nace="62.100")]))

        assert "0 created, 1 updated, 1 hidden" in out
        fjellkode = Company.objects.get(org_number=FJELLKODE)
        assert fjellkode.is_listed is False
        assert Company.objects.count() == 2  # hidden, never deleted

    def test_it_hides_a_listing_being_dissolved_only_once(self, tmp_path):
        run(write_json(tmp_path, [unit()]))
        path = write_json(tmp_path, [unit(underAvvikling=True)])
        first, _ = run(path)
        second, _ = run(path)

        assert "1 hidden" in first
        assert "0 hidden" in second

    def test_it_leaves_a_claimed_company_listed_when_it_went_bankrupt(self, tmp_path):
        Company.objects.create(org_number=FJELLKODE, name="Fjellkode", is_claimed=True)
        out, _ = run(write_json(tmp_path, [unit(konkurs=True)]))

        assert "0 hidden" in out
        assert Company.objects.get().is_listed is True


HOL = "964963193"


def sector(code: str) -> dict:
    return {"institusjonellSektorkode": {"kode": code, "beskrivelse": "…"}}


@pytest.mark.django_db
class TestSectorCode:
    """The register's institutional sector code tells public bodies (directory/sectors.py)."""

    def test_it_reads_the_sector_code_of_an_it_business(self, tmp_path):
        run(write_json(tmp_path, [unit(**sector("2100"))]))
        assert Company.objects.get().sector_code == "2100"

    def test_it_keeps_a_public_body_of_the_region_whatever_its_industry(self, tmp_path):
        hol = unit(HOL, "HOL KOMMUNE", nace="84.110", kommune="3330", **sector("6500"))
        shop = unit(BUTIKK, "DALBUTIKKEN AS", nace="47.110", **sector("2100"))
        out, _ = run(write_json(tmp_path, [hol, shop, *MIXED[:2]]))

        kommune = Company.objects.get(org_number=HOL)
        assert (kommune.sector_code, kommune.nace, kommune.municipality) == (
            "6500",
            "84.110",
            "hol",
        )
        assert kommune.is_listed is False  # known as a buyer, not offered as an IT provider
        assert Company.objects.get(org_number=FJELLKODE).is_listed is True
        assert not Company.objects.filter(org_number=BUTIKK).exists()
        assert "3 kept (IT businesses and 1 public bodies in the region)" in out

    def test_a_public_body_outside_the_region_is_not_kept(self, tmp_path):
        oslo = unit(HOL, "OSLO KOMMUNE", nace="84.110", kommune="0301", **sector("6500"))
        run(write_json(tmp_path, [oslo]))
        assert not Company.objects.exists()

    def test_a_later_import_updates_the_code(self, tmp_path):
        run(write_json(tmp_path, [unit(**sector("2100"))]))
        run(write_json(tmp_path, [unit(**sector("1520"))]))
        assert Company.objects.get().sector_code == "1520"

    def test_it_reads_the_code_from_the_csv_file(self, tmp_path):
        path = tmp_path / "enheter.csv"
        path.write_text(
            "organisasjonsnummer;navn;naeringskode1.kode;forretningsadresse.kommunenummer;"
            "institusjonellSektorkode.kode\n"
            f"{HOL};HOL KOMMUNE;84.110;3330;6500\n"
            f"{FJELLKODE};FJELLKODE AS;62.010;3324;2100\n"
            f"{BUTIKK};DALBUTIKKEN AS;47.110;3324;2100\n"
        )
        run(str(path))
        codes = dict(Company.objects.values_list("org_number", "sector_code"))
        assert codes == {HOL: "6500", FJELLKODE: "2100"}
