"""Forms of the desk's intake page: the piece to read, then the candidates to keep."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from claims.intake.errors import IntakeError
from claims.intake.payload import unsign
from claims.intake.pipeline import DEFAULT_MIN_SCORE
from claims.intake.reading import human_size, max_bytes
from claims.models import http_url

# The candidates page shows at most this many, best first; the rest are counted, not signed into the page.
MAX_CANDIDATES_SHOWN = 200


def http_address_field(label, **extra):
    """An optional http(s) address; a bare host gets https://."""
    return forms.URLField(
        label=label,
        required=False,
        assume_scheme="https",
        max_length=1000,
        validators=[http_url],
        error_messages={"invalid": http_url.message},
        **extra,
    )


class SourceForm(forms.Form):
    """One piece, given one way: pasted, uploaded or by address; its metadata is optional."""

    text = forms.CharField(
        label=_("Paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Plain text or Markdown. Put each paragraph on its own line."),
    )
    file = forms.FileField(label=_("or upload a file"), required=False)
    source_url = http_address_field(
        _("or give its web address"), help_text=_("The desk fetches the page and reads its main text.")
    )
    title = forms.CharField(
        label=_("Title"), required=False, max_length=300, help_text=_("Empty: the title found in the piece.")
    )
    url = http_address_field(_("Canonical address"))
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    published_on = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_score = forms.FloatField(
        label=_("Show sentences scoring at least"),
        min_value=0,
        max_value=1,
        initial=DEFAULT_MIN_SCORE,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text=_("From 0 to 1. Lower it to see more sentences."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Plain text, Markdown or HTML, up to %(size)s.") % {
            "size": human_size(max_bytes())
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("The piece"), "text", "file", "source_url"),
            Fieldset(
                _("About the piece"),
                HTML(
                    '<p class="form-text mt-0">{}</p>'.format(
                        _("Optional: what you fill in here wins over what the desk finds in the piece.")
                    )
                ),
                Row(Column("title", css_class="col-md-7"), Column("url", css_class="col-md-5")),
                Row(
                    Column("publisher", css_class="col-sm-6 col-md-5"),
                    Column("published_on", css_class="col-sm-6 col-md-3"),
                    Column("min_score", css_class="col-md-4"),
                ),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        given = [
            bool((cleaned.get("text") or "").strip()),
            bool(cleaned.get("file")),
            bool(cleaned.get("source_url")),
        ]
        if sum(given) == 0 and not self.errors:
            if (cleaned.get("text") or "") != "":
                raise forms.ValidationError(_("The piece is empty: there is nothing but blank space in it."))
            raise forms.ValidationError(_("Give the piece: paste its text, upload a file or give its web address."))
        if sum(given) > 1:
            raise forms.ValidationError(_("Give the piece one way only: pasted, uploaded or by its web address."))
        if cleaned.get("min_score") is None:
            cleaned["min_score"] = DEFAULT_MIN_SCORE
        return cleaned


class PayloadForm(forms.Form):
    """The candidates as the desk read them (claims.intake.payload): cleaned, the Intake they were signed from."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return unsign(self.cleaned_data["payload"])
        except IntakeError as refusal:
            raise forms.ValidationError(str(refusal)) from None


class PieceTitleForm(forms.Form):
    """The piece's title, which the person can still correct before saving."""

    title = forms.CharField(label=_("Title of the piece"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class CandidateForm(forms.Form):
    rank = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    keep = forms.BooleanField(label=_("Keep"), required=False)
    statement = forms.CharField(
        label=_("Statement to check"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    claimant = forms.CharField(label=_("Claimant"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keep") and not (cleaned.get("statement") or "").strip():
            self.add_error("statement", _("A kept claim needs a statement."))
        return cleaned


CandidateFormSet = forms.formset_factory(CandidateForm, extra=0, max_num=MAX_CANDIDATES_SHOWN, validate_max=True)
