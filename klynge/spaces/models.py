"""The hub as a place: what is there, when it is open, how to get there.

One ``Place`` row is the hub; its texts are kept in bokmål, nynorsk and
English and shown in the reader's language (falling back to bokmål). Opening
hours are weekly rules; an ``OpeningException`` changes one date (closed, or
other hours). Public holidays close the hub unless an exception opens it
(``hours.py``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(obj, field: str) -> str:
    language = (get_language() or "nb")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_nb", "")


class PlaceQuerySet(models.QuerySet):
    def current(self) -> Place | None:
        """The hub this site is the front door of (the first one staff made)."""
        return self.order_by("id").first()


class Place(models.Model):
    name = models.CharField(_("name"), max_length=120)
    intro_nb = models.TextField(_("what is there (bokmål)"), blank=True)
    intro_nn = models.TextField(_("what is there (nynorsk)"), blank=True)
    intro_en = models.TextField(_("what is there (English)"), blank=True)
    directions_nb = models.TextField(_("how to get there (bokmål)"), blank=True)
    directions_nn = models.TextField(_("how to get there (nynorsk)"), blank=True)
    directions_en = models.TextField(_("how to get there (English)"), blank=True)
    prices_nb = models.TextField(_("prices for non-members (bokmål)"), blank=True)
    prices_nn = models.TextField(_("prices for non-members (nynorsk)"), blank=True)
    prices_en = models.TextField(_("prices for non-members (English)"), blank=True)
    rules_nb = models.TextField(_("house rules (bokmål)"), blank=True)
    rules_nn = models.TextField(_("house rules (nynorsk)"), blank=True)
    rules_en = models.TextField(_("house rules (English)"), blank=True)
    photo = models.ImageField(_("picture"), upload_to="spaces/", blank=True)
    photo_alt_nb = models.CharField(_("picture description (bokmål)"), max_length=200, blank=True)
    photo_alt_nn = models.CharField(_("picture description (nynorsk)"), max_length=200, blank=True)
    photo_alt_en = models.CharField(_("picture description (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="place_coordinates_both_or_none",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if self.photo and not (self.photo_alt_nb or self.photo_alt_nn):
            raise ValidationError(
                {"photo_alt_nb": _("Describe the picture for those who cannot see it.")}
            )

    intro = property(lambda self: _in_language(self, "intro"))
    directions = property(lambda self: _in_language(self, "directions"))
    prices = property(lambda self: _in_language(self, "prices"))
    rules = property(lambda self: _in_language(self, "rules"))
    photo_alt = property(lambda self: _in_language(self, "photo_alt"))

    @property
    def map_url(self) -> str:
        """An OpenStreetMap link: a map without any third-party script on our pages."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = self.latitude, self.longitude
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """Open from ``opens`` to ``closes`` every such weekday (several rows make a break)."""

    place = models.ForeignKey(
        Place, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")), name="hours_open_before_close"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The hub must open before it closes."))


class OpeningException(models.Model):
    """One date with other hours than usual: closed (no times) or open from–to."""

    place = models.ForeignKey(
        Place, verbose_name=_("hub"), on_delete=models.CASCADE, related_name="exceptions"
    )
    date = models.DateField(_("date"))
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note_nb = models.CharField(_("note (bokmål)"), max_length=120, blank=True)
    note_nn = models.CharField(_("note (nynorsk)"), max_length=120, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["place", "date"], name="one_exception_per_date"),
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__isnull=False, opens__lt=F("closes")),
                name="exception_closed_or_open_before_close",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"

    def clean(self):
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(_("Give both opening and closing time, or neither (closed)."))
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError(_("The hub must open before it closes."))

    note = property(lambda self: _in_language(self, "note"))

    @property
    def closed(self) -> bool:
        return self.opens is None


from klynge.spaces.booking_models import Booking, BookingFeed, Resource  # noqa: E402, F401
