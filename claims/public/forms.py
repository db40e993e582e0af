"""Forms of readers' messages: the public's suggestions and correction requests, and the desk's triage."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ReaderMessage

HONEYPOT = "website"


class ReaderMessageForm(forms.ModelForm):
    """A reader's message with a honeypot field: people never see it, form-filling bots do."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submit_label = _("Send")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *self.visible_layout(),
            Div(Field(HONEYPOT), css_class="reader-form-trap", aria_hidden="true"),
            Submit("send", self.submit_label, css_class="btn-primary btn-lg"),
        )

    def visible_layout(self):
        return [Field(name) for name in self.Meta.fields]

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class SuggestionForm(ReaderMessageForm):
    submit_label = _("Send the suggestion")

    class Meta:
        model = ReaderMessage
        fields = ["text", "url", "email"]
        labels = {
            "text": _("What should we check?"),
            "url": _("Where did you see or hear it? (link)"),
            "email": _("Your email (optional)"),
        }
        help_texts = {
            "text": _("Quote the statement as exactly as you can, and say who made it and when."),
            "email": _("Only if you want us to tell you when we publish a check. We never publish it."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def save(self, commit=True):
        self.instance.kind = ReaderMessage.Kind.SUGGESTION
        return super().save(commit)


class CorrectionRequestForm(ReaderMessageForm):
    submit_label = _("Send the correction request")

    class Meta:
        model = ReaderMessage
        fields = ["text", "email"]
        labels = {"text": _("What is wrong, and how do you know?"), "email": _("Your email (optional)")}
        help_texts = {
            "text": _("Point to the sentence that is wrong and give a source we can check."),
            "email": _("So that an editor can reply to you. We never publish it."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim

    def save(self, commit=True):
        self.instance.kind = ReaderMessage.Kind.CORRECTION
        self.instance.claim = self.claim
        return super().save(commit)
