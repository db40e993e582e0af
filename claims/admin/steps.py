"""The admin's workflow buttons and bulk actions: each calls `claims.workflow.take_step`.

The inputs a step needs come from the desk's `StepForm`, so the admin asks for
the same things, with the same checks and messages, as the desk.
"""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from claims import workflow
from claims.forms import StepForm, done_message
from claims.models import Claim
from claims.roles import desk_users


def step_form(step, data=None, **kwargs):
    """The desk's StepForm; the admin's pages post the person as `assignee`."""
    users = list(desk_users()) if step.name == "assign" else ()
    return StepForm(data, step=step, users=users, assignee_field="assignee", **kwargs)


def _step_action(step_name):
    step = workflow.STEPS[step_name]

    def action(modeladmin, request, queryset):
        return modeladmin.bulk_step(request, queryset, step_name)

    action.__name__ = f"bulk_{step_name}"
    action.short_description = _("%(step)s selected claims") % {"step": step.label}
    return action


class WorkflowStepsMixin:
    """For the claim's admin: a button per step open to this user on the change page, a bulk action per step."""

    actions = [_step_action(name) for name in workflow.STEPS]
    change_form_template = "admin/claims/claim/change_form.html"

    def get_urls(self):
        return [
            path("<int:pk>/step/<str:step>/", self.admin_site.admin_view(self.step_view), name="claims_claim_step"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            steps = workflow.available_steps(obj, request.user)
            # The ids carry the step: the page has one form per button.
            context["workflow_steps"] = [(step, step_form(step, auto_id=f"id_%s_{step.name}")) for step in steps]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def step_view(self, request, pk, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        claim = get_object_or_404(Claim, pk=pk)
        if step not in workflow.STEPS:
            raise Http404
        form = step_form(workflow.STEPS[step], request.POST)
        try:
            if not form.is_valid():
                # The form's message at the field, shown the way the workflow's refusals are.
                raise workflow.TransitionError(" ".join(msg for errors in form.errors.values() for msg in errors))
            workflow.take_step(claim, step, by=request.user, **form.step_arguments())
        except workflow.TransitionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, done_message(step, claim, request.user), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[pk]))

    def bulk_step(self, request, queryset, step_name):
        step = workflow.STEPS[step_name]
        needs_form = step.needs_comment or step_name == "assign"
        # A step with no inputs needs no confirmation page: its form has no fields and is valid as posted.
        form = step_form(step, request.POST if "confirm" in request.POST or not needs_form else None)
        if not (form.is_bound and form.is_valid()):
            context = {
                **self.admin_site.each_context(request),
                "title": step.label,
                "step": step,
                "form": form,
                "claims": queryset,
                "opts": self.model._meta,
                "action": request.POST.get("action"),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            }
            return TemplateResponse(request, "admin/claims/claim/bulk_step.html", context)
        done, refused = 0, []
        for claim in queryset:
            try:
                workflow.take_step(claim, step_name, by=request.user, **form.step_arguments())
                done += 1
            except workflow.TransitionError as error:
                refused.append(f"“{claim.statement[:60]}”: {error}")
        if done:
            self.message_user(
                request, _("%(step)s: %(n)d claim(s) done.") % {"step": step.label, "n": done}, messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)
        return None
