"""``POST /api/v1/employees/{id}/unlock``: lift the lockout after failed logins (management, SPEC §3)."""

from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import query
from api.operation_schema import UnlockSchema
from crm_core.serialization import to_dict
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_auth_app.services import employee_unlock


class UnlockView(APIView):
    http_method_names = ["post"]
    schema = UnlockSchema()

    def post(self, request, id):  # noqa: A002 - the path's {id}
        query(request, allowed=())
        unlocked = employee_unlock(actor=request.user, employee_id=id)
        return Response({"employee": to_dict(EMPLOYEE_SHAPE, unlocked.employee), "was_locked": unlocked.was_locked})
