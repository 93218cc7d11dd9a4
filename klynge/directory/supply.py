"""The competence supply, kept as counts: how many listed people and companies offer
each category, by municipality and by who may see a person's skills.

Each owner (a person or a company) has one ``SupplyMark`` per category it offers
while listed; ``SupplyCount`` is the sum of the marks. ``refresh()`` recounts some
owners from their profiles and skills and moves the counts by the difference, in
the same transaction. It runs

- from the model signals connected in ``connect()``: saving or deleting a person
  or a company, saving a skill (services, the admin, cascades);
- from ``documents.refresh_people`` / ``refresh_companies``, which every service
  and import calls after writing skills, after ``update()`` and bulk writes (and
  ``reindex``, which also follows a taxonomy change, for every owner). Deleting
  a skill has no signal on purpose: replacing a profile's skills is one fast
  ``DELETE`` (an import replaces thousands), which a delete receiver would turn
  into a query per skill; code that deletes skills refreshes after, as
  ``services._set_skills`` and the imports do.
- ``rebuild()`` recounts everything: after a bulk load that calls neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from klynge.directory.models import (
    Company,
    CompanySkill,
    Person,
    PersonSkill,
    SupplyCount,
    SupplyMark,
)  # fmt: skip

PERSON, COMPANY = SupplyMark.Kind.PERSON, SupplyMark.Kind.COMPANY
# kind -> (skill model, owner field, owner model, the owner's visibility field or None)
SOURCES = {
    PERSON: (PersonSkill, "person", Person, "skills_visibility"),
    COMPANY: (CompanySkill, "company", Company, None),
}


def _marks(kind: str, ids: list[int] | None) -> set[tuple]:
    """(owner, category, municipality, visibility) of listed owners, from their skills."""
    skill, owner, _model, visibility = SOURCES[kind]
    rows = skill.objects.filter(**{f"{owner}__is_listed": True}, competence__isnull=False)
    if ids is not None:
        rows = rows.filter(**{f"{owner}_id__in": ids})
    fields = [f"{owner}_id", "competence__category_id", f"{owner}__municipality"]
    if visibility:
        fields.append(f"{owner}__{visibility}")
    found = rows.order_by().values_list(*fields).distinct()
    return {row if visibility else (*row, "") for row in found}


def _move(kind: str, counts: Counter) -> None:
    """Add ``counts`` ((category, municipality, visibility) -> change) to the counts."""
    changes = {key: n for key, n in counts.items() if n}
    if not changes:
        return
    SupplyCount.objects.bulk_create(
        [SupplyCount(kind=kind, category_id=c, municipality=m, visibility=v)
         for c, m, v in sorted(changes)],
        ignore_conflicts=True,
    )  # fmt: skip
    for (c, m, v), n in sorted(changes.items()):
        SupplyCount.objects.filter(kind=kind, category_id=c, municipality=m, visibility=v).update(
            providers=F("providers") + n
        )


@transaction.atomic
def refresh(kind: str, ids: Iterable[int]) -> None:
    """Recount these owners' marks and move the counts by the difference."""
    ids = sorted(set(ids))
    if not ids:
        return
    _skill, _owner, model, _visibility = SOURCES[kind]
    # Two recounts of one owner in parallel would both take its old marks off.
    list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    stored = SupplyMark.objects.filter(kind=kind, owner_id__in=ids)
    pks = {
        (o, c, m, v): pk
        for pk, o, c, m, v in stored.values_list(
            "pk", "owner_id", "category_id", "municipality", "visibility"
        )
    }
    old, new = set(pks), _marks(kind, ids)
    if old == new:
        return
    gone, added = old - new, new - old
    counts = Counter((c, m, v) for _o, c, m, v in added)
    counts.subtract(Counter((c, m, v) for _o, c, m, v in gone))
    SupplyMark.objects.filter(pk__in=[pks[mark] for mark in gone]).delete()
    SupplyMark.objects.bulk_create(
        [SupplyMark(kind=kind, owner_id=o, category_id=c, municipality=m, visibility=v)
         for o, c, m, v in added]
    )  # fmt: skip
    _move(kind, counts)


@transaction.atomic
def rebuild() -> int:
    """Recount every mark and count from the profiles and skills; returns the marks."""
    SupplyMark.objects.all().delete()
    SupplyCount.objects.all().delete()
    total = 0
    for kind in SOURCES:
        marks = _marks(kind, None)
        SupplyMark.objects.bulk_create(
            [SupplyMark(kind=kind, owner_id=o, category_id=c, municipality=m, visibility=v)
             for o, c, m, v in marks],
            batch_size=5000,
        )  # fmt: skip
        _move(kind, Counter((c, m, v) for _o, c, m, v in marks))
        total += len(marks)
    return total


def _recount(kind: str, owner_of):
    """A signal receiver that recounts the owner ``owner_of(instance)`` names."""

    def receiver(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw"):
            refresh(kind, [owner_of(instance)])

    return receiver


_person_changed = _recount(PERSON, lambda person: person.pk)
_company_changed = _recount(COMPANY, lambda company: company.pk)
_person_skill_saved = _recount(PERSON, lambda skill: skill.person_id)
_company_skill_saved = _recount(COMPANY, lambda skill: skill.company_id)


def connect() -> None:
    """Called once from DirectoryConfig.ready()."""
    uid = "directory-supply"
    for model, receiver in ((Person, _person_changed), (Company, _company_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    # Saves only: a delete receiver would end fast deletes (see above).
    post_save.connect(_person_skill_saved, sender=PersonSkill, dispatch_uid=uid)
    post_save.connect(_company_skill_saved, sender=CompanySkill, dispatch_uid=uid)
