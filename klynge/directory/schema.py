"""schema.org data for people and companies, built only from what the viewer may see."""

from klynge.directory.models import Company
from klynge.directory.visibility import PersonView


def person_jsonld(view: PersonView, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": view.name,
        "url": request.build_absolute_uri(view.url),
    }
    if view.headline:
        data["jobTitle"] = view.headline
    if view.municipality_name:
        data["homeLocation"] = {"@type": "Place", "name": view.municipality_name}
    if view.employer_name:
        data["worksFor"] = {"@type": "Organization", "name": view.employer_name}
    if view.skills:
        data["knowsAbout"] = [skill.name for skill in view.skills]
    if view.languages:
        data["knowsLanguage"] = view.languages
    if view.photo_url:
        data["image"] = request.build_absolute_uri(view.photo_url)
    if view.links:
        data["sameAs"] = list(view.links.values())
    return data


def company_jsonld(company: Company, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": company.name,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }
    if company.org_number:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "Organisasjonsnummer",
            "value": company.org_number,
        }
    if company.website:
        data["sameAs"] = [company.website]
    if company.municipality:
        data["location"] = {"@type": "Place", "name": company.get_municipality_display()}
    if company.employees is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": company.employees}
    if company.logo:
        data["logo"] = request.build_absolute_uri(company.logo.url)
    return data
