"""The pre-project's own questions: what the hub needs to know to decide its form."""

from __future__ import annotations


def _t(nb: str, nn: str, en: str) -> dict[str, str]:
    return {"nb": nb, "nn": nn, "en": en}


TITLE = _t(
    "Hva trenger du av IT-huben?",
    "Kva treng du av IT-huben?",
    "What do you need from the IT hub?",
)
INTRO = _t(
    "Fem korte spørsmål om medlemskap, tjenester og lokaler. Svarene er anonyme.",
    "Fem korte spørsmål om medlemskap, tenester og lokale. Svara er anonyme.",
    "Five short questions about membership, services and premises. Answers are anonymous.",
)
QUESTIONS = [
    ("single", _t(
        "Ville du betalt for medlemskap i huben?",
        "Ville du betalt for medlemskap i huben?",
        "Would you pay for membership of the hub?",
    ), [
        _t("Ja, under 1 000 kr i året", "Ja, under 1 000 kr i året", "Yes, under 1,000 kr a year"),
        _t("Ja, 1 000–5 000 kr i året", "Ja, 1 000–5 000 kr i året", "Yes, 1,000–5,000 kr a year"),
        _t("Ja, mer enn 5 000 kr i året", "Ja, meir enn 5 000 kr i året",
           "Yes, more than 5,000 kr a year"),
        _t("Nei", "Nei", "No"),
    ]),
    ("multiple", _t(
        "Hvilke tjenester betyr mest for deg?",
        "Kva tenester tyder mest for deg?",
        "Which services matter most to you?",
    ), [
        _t("Faglige møter og kurs", "Faglege møte og kurs", "Meetings and courses"),
        _t("Å finne oppdrag og samarbeidspartnere", "Å finne oppdrag og samarbeidspartnarar",
           "Finding work and partners"),
        _t("Å finne IT-hjelp", "Å finne IT-hjelp", "Finding IT help"),
        _t("Et sted å jobbe", "Ein stad å jobbe", "A place to work"),
        _t("Et fellesskap", "Eit fellesskap", "A community"),
    ]),
    ("scale", _t(
        "Hvor sannsynlig er det at du ville brukt hubens lokaler (1 = ikke, 5 = jevnlig)?",
        "Kor sannsynleg er det at du ville brukt lokala til huben (1 = ikkje, 5 = jamleg)?",
        "How likely are you to use the hub's premises (1 = not, 5 = regularly)?",
    ), []),
    ("text", _t(
        "Hvilken kompetanse mangler du eller bedriften din?",
        "Kva kompetanse manglar du eller verksemda di?",
        "Which competence do you or your business lack?",
    ), []),
    ("text", _t(
        "Er det noe annet huben bør vite?",
        "Er det noko anna huben bør vite?",
        "Is there anything else the hub should know?",
    ), []),
]  # fmt: skip
