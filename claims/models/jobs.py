"""What the job layer (claims/jobs.py) keeps beside the engine's own job rows."""

from datetime import UTC, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobKey(models.Model):
    """An idempotency key: the first enqueue with it wins, later ones do nothing."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("job key")
        verbose_name_plural = _("job keys")

    def __str__(self):
        return self.key


class ScheduleTick(models.Model):
    """When a periodic job (settings.FACTCHECK_PERIODIC_JOBS) is next due; one scheduler moves it per tick."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    due_at = models.DateTimeField(_("next due"))

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self):
        return self.name

    @staticmethod
    def tick_after(now: datetime, every: timedelta) -> datetime:
        """The next tick boundary after `now`, counted from the epoch, so every scheduler agrees on it."""
        epoch = datetime(2000, 1, 1, tzinfo=UTC)
        ticks = (now - epoch) // every
        return epoch + (ticks + 1) * every
