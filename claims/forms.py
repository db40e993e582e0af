"""Forms every audience of the core uses: the inputs of a workflow step, and the crispy helper.

The desk and the admin both build `StepForm`, so a step asks for the same
inputs, with the same checks and messages, wherever it is taken.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import Claim
from claims.workflow import STEPS

NOT_ON_DESK = _("Choose a fact-checker or editor from the list.")
NEEDS_COMMENT = _("Say why: this step needs a comment.")
COMMENT_HELP = {
    "request_changes": _("Tell the fact-checker what to change; they receive it by email."),
    "dismiss": _("Why this claim is not worth checking."),
    "reopen": _("What the correction is about, for the desk only; readers get the note written with the correction."),
    "withdraw": _("Why the verdict is withdrawn; its public page will answer “gone”."),
}


def form_helper(*fields) -> FormHelper:
    """A helper for a form whose <form> tag, CSRF token and buttons the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if fields:
        helper.layout = Layout(*fields)
    return helper


def user_label(user) -> str:
    return user.get_full_name() or user.get_username()


class StepForm(forms.Form):
    """The inputs of one workflow step: whom to assign to, or the comment a step needs.

    `users` is a list the caller loaded once (`roles.desk_users()`), so a page
    with a form per row does not query the desk's users per row. The person
    chosen is posted as `to` on the desk; the admin's pages post it as
    `assignee`, so the field's name is a parameter.
    """

    def __init__(self, *args, step, users=(), assignee_field="to", **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.assignee_field = assignee_field
        if step.name == "assign":
            people = {str(user.pk): user for user in users}
            self.fields[assignee_field] = forms.TypedChoiceField(
                label=_("Assign to"),
                choices=[("", _("— choose a person —"))] + [(pk, user_label(u)) for pk, u in people.items()],
                coerce=people.get,  # only listed keys get here: the choices were checked first
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
        self.helper = form_helper(*self.fields)

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(NEEDS_COMMENT)
        return comment

    def step_arguments(self) -> dict:
        """The keyword arguments of `workflow.take_step`, from a valid form."""
        return {"to": self.cleaned_data.get(self.assignee_field), "comment": self.cleaned_data.get("comment", "")}


# What each step did, said plainly; the desk and the admin show the same words.
DONE = {
    "assign": _("“%(claim)s” is assigned to %(name)s now."),
    "submit": _("Submitted for review. An editor will approve it or send it back."),
    "request_changes": _("Sent back to %(name)s with your comment."),
    "approve": _("Approved and published."),
    "dismiss": _("Dismissed: “%(claim)s”."),
    "restore": _("Restored: “%(claim)s” is a new claim again."),
    "reopen": _("Reopened for correction. The live verdict stays up until the correction is approved."),
    "withdraw": _("Withdrawn. Its public page now tells readers the verdict is gone."),
    "approve_notice": _("Your approval of the withdrawal notice is recorded."),
}
assert DONE.keys() == STEPS.keys(), "a workflow step without its message"


def done_message(name, claim, by):
    """What a person is told after taking a step, in plain words (the desk's and the admin's messages)."""
    if name == "assign" and claim.assignee_id == by.pk:
        return gettext("You took this claim.")
    if name == "approve" and claim.status != Claim.Status.PUBLISHED:
        return gettext("Your approval is recorded; another editor must approve it too.")
    name_of = user_label(claim.assignee) if claim.assignee else gettext("nobody")
    text = DONE[name] % {"claim": claim.statement, "name": name_of}
    if name == "approve":
        return format_html('{} <a href="{}">{}</a>', text, claim.get_absolute_url(), gettext("Open the live page"))
    return text
