"""Password reset through the mail queue, limited per client address and per email address.

Django's own reset view sends the mail inside the request, so a slow mail
server held the request (and a server thread) for EMAIL_TIMEOUT. Here the
mail is only queued (claims.mail.queue) and the mail worker sends it.

Every request gets the same answer whether or not an account has the
address. Past FACTCHECK_PASSWORD_RESETS_PER_ADDRESS requests from one client
address in an hour the page answers 429; past
FACTCHECK_PASSWORD_RESETS_PER_ACCOUNT requests for one email address in an
hour nothing more is queued for it, and the answer stays the same.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render
from django.template.loader import render_to_string

from claims import mail
from factcheck.ratelimit import client_address, hit

WINDOW_SECONDS = 3600


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        mail.queue(subject, render_to_string(email_template_name, context), [to_email])


class QueuedPasswordResetView(PasswordResetView):
    form_class = QueuedPasswordResetForm

    def post(self, request, *args, **kwargs):
        limit = settings.FACTCHECK_PASSWORD_RESETS_PER_ADDRESS
        if not hit("password-reset-address", client_address(request), limit=limit, window=WINDOW_SECONDS):
            request.refusal_reason = "too many password reset requests from one address"
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        limit = settings.FACTCHECK_PASSWORD_RESETS_PER_ACCOUNT
        if hit("password-reset-account", email, limit=limit, window=WINDOW_SECONDS):
            site = urlsplit(settings.FACTCHECK_SITE_URL)
            # The link points at the configured site, never at the Host header the request came with.
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                subject_template_name=self.subject_template_name,
                email_template_name=self.email_template_name,
                request=self.request,
                extra_email_context={"org_name": settings.FACTCHECK_ORG_NAME},
            )
        return super(PasswordResetView, self).form_valid(form)
