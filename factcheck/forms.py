"""The login forms of the desk and the admin."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LimitedUsername:
    """Refuses a username longer than any account's before trying it.

    Django's login forms set the field's max_length after building it, so without this validator any
    length reaches `authenticate()`, and axes then fails to record the attempt in its 255-character column.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(LimitedUsername, AuthenticationForm):
    pass


class AdminLoginForm(LimitedUsername, AdminAuthenticationForm):
    pass
