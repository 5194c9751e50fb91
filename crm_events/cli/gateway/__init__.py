"""The one interface the commands and the menu call: the CRM's operations, as plain data.

Records travel as the SPEC §5 objects (dicts of JSON values, the shapes of each app's
``serializers.py``); errors are the exceptions of ``crm_core.errors``, whatever the
transport. The filters are those of INTERFACES.md, by the same names as the API's
query parameters::

    gateway.login(email=..., password=...) -> LoggedIn     gateway.logout() -> bool
    gateway.whoami() -> dict                                   gateway.session() -> LoggedIn
    gateway.<resource>.list(page=1, limit=50, record_id=None, **filters) -> Page
    gateway.<resource>.export(**filters) -> rows (every matching row, streamed; crm_core.export_text)
    gateway.<resource>.show(record_id) -> dict
    gateway.<resource>.create(data) -> dict
    gateway.<resource>.update(record_id, data) -> Updated (the record, and whether a value changed)
    gateway.<resource>.check(field, text) -> the value made well formed, or InvalidInput
    gateway.employees.remove(record_id, reassign_to=None) -> Removal
    gateway.<resource>.history(record_id, since=None, by=None, page=1, limit=50) -> Page of history entries
    gateway.<resource>.history_export(record_id, since=None, by=None) -> iterator of every entry, newest first
    gateway.employees.unlock(record_id) -> Unlocked
    gateway.imports.run(kind, filename=..., content=b"...", dry_run=False, update=False, sheet=None,
                        progress=None) -> the import's report (docs/import.md)

for ``<resource>`` in employees, clients, contracts, events. A history entry is
``{"at", "actor_id", "actor_name", "action", "changes": [{"field", "old", "new"}], "reason"}``
(crm_core.history). ``LocalGateway``
(``cli.gateway.local``) runs the services in-process; ``RemoteGateway``
(``cli.gateway.remote``) speaks the HTTP API (docs/api.md) behind the same methods;
``cli.gateway.choice`` decides which one a run uses, before anything imports Django.
The gateway stays thin: no rule and no validation beyond a well-formed request; the
services decide.

The session token is the client's: this module keeps it in the session file (owner
only, regular file) and hands it to the transport. Nothing here imports Django.
"""

from collections.abc import Iterator

from crm_core.errors import NotAuthenticated
from crm_core.list_limits import PAGE_SIZE
from cli.gateway.choice import LOCAL
from cli.program import login_command


# INTERFACES.md: the filters each list takes (also the API's query parameters).
FILTERS = {
    "employees": ("include_removed", "department"),
    "clients": ("mine", "search"),
    "contracts": ("mine", "unsigned", "signed", "unpaid", "client"),
    "events": ("mine", "no_support", "upcoming", "contract", "client"),
}


# Plain classes rather than NamedTuples: this module is on every command's start-up path,
# and creating a NamedTuple class costs about 0.2 ms.


class Page:
    """One page of a list: its records, and where it stands (as the API's list answer)."""

    __slots__ = ("items", "number", "limit", "count", "count_is_capped")

    def __init__(self, items: list[dict], number: int, limit: int, count: int, count_is_capped: bool):
        self.items = items
        self.number = number
        self.limit = limit
        self.count = count  # rows matching, counted up to crm_core.list_limits.COUNT_CAP
        self.count_is_capped = count_is_capped  # more rows match than were counted

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.limit + 1 if self.items else 0

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.items) - 1 if self.items else 0

    @property
    def has_next(self) -> bool:
        return bool(self.items) and (self.count_is_capped or self.last_row < self.count)


class Updated:
    __slots__ = ("record", "changed")

    def __init__(self, record: dict, changed: bool):
        self.record = record
        self.changed = changed  # False when the record already had these values (the API's X-Record-Changed)


class Removal:
    __slots__ = ("employee", "reassigned_to", "clients_moved", "events_moved")

    def __init__(self, employee: dict, reassigned_to: dict | None, clients_moved: int, events_moved: int):
        self.employee = employee
        self.reassigned_to = reassigned_to
        self.clients_moved = clients_moved
        self.events_moved = events_moved


class Unlocked:
    __slots__ = ("employee", "was_locked")

    def __init__(self, employee: dict, was_locked: bool):
        self.employee = employee
        self.was_locked = was_locked  # False: the account was not locked, and nothing was written


class LoggedIn:
    __slots__ = ("employee", "expires_at")

    def __init__(self, employee: dict, expires_at: str):
        self.employee = employee
        self.expires_at = expires_at  # ISO 8601 with offset


class Resource:
    """The operations on one kind of record; a transport implements them."""

    name = ""  # employees, clients, contracts, events (the API's path)

    def list(self, *, page: int = 1, limit: int = PAGE_SIZE, record_id=None, **filters) -> Page:
        """A page of the records matching ``filters``; with ``record_id``, only that record if it matches."""
        raise NotImplementedError

    def export(self, **filters):
        """Every matching record, streamed in bounded memory: an iterable of dicts with the
        ``fields`` and ``chunks()`` that ``crm_core.export_text`` encodes. Refusals (permission,
        a bad filter) are raised by this call, before the first record is read."""
        raise NotImplementedError

    def show(self, record_id) -> dict:
        raise NotImplementedError

    def create(self, data: dict) -> dict:
        raise NotImplementedError

    def update(self, record_id, data: dict) -> Updated:
        raise NotImplementedError

    def check(self, field: str, text: str):
        """The typed ``text`` made a well-formed value for ``field`` (to send in create or
        update data), or InvalidInput({field: sentence}) saying what is expected, for a form
        to ask again at once. Whether the value is allowed is decided when it is sent."""
        raise NotImplementedError

    def history(self, record_id, *, since=None, by=None, page: int = 1, limit: int = PAGE_SIZE) -> Page:
        """A page of the record's history entries, newest first. ``since``: a date ("YYYY-MM-DD"),
        entries from that day on; ``by``: an employee id, only what they did. Refused as ``show``
        is (the same sentence and error); the values are checked by the server."""
        raise NotImplementedError

    def history_export(self, record_id, *, since=None, by=None) -> Iterator[dict]:
        """Every entry of ``history``, newest first, streamed in bounded memory. Refusals are
        raised by this call, before the first entry is read."""
        raise NotImplementedError

    def given_filters(self, filters: dict) -> dict:
        """The filters that apply: a filter that is None or False is not given at all."""
        unknown = set(filters) - set(FILTERS[self.name])
        if unknown:
            raise TypeError(f"{self.name} have no filter {', '.join(sorted(unknown))}")
        return {name: value for name, value in filters.items() if value is not None and value is not False}


class Employees(Resource):
    name = "employees"

    def remove(self, record_id, *, reassign_to=None) -> Removal:
        """Remove an employee, handing their clients and upcoming events to ``reassign_to``
        (crm_core.errors.SuccessorRequired when someone must take them over)."""
        raise NotImplementedError

    def unlock(self, record_id) -> Unlocked:
        """Lift the lockout after failed logins (management); ``was_locked`` False when there was none."""
        raise NotImplementedError


class Imports:
    """The spreadsheet import (docs/import.md)."""

    def run(self, kind, *, filename, content: bytes, dry_run=False, update=False, sheet=None, progress=None) -> dict:
        """Import ``kind`` ("clients" or "events") from ``content``, the bytes of the file named
        ``filename`` (.csv or .xlsx); the report as plain data (docs/import.md, "The report").

        Refused rows are in the report's ``errors``, and then nothing was written. A refusal of
        the whole file is InvalidInput; of the employee, PermissionDenied. ``progress(done, total)``
        may be called after each row (a transport that cannot tell may never call it).
        """
        raise NotImplementedError


class Gateway:
    """Login, logout, whoami, the four resources and the import; the transport opens and ends sessions."""

    employees: Employees
    clients: Resource
    contracts: Resource
    events: Resource
    imports: Imports
    where = LOCAL  # what whoami says this gateway works on; a server's URL for the remote one

    def __init__(self, session_file):
        self.session_file = session_file

    def login(self, *, email, password) -> LoggedIn:
        """Open a session and keep its token; the session it replaces is ended on the server.

        The session file is checked first, so that no session is opened for a token that
        could not be kept; should the write still fail, the new session is ended.
        """
        replaced, replaced_issuer = self.session_file.token_to_replace(), self.session_file.load_issuer()
        self.session_file.ensure_writable()
        token, logged_in = self._open_session(email=email, password=password)
        try:
            self.session_file.save(token)
        except BaseException:
            self._end_session(token)
            raise
        try:
            self.session_file.save_issuer(self.where)
        except BaseException:  # a token whose issuer is not known is never sent anywhere: not kept
            self.session_file.clear()
            self._end_session(token)
            raise
        if replaced:
            # So that a copy of the replaced token cannot outlive it; only where it was issued.
            self._end_replaced_session(replaced, replaced_issuer)
        self.session_file.save_email(logged_in.employee["email"])
        return logged_in

    def logout(self) -> bool:
        """End the session on the server and forget its token; True if a live session was ended."""
        token = self.session_file.load()
        ended = False
        if token:
            issuer = self.session_file.load_issuer()
            ended = self._end_session(token) if self._issued_here(issuer) else self._end_session_at(issuer, token)
        self.session_file.clear()
        self.session_file.clear_email()  # logging out hands the machine over: the next login starts empty
        return ended

    def whoami(self) -> dict:
        """The employee object of the current session, read again from the server."""
        return self._whoami(self.token())

    def session(self) -> LoggedIn:
        """The employee of the current session and when that session ends (ISO 8601 with offset)."""
        raise NotImplementedError

    def token(self) -> str:
        """The stored token, or NotAuthenticated when there is none or the file is not safe to use.

        Like ssh with an unprotected key, a file that others could read is not used: its
        token may have been copied, so its session is ended and the file removed.
        """
        token = self.session_file.load()
        if token is None:
            raise NotAuthenticated(f"You are not logged in; log in with: {login_command()}.")
        issuer = self.session_file.load_issuer()
        if not self._issued_here(issuer):
            # A token goes only to the server that issued it: another one (a mistyped or hostile
            # EPICEVENTS_SERVER) would be handed a live session. The file stays for that server.
            opened = "this machine's database" if issuer == LOCAL else issuer or "an unknown server"
            here = "this machine's database" if self.where == LOCAL else self.where
            raise NotAuthenticated(
                f"Your session was opened on {opened}, not on {here}, and a session is never sent to "
                f"another server; log in here with: {login_command()}."
            )
        mode = self.session_file.loose_mode()
        if mode is not None:
            self._end_exposed_session(token, mode)
            self.session_file.clear()
            access = "readable" if mode & 0o044 else "writable"
            raise NotAuthenticated(
                f"Your session file {self.session_file.path} was {access} by other users (mode {mode:04o}), "
                f"so that session has been ended; log in again with: {login_command()}."
            )
        return token

    # What a transport provides.

    def _open_session(self, *, email, password) -> tuple[str, LoggedIn]:
        raise NotImplementedError

    def _end_session(self, token: str) -> bool:
        raise NotImplementedError

    def _end_exposed_session(self, token: str, mode: int) -> None:
        self._end_session(token)

    def _issued_here(self, issuer: str | None) -> bool:
        """Whether a token issued by ``issuer`` may be used here. A session file of an older version
        (no issuer) is used only by the local transport, which sends nothing over a network."""
        return issuer == self.where or (issuer is None and self.where == LOCAL)

    def _end_session_at(self, issuer: str | None, token: str) -> bool:
        """End a session issued elsewhere, at its issuer, if this transport can reach it."""
        return False

    def _end_replaced_session(self, token: str, issuer: str | None) -> None:
        if self._issued_here(issuer):
            self._end_session(token)

    def _whoami(self, token: str) -> dict:
        raise NotImplementedError


def open_gateway(session_file, choice=None) -> Gateway:
    """The gateway of the transport ``choice`` (cli.gateway.choice) names; the local one without a choice."""
    if choice is None or choice.local:
        from cli.gateway.local import LocalGateway

        return LocalGateway(session_file)
    from cli.client_settings import ClientSettings
    from cli.gateway import choice as choices
    from cli.gateway.http import HttpClient
    from cli.gateway.remote import RemoteGateway

    settings = ClientSettings()
    http = HttpClient(
        choice.server,
        timeout=choices.timeout(settings),
        ca_bundle=choices.ca_bundle(settings),
        source=choice.source,
    )
    return RemoteGateway(session_file, http, remember=choice.remember)
