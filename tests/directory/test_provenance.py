"""Where each competence of a search document came from: declared (a skill, a company's
services, a person's headline) or only mentioned in free text (a bio, a description);
and that documents of the older shape are rewritten by a plain ``migrate``."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from klynge.competence.index import (
    ANALYSIS,
    DECLARED,
    MENTIONED,
    read_concepts,
    stale_documents,
)
from klynge.competence.models import Competence, SearchDocument
from klynge.directory import documents
from klynge.directory.models import Visibility


def concepts(kind: str, object_id: int, audience: str = "public") -> dict:
    doc = SearchDocument.objects.get(kind=kind, object_id=object_id, audience=audience)
    return {slug: concept.declared for slug, concept in read_concepts(doc.concepts).items()}


def raw(kind: str, object_id: int, audience: str = "public") -> list:
    return SearchDocument.objects.get(kind=kind, object_id=object_id, audience=audience).concepts


@pytest.fixture
def ingrid(make_person):
    """Skills name payments; her headline names web shops; her bio only mentions case
    management and e-mail setup for the municipality she worked for."""
    person = make_person(
        name="Ingrid Indeks",
        headline="Utviklar av nettbutikk",
        bio="Før jobba eg med saksbehandling i kommunen.",
        municipality="gol",
    )
    vipps = Competence.objects.get(slug="vipps")  # as the profile services map a skill
    person.skills.create(name="Vipps", level=4, competence=vipps)
    documents.refresh_people([person.pk])
    return person


def test_a_skill_and_the_headline_are_declared_the_bio_only_mentioned(ingrid):
    found = concepts("person", ingrid.pk)
    assert found["vipps"] is True  # the skill "Vipps"
    assert found["nettbutikk"] is True  # the headline
    assert found["saksbehandling"] is False  # the bio only
    entry = next(e for e in raw("person", ingrid.pk) if e[0] == "saksbehandling")
    assert entry == ["saksbehandling", None, MENTIONED]
    entry = next(e for e in raw("person", ingrid.pk) if e[0] == "vipps")
    assert entry == ["vipps", 4, DECLARED]


def test_a_competence_both_listed_and_in_the_bio_is_declared(make_person):
    both = make_person(
        name="Berit Begge", skills=["saksbehandling"], bio="Eg kan saksbehandling godt."
    )
    assert concepts("person", both.pk)["saksbehandling"] is True


def test_a_company_declares_its_services_and_skills_and_mentions_its_description(
    make_company,
):
    company = make_company(
        "Tenestefirma AS",
        services=["Nettbutikk"],
        description="Vi har òg laga ein chatbot for eit hotell.",
    )
    company.skills.create(name="Vipps", level=4)
    documents.refresh_companies([company.pk])
    found = concepts("company", company.pk)
    assert found["nettbutikk"] is True
    assert found["vipps"] is True
    assert found["chatbot"] is False


def test_a_hidden_group_gives_no_concept_either_way(make_person):
    """Bio and skills for members only: the public document holds neither, not even as
    mentioned; the members' document holds both, with their provenance."""
    secret = make_person(
        name="Sigrun Skjult",
        skills=["Vipps"],
        bio="Eg har jobba med saksbehandling.",
        headline="Nettbutikk",
        bio_visibility=Visibility.MEMBERS,
        skills_visibility=Visibility.MEMBERS,
    )
    public = concepts("person", secret.pk, "public")
    assert not {"vipps", "saksbehandling", "nettbutikk"} & set(public)
    members = concepts("person", secret.pk, "members")
    assert members == {"vipps": True, "nettbutikk": True, "saksbehandling": False}


def test_an_entry_of_the_old_shape_reads_as_declared():
    assert read_concepts([["nettside", 4], ["crm", None]]) == {
        "nettside": (4, True),
        "crm": (None, True),
    }
    assert read_concepts([["crm", None, "m"]])["crm"].declared is False


def _to_old_shape() -> None:
    """Documents as they were stored before provenance: [slug, level] pairs."""
    for doc in SearchDocument.objects.all():
        doc.concepts = [[slug, level] for slug, level, _provenance in doc.concepts]
        doc.save(update_fields=["concepts"])


def test_migrate_rewrites_documents_of_the_old_shape(ingrid, make_company):
    company = make_company("Gamal Form AS", services=["Nettbutikk"], description="chatbot")
    fresh = {kind: raw(kind, pk) for kind, pk in (("person", ingrid.pk), ("company", company.pk))}
    _to_old_shape()
    assert stale_documents().count() == SearchDocument.objects.exclude(concepts=[]).count() >= 2
    call_command("migrate", verbosity=0)
    assert not stale_documents().exists()
    assert raw("person", ingrid.pk) == fresh["person"]
    assert raw("company", company.pk) == fresh["company"]
    assert concepts("person", ingrid.pk)["saksbehandling"] is False


def test_a_document_without_concepts_is_not_stale(make_person):
    plain = make_person(name="Ola Utan")
    assert raw("person", plain.pk) == []
    assert not stale_documents().exists()


def test_refresh_stale_rewrites_only_the_stale(ingrid, make_person):
    other = make_person(name="Oda Ny", skills=["nettside"])
    doc = SearchDocument.objects.get(kind="person", object_id=ingrid.pk, audience="public")
    doc.concepts = [[slug, level] for slug, level, _provenance in doc.concepts]
    doc.save(update_fields=["concepts"])
    untouched = SearchDocument.objects.get(kind="person", object_id=other.pk, audience="public")
    assert documents.refresh_stale() == 1
    again = SearchDocument.objects.get(kind="person", object_id=other.pk, audience="public")
    assert again.pk == untouched.pk  # not rewritten
    assert concepts("person", ingrid.pk)["saksbehandling"] is False
    assert documents.refresh_stale() == 0


def test_migrate_rewrites_documents_of_an_older_analysis(ingrid, make_person):
    """A release that changes the analysis raises ANALYSIS; the documents written
    before it (here: marked older, with a term the new analysis would not write)
    are rewritten by the next migrate, and the others are left alone."""
    other = make_person(name="Oda Ny", skills=["nettside"])
    fresh = raw("person", ingrid.pk)
    SearchDocument.objects.filter(kind="person", object_id=ingrid.pk).update(
        analysis=ANALYSIS - 1, terms="accessibl old-stem"
    )
    untouched = SearchDocument.objects.get(kind="person", object_id=other.pk, audience="public")
    assert set(stale_documents().values_list("object_id", flat=True)) == {ingrid.pk}
    call_command("migrate", verbosity=0)
    assert not stale_documents().exists()
    rewritten = SearchDocument.objects.filter(kind="person", object_id=ingrid.pk)
    assert {d.analysis for d in rewritten} == {ANALYSIS}
    assert not any("old-stem" in d.terms for d in rewritten)
    assert raw("person", ingrid.pk) == fresh
    again = SearchDocument.objects.get(kind="person", object_id=other.pk, audience="public")
    assert again.pk == untouched.pk  # not rewritten
