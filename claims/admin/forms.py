"""The admin's change forms as doors into claims.editing: they carry the version and ask its rules while validating.

A refusal found while validating shows the form again with the reason and everything typed; the save itself then
goes through claims.editing, whose rules hold whichever form sent it.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect

from claims import editing

# The largest id a bigint column holds: a larger number, a word or a fraction is no row's id.
MAX_ID = 2**63 - 1


def _is_an_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class WellFormedAutocomplete(AutocompleteSelect):
    """The autocomplete box shows again what was posted; posted words or huge numbers are not looked up."""

    def optgroups(self, name, value, attrs=None):
        return super().optgroups(name, [v for v in value if v in ("", None) or _is_an_id(v)], attrs)


class WellFormedChoiceField(forms.ModelChoiceField):
    """A posted value that cannot be an id is "not one of the choices", not a failed query."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_an_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class VersionedAdminForm(forms.ModelForm):
    """A change form that carries the version its page was opened at; a stale or version-less post is refused."""

    # Not named "version": that is the model's own field, which a model form may not carry.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            try:
                editing.check_version(self.instance, cleaned.get("loaded_version"))
            except editing.EditRefused as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return cleaned


class ClaimAdminForm(VersionedAdminForm):
    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and slug != self.instance.slug:
            try:
                editing.check_address(self.instance, slug)
            except editing.EditRefused as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return slug
