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
from claims.models import Claim, Comment, Evidence, Verdict, http_url

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A form field's own "invalid" message would replace the validator's clearer one.
HTTP_ONLY = {"invalid": http_url.message}


def _helper(*fields) -> FormHelper:
    """A helper for a form whose <form> tag, CSRF token and buttons the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields:
        helper.layout = Layout(*fields)
    return helper


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
            Row(Column("priority", css_class="col-md-6"), Column("due_on", css_class="col-md-6")),
            "version",
        )


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
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].empty_label = _("— choose a rating —")
        self.helper = _helper(
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


NOT_ON_DESK = _("Choose a fact-checker or editor from the list.")
NEEDS_COMMENT = _("Say why: this step needs a comment.")


def user_label(user) -> str:
    return user.get_full_name() or user.get_username()


class StepForm(forms.Form):
    """The inputs of one workflow step: whom to assign to, or the comment a step needs.

    `users` is a list the view loaded once, so a page with a form per row
    does not query the desk's users per row.
    """

    def __init__(self, *args, step, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.users = {str(user.pk): user for user in users}
        if step.name == "assign":
            self.fields["to"] = forms.ChoiceField(
                label=_("Assign to"),
                choices=[("", _("— choose a person —"))] + [(pk, user_label(u)) for pk, u in self.users.items()],
                error_messages={"required": NOT_ON_DESK, "invalid_choice": NOT_ON_DESK},
            )
        if step.needs_comment:
            self.fields["comment"] = forms.CharField(
                label=_("Reason") if step.name in ("dismiss", "reopen", "withdraw") else _("Comment"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
                help_text=COMMENT_HELP.get(step.name, ""),
                error_messages={"required": NEEDS_COMMENT},
            )
        self.helper = _helper(*self.fields)

    def clean_to(self):
        user = self.users.get(self.cleaned_data["to"])
        if user is None:
            raise forms.ValidationError(NOT_ON_DESK)
        return user

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(NEEDS_COMMENT)
        return comment

    def step_arguments(self) -> dict:
        return {"to": self.cleaned_data.get("to"), "comment": self.cleaned_data.get("comment", "")}


COMMENT_HELP = {
    "request_changes": _("Tell the fact-checker what to change; they receive it by email."),
    "dismiss": _("Why this claim is not worth checking."),
    "reopen": _("What the correction is about; it is shown with the corrected verdict."),
    "withdraw": _("Why the verdict is withdrawn; its public page will answer “gone”."),
}


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
