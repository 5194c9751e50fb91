"""Django admin logs in through the same credential check as the CLI (lockout included)."""

from django.contrib.auth.backends import ModelBackend

from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import authenticate_credentials


class EmployeeBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        try:
            return authenticate_credentials(email=email or username, password=password)
        except NotAuthenticated:
            return None
