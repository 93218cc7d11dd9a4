"""Generate test files for the two imports.

    .venv/bin/python bench/imports/generate.py members N OUT.jsonl
    .venv/bin/python bench/imports/generate.py register N OUT.json[.gz]

``members`` writes N JSON Lines records in the interchange format
(shared/spec/interchange.md): about four persons to one company, Norwegian
names, skills in bokmål, nynorsk and English, some people working for a
company in the same file. ``register`` writes an N-unit array in the format of
Enhetsregisteret's bulk download: like the real register, almost every unit
lies outside the region or is not an IT business; about 0.1 % are IT units in
Hallingdal, and a few of those are bankrupt or being dissolved.

Deterministic: the same N gives the same file (seeded random numbers).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

FIRST = [
    "Kari",
    "Ola",
    "Ingrid",
    "Nils",
    "Astrid",
    "Per",
    "Sigrid",
    "Lars",
    "Guro",
    "Knut",
    "Marit",
    "Halvor",
    "Signe",
    "Torbjørn",
    "Ragnhild",
    "Øystein",
    "Åse",
    "Eirik",
    "Solveig",
    "Håkon",
    "Liv",
    "Tor",
    "Birgit",
    "Gunnar",
    "Aud",
    "Jon",
    "Berit",
    "Ivar",
    "Ingeborg",
    "Ståle",
    "Mari",
    "Anders",
    "Nora",
    "Emil",
    "Sofie",
    "Jakob",
    "Ella",
    "Filip",
    "Maja",
    "Aksel",
]
LAST = [
    "Haugen",
    "Hansen",
    "Olsen",
    "Bakke",
    "Myhre",
    "Strand",
    "Hagen",
    "Lie",
    "Kleppe",
    "Ødegård",
    "Sletten",
    "Rud",
    "Bøe",
    "Hovda",
    "Tangen",
    "Grøndahl",
    "Nestegard",
    "Skaret",
    "Kvisle",
    "Brenno",
    "Torpe",
    "Thorsrud",
    "Hølto",
    "Sæther",
    "Aasen",
    "Dokken",
    "Rustand",
    "Engene",
    "Vindegg",
    "Medhus",
]
WORDS = [
    "Fjell",
    "Dal",
    "Elv",
    "Kode",
    "Data",
    "Nett",
    "Bit",
    "Sky",
    "Fiber",
    "Lys",
    "Bre",
    "Vidde",
    "Sti",
    "Tind",
    "Foss",
]
SUFFIX = ["AS", "AS", "AS", "ENK", "DA"]
SKILLS = [
    # bokmål, nynorsk, English, and the product names everyone uses
    "Python",
    "Django",
    "React",
    "TypeScript",
    "WordPress",
    "Shopify",
    "Azure",
    "AWS",
    "Kubernetes",
    "Linux",
    "nettverk",
    "IT-drift",
    "brukarstøtte",
    "brukerstøtte",
    "universell utforming",
    "UX-design",
    "prosjektleiing",
    "prosjektledelse",
    "informasjonstryggleik",
    "informasjonssikkerhet",
    "cyber security",
    "GDPR",
    "Microsoft 365",
    "SharePoint",
    "Power BI",
    "dataanalyse",
    "maskinlæring",
    "machine learning",
    "nettbutikk",
    "e-handel",
    "apputvikling",
    "app development",
    "fiberinstallasjon",
    "smarthus",
    "3D-print",
    "grafisk design",
    "video production",
    "opplæring",
    "undervisning",
    "SQL",
    "PostgreSQL",
    "Java",
    "C#",
    ".NET",
    "PHP",
]
SERVICES = [
    "Nettsider og nettbutikk",
    "Drift og support",
    "Skytenester",
    "Rådgjeving",
    "Rådgivning",
    "Opplæring",
    "Programvareutvikling",
    "IT-sikkerheit",
    "Fiber og nettverk",
]
HEADLINES = [
    "Frontend-utviklar og UX-designar",
    "Systemutvikler",
    "IT-konsulent",
    "Software engineer working remotely",
    "Dagleg leiar",
    "Driftstekniker",
    "Data scientist",
    "Prosjektleiar i kommunal IT",
    "Freelance web developer",
]
MUNICIPALITIES = ["flaa", "nesbyen", "gol", "hemsedal", "aal", "hol", "other"]
REGION_NUMBERS = ["3320", "3322", "3324", "3326", "3328", "3330"]
OTHER_NUMBERS = ["0301", "4601", "5001", "1103", "3201", "3301", "1804", "5501", "3907", "4204"]
IT_NACE = ["62.010", "62.020", "62.030", "62.090", "63.110", "62.100", "62.200", "58.290"]
OTHER_NACE = ["47.110", "68.209", "41.200", "70.220", "56.101", "01.410", "86.211", "43.210"]
WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number(rng: random.Random, used: set[str]) -> str:
    """A valid organisation number not handed out before."""
    while True:
        first = str(rng.randint(80_000_000, 99_999_999))
        digit = 11 - sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11
        number = first + ("0" if digit == 11 else str(digit))
        if digit != 10 and number not in used:
            used.add(number)
            return number


def skills(rng: random.Random, count: int, levels: bool = True) -> list[dict]:
    chosen = rng.sample(SKILLS, count)
    return [
        {"name": name, "level": rng.randint(1, 5)}
        if levels and rng.random() < 0.8
        else {"name": name}
        for name in chosen
    ]


def company_name(rng: random.Random, i: int) -> str:
    return f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {i} {rng.choice(SUFFIX)}"


def member_records(n: int, seed: int = 17):
    rng = random.Random(seed)
    companies: list[str] = []
    used: set[str] = set()
    for i in range(1, n + 1):
        if i % 5 == 1:
            name = company_name(rng, i)
            companies.append(name)
            record = {
                "kind": "company",
                "external_id": f"c-{i:07d}",
                "org_number": org_number(rng, used),
                "name": name,
                "description": "Vi lagar nettsider, driftar servarar og hjelper bedrifter i dalen.",
                "municipality": rng.choice(MUNICIPALITIES),
                "nace": rng.choice(IT_NACE),
                "employees": rng.randint(1, 40),
                "services": rng.sample(SERVICES, 2),
                "skills": skills(rng, rng.randint(2, 6), levels=False),
                "website": f"https://www.{name.split()[0].lower()}{i}.no",
            }
        else:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = f"{first}.{last}".lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")
            record = {
                "kind": "person",
                "external_id": f"p-{i:07d}",
                "name": f"{first} {last}",
                "email": f"{slug}{i}@example.no",
                "headline": rng.choice(HEADLINES),
                "bio": "Fritekst om meg. Eg bur i dalen og jobbar med IT.",
                "municipality": rng.choice(MUNICIPALITIES),
                "skills": skills(rng, rng.randint(1, 6)),
                "languages": rng.sample(["nb", "nn", "en", "se", "de"], rng.randint(1, 3)),
                "available_for_assignments": rng.random() < 0.3,
                "remote_worker": rng.random() < 0.2,
                "links": {"linkedin": f"https://www.linkedin.com/in/{slug.replace('.', '-')}-{i}"},
            }
            if companies and rng.random() < 0.5:
                record["employer"] = rng.choice(companies)
            elif rng.random() < 0.3:
                record["employer"] = "Hallingdal kommunale IT"
            if rng.random() < 0.05:
                record["member"] = False
        yield record


def register_unit(rng: random.Random, used: set[str]) -> dict:
    roll = rng.random()
    if roll < 0.001:  # an IT business in the region
        kommune, nace = rng.choice(REGION_NUMBERS), rng.choice(IT_NACE)
    elif roll < 0.01:  # in the region, not IT
        kommune, nace = rng.choice(REGION_NUMBERS), rng.choice(OTHER_NACE)
    elif roll < 0.05:  # IT, elsewhere
        kommune, nace = rng.choice(OTHER_NUMBERS), rng.choice(IT_NACE)
    else:
        kommune, nace = rng.choice(OTHER_NUMBERS), rng.choice(OTHER_NACE)
    bankrupt = rng.random() < 0.01
    dissolving = rng.random() < 0.01
    address = {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": f"{rng.randint(1, 9999):04d}",
        "poststed": rng.choice(["GOL", "OSLO", "BERGEN", "ÅL", "HEMSEDAL", "TRONDHEIM"]),
        "adresse": [f"{rng.choice(WORDS)}vegen {rng.randint(1, 99)}"],
        "kommune": "GOL",
        "kommunenummer": kommune,
    }
    unit = {
        "organisasjonsnummer": org_number(rng, used),
        "navn": f"{rng.choice(WORDS)}{rng.choice(WORDS)} {rng.choice(SUFFIX)}".upper(),
        "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
        "postadresse": address,
        "registreringsdatoEnhetsregisteret": "2015-03-12",
        "registrertIMvaregisteret": True,
        "naeringskode1": {"kode": nace, "beskrivelse": "Utvikling av programvare"},
        "harRegistrertAntallAnsatte": True,
        "antallAnsatte": rng.randint(0, 50),
        "forretningsadresse": address,
        "stiftelsesdato": "2015-02-01",
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "registrertIForetaksregisteret": True,
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": False,
        "sisteInnsendteAarsregnskap": "2024",
        "konkurs": bankrupt,
        "underAvvikling": dissolving,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
        "vedtektsdato": "2015-02-01",
        "vedtektsfestetFormaal": ["Utvikling og sal av programvare og tenester."],
        "aktivitet": ["Utvikling av programvare, konsulentverksemd og tilknytt verksemd."],
    }
    if rng.random() < 0.4:
        unit["hjemmeside"] = f"www.{unit['navn'].split()[0].lower()}.no"
    return unit


def write_members(n: int, out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for record in member_records(n):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_register(n: int, out: Path) -> None:
    rng = random.Random(2007)
    used: set[str] = set()
    opener = gzip.open if out.suffix == ".gz" else open
    with opener(out, "wt", encoding="utf-8") as f:
        f.write("[")
        for i in range(n):
            f.write(("," if i else "") + json.dumps(register_unit(rng, used), ensure_ascii=False))
        f.write("]")


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[0] not in {"members", "register"}:
        raise SystemExit(__doc__)
    kind, n, out = argv[0], int(argv[1]), Path(argv[2])
    (write_members if kind == "members" else write_register)(n, out)
    print(f"wrote {n} {kind} records to {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
