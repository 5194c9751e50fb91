import json

import pytest
from django.test import Client

from epic_auth_app.authentication import login
from tests.factories import PASSWORD
from tests.services.conftest import World

API = "/api/v1"


class Api:
    """The API in-process through Django's test client: JSON in, JSON out, a bearer token per call."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)  # as strict as a browser would be: no CSRF escape hatch

    @staticmethod
    def token_for(employee) -> str:
        return login(email=employee.email, password=PASSWORD).token

    def call(self, method, path, body=None, *, token=None, raw=None, content_type="application/json", **extra):
        headers = dict(extra)
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        if path.startswith("http://testserver/"):  # a link the API answered, e.g. a page's "next"
            path = path.removeprefix("http://testserver")
        url = path if path.startswith("/") else f"{API}/{path}"
        if method == "GET":
            return self.client.get(url, **headers)
        return self.client.generic(method, url, data, content_type=content_type, **headers)

    def as_(self, employee):
        """Calls as ``employee``: ``api.as_(manager).get("clients")``."""
        return Acting(self, self.token_for(employee))


class Acting:
    def __init__(self, api: Api, token: str):
        self.api, self.token = api, token

    def __getattr__(self, method: str):
        return lambda path, body=None, **kw: self.api.call(method.upper(), path, body, token=self.token, **kw)


@pytest.fixture
def api():
    return Api()


@pytest.fixture
def world(db):
    return World()


def body_of(response) -> dict | list:
    if response.streaming:
        return json.loads(b"".join(response.streaming_content))
    return json.loads(response.content)
