"""``Authorization: Bearer <token>``: the same server-side session as the CLI's token file.

The token is checked by ``epic_auth_app.authentication.authenticate_token`` at every
request (signature, expiry, the session row, an active employee), so a logout, a
password change or a removal takes effect on the very next request. No cookie and no
session middleware are involved: there is nothing for a cross-site request to ride on.
"""

from rest_framework.authentication import BaseAuthentication

from api.errors import BEARER_CHALLENGE
from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import authenticate_token

MALFORMED = "The Authorization header must read 'Bearer TOKEN', with the token from POST /api/v1/session."
MAX_TOKEN_LENGTH = 2048  # ours are about 200 characters; a megabyte of header is not a token


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None  # the view's permission then answers 401
        scheme, _, token = header.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
            raise NotAuthenticated(MALFORMED)
        return authenticate_token(token), token

    def authenticate_header(self, request) -> str:
        return BEARER_CHALLENGE
