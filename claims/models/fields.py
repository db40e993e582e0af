"""Fields and helpers every model module uses: http(s)-only URLs, links to desk people and free slugs."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

http_url = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))


class HttpURLField(models.URLField):
    """A URL field that stores http and https links only."""

    default_validators = [http_url]

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("form_class", forms.URLField)
        kwargs.setdefault("assume_scheme", "https")
        field = super().formfield(**kwargs)
        field.validators = [v for v in field.validators if not isinstance(v, URLValidator)] + [http_url]
        return field


def person_link(related_name: str, **options) -> models.ForeignKey:
    """Who did something (created, was assigned, handled): emptied, the row kept, when that account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name=related_name, **options
    )


def unique_slug(model, text, *, max_length=80, taken=None):
    """A free slug made from `text`; `taken(slug)` says whether a slug is in use, by default a row of `model` has it."""
    taken = taken or (lambda slug: model.objects.filter(slug=slug).exists())
    base = slugify(text)[: max_length - 8].strip("-") or "item"
    slug, n = base, 2
    while taken(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug
