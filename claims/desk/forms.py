"""The desk's forms: input validation only, with crispy layouts.

Forms never save: the views pass `cleaned_data` to `claims.editing` or
`claims.workflow`, which check who may act. Claim and verdict forms carry the
version the person started from, so a stale save is refused, not merged.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from claims.editing import CLAIM_FIELDS, EVIDENCE_FIELDS, VERDICT_FIELDS
from claims.forms import form_helper as _helper
from claims.models import Claim, Comment, Evidence, Verdict, http_url

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A form field's own "invalid" message would replace the validator's clearer one.
HTTP_ONLY = {"invalid": http_url.message}


class VersionedForm(forms.ModelForm):
    """A model form that remembers which version of the row it was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is None:
            # Without the version a save could overwrite someone else's unseen changes.
            raise forms.ValidationError(_("This form is out of date. Reload the page and try again."))
        return cleaned


class ClaimForm(VersionedForm):
    # Not a model field of the form: `claims.editing.update_claim` checks the address (unique, never
    # after publication) and keeps the old one as a redirect. Left empty, the address stays as it is.
    slug = forms.SlugField(
        label=_("Address of the verdict page"),
        max_length=120,
        required=False,
        help_text=_(
            "/verdicts/<address>/: lowercase words joined by hyphens. Suggested from the headline until you "
            "set it; it cannot change once the verdict is published."
        ),
    )

    class Meta:
        model = Claim
        fields = CLAIM_FIELDS
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3}),
            "said_on": DATE,
            "due_on": DATE,
        }
        error_messages = {"appearance_url": HTTP_ONLY}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "statement",
            "quote",
            Row(Column("claimant", css_class="col-md-6"), Column("said_on", css_class="col-md-6")),
            "appearance_url",
            "slug",
            Row(Column("priority", css_class="col-md-6"), Column("due_on", css_class="col-md-6")),
            "version",
        )
        if self.instance.pk:
            self.fields["slug"].initial = self.instance.slug
            if self.instance.first_published_at:
                self.fields["slug"].disabled = True
                self.fields["slug"].help_text = _("Published: the address stays as it is, so links keep working.")

    def clean_slug(self):
        return self.cleaned_data["slug"].strip("-").lower()


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = EVIDENCE_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "accessed_on": DATE}
        help_texts = {"url": _("A web address starting with http:// or https://.")}
        error_messages = {"url": HTTP_ONLY, "archived_url": HTTP_ONLY}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("url", css_class="col-md-7"), Column("stance", css_class="col-md-5")),
            Row(Column("title", css_class="col-md-7"), Column("publisher", css_class="col-md-5")),
            "note",
            Row(Column("accessed_on", css_class="col-md-5"), Column("archived_url", css_class="col-md-7")),
        )


class VerdictForm(VersionedForm):
    class Meta:
        model = Verdict
        fields = VERDICT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "explanation": forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
        }
        help_texts = {
            "summary": _("Two or three sentences readers see first. Required before submitting."),
            "explanation": _("Markdown: **bold**, *italic*, [links](https://…), lists and ## headings."),
            "public_note": _(
                "What was corrected, in a sentence or two for readers; shown with the date once approved. "
                "Required before submitting a correction. A change of rating is added automatically."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].empty_label = _("— choose a rating —")
        # Only a correction has a note for readers. A posted form was rendered with the field only if it was one.
        correction = "public_note" in self.data if self.is_bound else self.instance.is_correction
        if correction:
            self.fields["public_note"].widget = forms.Textarea(attrs={"rows": 3})
        else:
            del self.fields["public_note"]
        self.helper = _helper(
            *(["public_note"] if correction else []),
            Row(Column("rating", css_class="col-md-5"), Column("headline", css_class="col-md-7")),
            "summary",
            Field("explanation", css_class="js-markdown-source"),
            "version",
        )


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": _("Internal comment")}
        help_texts = {"body": _("Seen by the desk only, never by the public.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("body")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write something before posting."))
        return body


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", _("Up")), ("1", _("Down"))], coerce=int)


class PreviewForm(forms.Form):
    explanation = forms.CharField(required=False, strip=False)


class AcceptSuggestionForm(forms.Form):
    """The desk turns a reader's suggestion into a new claim: the statement in the desk's words."""

    statement = forms.CharField(
        label=_("Statement to check"),
        max_length=500,
        help_text=_("One sentence, in our words: what is being checked."),
    )
    claimant = forms.CharField(label=_("Claimant"), max_length=200, required=False)

    def __init__(self, *args, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("statement"), Field("claimant"))
