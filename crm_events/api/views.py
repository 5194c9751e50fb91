"""The API's views: parse the request, call one service or selector, answer its SPEC §5 shape.

Authentication is the bearer token (``api.authentication``); what the employee may do
is decided by the services and selectors, which call ``crm_core.policy`` like every
other entry point. Errors become statuses in ``api.errors`` only.
"""

from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api import listing
from api.errors import error_response
from api.inputs import body_fields, body_object, parameters_of, query
from api.resources import EMPLOYEES, Resource
from api.throttling import LoginThrottle, record_failure
from crm_core import field_checks
from crm_core.errors import InvalidInput, NotAuthenticated
from crm_core.policy import Action, authorize
from crm_core.serialization import iso, to_dict
from epic_auth_app import authentication, tokens
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_auth_app.services import employee_delete


class SessionView(APIView):
    """Log in (POST), who am I (GET), log out (DELETE)."""

    http_method_names = ["get", "post", "delete"]
    throttle_classes = [LoginThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def perform_authentication(self, request):
        if request.method != "POST":  # logging in must work whatever stale token a client still sends
            super().perform_authentication(request)

    def post(self, request):
        """Log in with an email and a password: answers a session token for the Authorization header."""
        data = body_fields(request, allowed=("email", "password"), required=("email", "password"))
        # A malformed request is no attempt at a password: 400, not counted against the lockout or throttle.
        wrong = {
            name: f"{name.capitalize()}: " + ("this value is required." if isinstance(value, str) else "expected text.")
            for name, value in data.items()
            if not isinstance(value, str) or not value.strip()
        }
        if wrong:
            raise InvalidInput(wrong)
        try:
            result = authentication.login(email=data["email"], password=data["password"])
        except NotAuthenticated:
            record_failure(request, data["email"])
            raise
        body = {
            "token": result.token,
            "expires_at": iso(result.expires_at),
            "employee": to_dict(EMPLOYEE_SHAPE, result.employee),
        }
        return Response(body, status=status.HTTP_201_CREATED)

    def get(self, request):
        """The logged-in employee (whoami); header X-Session-Expires-At says when this session ends."""
        query(request, allowed=())
        response = Response(to_dict(EMPLOYEE_SHAPE, request.user))
        response["X-Session-Expires-At"] = iso(tokens.read(request.auth).expires_at)
        return response

    def delete(self, request):
        """Log out: the session ends on the server, so every copy of the token stops working."""
        authentication.logout(request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecordsView(APIView):
    """A list of records (GET) and creating one (POST)."""

    http_method_names = ["get", "post"]
    resource: Resource | None = None

    def get(self, request):
        return listing.list_response(request, self.resource, request.user)

    def post(self, request):
        names, required = parameters_of(self.resource.creator)
        data = body_fields(request, allowed=names, required=required)
        record = self.resource.creator(actor=request.user, **data)
        response = Response(to_dict(self.resource.shape, record), status=status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{request.path}/{record.pk}")
        return response


class CheckView(APIView):
    """Check one answer as a form types it (POST, changes nothing): the value to send, or 400 saying why."""

    http_method_names = ["post"]
    resource: Resource | None = None

    def post(self, request):
        data = body_fields(request, allowed=("field", "value"), required=("field", "value"))
        return Response({"value": field_checks.check(self.resource.name, data["field"], data["value"])})


class RecordView(APIView):
    """One record: show (GET), update (PATCH), and for employees, remove (DELETE)."""

    http_method_names = ["get", "patch", "delete"]
    resource: Resource | None = None

    def get(self, request, id):  # noqa: A002 - the path's {id}
        query(request, allowed=())
        return Response(to_dict(self.resource.shape, self.resource.getter(request.user, id)))

    def patch(self, request, id):  # noqa: A002
        data = body_object(request)
        record = self.resource.updater(request.user, id, data)
        response = Response(to_dict(self.resource.shape, record))
        # The update services say what they changed (crm_core.writes.save_changes).
        response["X-Record-Changed"] = "true" if record.changed_fields else "false"
        return response

    def delete(self, request, id):  # noqa: A002
        if self.resource is not EMPLOYEES:
            authorize(request.user, Action.DELETE_RECORDS)  # nobody may: SPEC §3, admins only, in Django admin
        values = query(request, allowed=("reassign_to",))
        removal = employee_delete(actor=request.user, employee_id=id, reassign_to_id=values.get("reassign_to"))
        successor = removal.reassigned_to
        return Response(
            {
                "employee": to_dict(EMPLOYEE_SHAPE, removal.employee),
                "reassigned_to": to_dict(EMPLOYEE_SHAPE, successor) if successor is not None else None,
                "clients_moved": removal.clients_moved,
                "events_moved": removal.events_moved,
            }
        )


def not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404, never Django's page."""
    return error_response(404, "There is nothing at this address; the API's paths are listed in /api/v1/openapi.json.")
