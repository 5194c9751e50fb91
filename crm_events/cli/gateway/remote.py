"""The remote transport: every gateway operation as one request to the CRM's HTTPS API (docs/api.md).

Imported only in remote mode, and imports no Django: the staff machine holds the
session token and the server's address, nothing else. Records arrive as the SPEC §5
objects the local transport builds too, so what is rendered cannot tell the two apart.
The API's error bodies become the same ``crm_core.errors`` exceptions the services raise,
with the server's sentence as it is; faults of the network become ``Unavailable``.

Adding an operation (history, unlock, imports...) is one method calling ``self._call``
(or ``self._page`` / ``self._stream`` for a list) with the path and method of docs/api.md.
"""

import json
from urllib.parse import quote

from crm_core.errors import (
    CrmError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SuccessorRequired,
    Unavailable,
)
from crm_core.list_limits import PAGE_SIZE
from cli.gateway import Employees, Gateway, Imports, LoggedIn, Page, Removal, Resource, Unlocked, Updated

SESSION_EXPIRES_HEADER = "X-Session-Expires-At"
# How long an import may take on the server (its gunicorn workers allow as long: api/server.py).
IMPORT_WAIT_SECONDS = 600
# A JWT is three base64url parts joined by dots.
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


class RemoteGateway(Gateway):
    def __init__(self, session_file, http, *, remember: bool = False):
        super().__init__(session_file)
        self.http = http
        self.remember = remember  # login --server: keep the server beside the session once logged in
        self.where = http.server.url
        self.employees = RemoteEmployees(self)
        self.clients = RemoteResource(self, "clients")
        self.contracts = RemoteResource(self, "contracts")
        self.events = RemoteResource(self, "events")
        self.imports = RemoteImports(self)

    # -- one request, its answer or the domain error it carries ---------------------------

    def _call(
        self, method: str, path: str, *, params=None, body=None, data=None, content_type=None, token=None,
        anonymous=False, read_only=None, stream=False,
    ):
        """(status, response, JSON body) of one request; errors raised as the local transport raises them.

        ``path`` is under /api/v1/; ``params`` the query; ``body`` JSON, or ``data`` raw bytes of
        ``content_type``. ``token`` defaults to the stored one (NotAuthenticated when there is
        none); ``anonymous`` sends none (logging in). With ``stream``, the body is left unread
        and the response is answered in its place (``self.http.json_array_items(response)``
        reads a streamed list).
        """
        read_only = method == "GET" if read_only is None else read_only
        if anonymous:
            token = None
        elif token is None:
            token = self.token()
        if token and not _TOKEN_CHARACTERS.issuperset(token):  # never put arbitrary bytes in a header
            raise NotAuthenticated(
                f"Your session file {self.session_file.path} does not hold a session token; log in again."
            )
        response = self.http.request(
            method, path, params=params, body=body, data=data, content_type=content_type, token=token,
            read_only=read_only,
        )
        status = response.status
        if stream and status == 200:
            return status, response, response
        answer = self._json(self.http.read_body(response, read_only=read_only), response, status)
        if status >= 400:
            raise self._error(status, answer, read_only=read_only)
        return status, response, answer

    def _json(self, raw: bytes, response, status: int):
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if not raw and status == 204:
            return None
        if kind != "application/json":
            if status >= 500:
                return None  # a proxy's page: the status says enough
            raise self.http.not_a_crm_server(status)
        try:
            return json.loads(raw)
        except ValueError:
            raise self.http.not_a_crm_server(status) from None

    def _error(self, status: int, data, *, read_only: bool) -> Exception:
        detail = data.get("detail") if isinstance(data, dict) else None
        if status >= 500 or not isinstance(detail, str):
            # The server's own sentence for its failures already says what to do (with a reference).
            if isinstance(detail, str) and detail:
                return Unavailable(detail)
            lost = self.http.after_a_lost_answer(read_only)
            return Unavailable(f"The CRM server at {self.where} failed (HTTP {status}); {lost}")
        if status == 400:
            fields = data.get("fields")
            error = InvalidInput(fields if isinstance(fields, dict) and fields else {"request": detail})
            error.message = detail  # the server's sentence, as it is
            return error
        if status in (401, 429):  # 429: too many failed logins, a refusal of the login like the lockout
            return NotAuthenticated(detail)
        if status == 403:
            return PermissionDenied(detail)
        if status == 404:
            return NotFound(detail)
        if status == 409:
            if isinstance(data.get("clients"), int) and isinstance(data.get("events"), int):
                return SuccessorRequired(detail, clients=data["clients"], events=data["events"])
            return RuleViolation(detail)
        return RuleViolation(detail)

    # -- sessions ---------------------------------------------------------------------------

    def login(self, *, email, password) -> LoggedIn:
        logged_in = super().login(email=email, password=password)
        if self.remember:
            self.session_file.save_server(self.where)
        return logged_in

    def _open_session(self, *, email, password) -> tuple[str, LoggedIn]:
        _, _, data = self._call("POST", "session", body={"email": email, "password": password}, anonymous=True)
        return data["token"], LoggedIn(data["employee"], data["expires_at"])

    def _end_session(self, token: str) -> bool:
        try:
            self._call("DELETE", "session", token=token)
        except NotAuthenticated:
            return False  # not a live session: nothing left to end
        return True

    def _end_replaced_session(self, token: str, issuer: str | None) -> None:
        """End the session a login replaces on the server that issued it, and only there: a token
        is never shown to another server. A session file of an older version does not say its
        issuer: it is this server, unless ``login --server`` moves from the server remembered so
        far (or from the local database, which has no URL)."""
        if issuer is None:
            issuer = self.where
            if self.remember:
                try:
                    issuer = self.session_file.load_server()
                except NotAuthenticated:
                    issuer = None
        if issuer == self.where:
            self._end_session(token)
        else:
            self._end_session_at(issuer, token)

    def _end_session_at(self, issuer: str | None, token: str) -> bool:
        from cli.exit_status import UsageError
        from cli.gateway.choice import LOCAL, server_address

        if issuer is None or issuer == LOCAL:
            return False  # unknown, or this machine's database: nothing this transport can reach
        try:
            server = server_address(issuer, named="the previous server")
            http = type(self.http)(server, timeout=self.http.timeout, ca_bundle=self.http.ca_bundle)
            return RemoteGateway(self.session_file, http)._end_session(token)
        except (UsageError, CrmError):
            return False  # best effort: the previous server may be gone or refuse

    def _whoami(self, token: str) -> dict:
        return self._call("GET", "session", token=token)[2]

    def session(self) -> LoggedIn:
        _, response, employee = self._call("GET", "session")
        return LoggedIn(employee, response.getheader(SESSION_EXPIRES_HEADER))


def _segment(record_id) -> str:
    """A record id as one path segment, whatever was typed: the server says what is wrong with it."""
    return quote(str(record_id).strip() or " ", safe="")


class RemoteResource(Resource):
    """list / export / show / create / update / check as requests on /api/v1/{name}."""

    def __init__(self, gateway: RemoteGateway, name: str):
        self.gateway = gateway
        self.name = name

    def _filters(self, filters: dict) -> dict:
        return {
            name: ("true" if value is True else str(value)) for name, value in self.given_filters(filters).items()
        }

    def list(self, *, page: int = 1, limit: int = PAGE_SIZE, record_id=None, **filters) -> Page:
        params = {**self._filters(filters), "page": str(page), "limit": str(limit)}
        if record_id is not None:
            params["id"] = str(record_id)
        data = self.gateway._call("GET", self.name, params=params)[2]
        return Page(data["results"], data["page"], data["limit"], data["count"], data["count_is_capped"])

    def export(self, **filters):
        from crm_core.export_text import Rows

        params = {**self._filters(filters), "all": "true"}
        _, response, _ = self.gateway._call("GET", self.name, params=params, stream=True)  # refusals raise here
        return Rows(self.gateway.http.json_array_items(response))

    def show(self, record_id) -> dict:
        return self.gateway._call("GET", f"{self.name}/{_segment(record_id)}")[2]

    def create(self, data: dict) -> dict:
        return self.gateway._call("POST", self.name, body=data)[2]

    def update(self, record_id, data: dict) -> Updated:
        _, response, record = self.gateway._call("PATCH", f"{self.name}/{_segment(record_id)}", body=data)
        return Updated(record, changed=response.getheader("X-Record-Changed", "true") == "true")

    def check(self, field: str, text: str):
        body = {"field": field, "value": text}
        return self.gateway._call("POST", f"{self.name}/check", body=body, read_only=True)[2]["value"]

    def history(self, record_id, *, since=None, by=None, page: int = 1, limit: int = PAGE_SIZE) -> Page:
        params = {**self._history_filters(since, by), "page": str(page), "limit": str(limit)}
        data = self.gateway._call("GET", f"{self.name}/{_segment(record_id)}/history", params=params)[2]
        return Page(data["results"], data["page"], data["limit"], data["count"], data["count_is_capped"])

    def history_export(self, record_id, *, since=None, by=None):
        params = {**self._history_filters(since, by), "all": "true"}
        path = f"{self.name}/{_segment(record_id)}/history"
        _, response, _ = self.gateway._call("GET", path, params=params, stream=True)  # refusals raise here
        return self.gateway.http.json_array_items(response)

    @staticmethod
    def _history_filters(since, by) -> dict:
        return {name: str(value) for name, value in (("since", since), ("by", by)) if value is not None}


class RemoteEmployees(RemoteResource, Employees):
    def __init__(self, gateway: RemoteGateway):
        super().__init__(gateway, "employees")

    def remove(self, record_id, *, reassign_to=None) -> Removal:
        params = {"reassign_to": str(reassign_to)} if reassign_to is not None else None
        data = self.gateway._call("DELETE", f"employees/{_segment(record_id)}", params=params)[2]
        return Removal(data["employee"], data["reassigned_to"], data["clients_moved"], data["events_moved"])

    def unlock(self, record_id) -> Unlocked:
        data = self.gateway._call("POST", f"employees/{_segment(record_id)}/unlock")[2]
        return Unlocked(data["employee"], data["was_locked"])


class RemoteImports(Imports):
    """The file travels whole to POST /api/v1/import/{kind}; the server reads, checks and writes it."""

    def __init__(self, gateway: RemoteGateway):
        self.gateway = gateway

    def run(self, kind, *, filename, content: bytes, dry_run=False, update=False, sheet=None, progress=None) -> dict:
        params = {"filename": filename, "dry_run": _flag(dry_run), "update": _flag(update)}
        if sheet is not None:
            params["sheet"] = sheet
        # A dry run writes nothing, so it alone may be sent again after a lost answer. No progress
        # is reported: the server works through the file in one request.
        with self.gateway.http.patience(IMPORT_WAIT_SECONDS):
            return self.gateway._call(
                "POST",
                f"import/{quote(str(kind), safe='')}",
                params=params,
                data=content,
                content_type="application/octet-stream",
                read_only=bool(dry_run),
            )[2]


def _flag(value) -> str:
    return "true" if value else "false"
