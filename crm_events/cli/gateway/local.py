"""The local transport: the selectors and services in-process, on the database this machine reaches.

Imported once Django is set up, and only in local mode. Each resource imports its app's
selectors, services and serializer when first used, so a command loads only its own
app (start-up time). Records leave as the SPEC §5 objects (``to_dict`` with each app's
shape); the acting employee is read from the database at every call, from the token in
the session file (so a department change or a removal applies at once).
"""

from crm_core.errors import InvalidInput
from crm_core.list_limits import PAGE_SIZE
from cli.gateway import Employees, Gateway, Imports, LoggedIn, Page, Removal, Resource, Unlocked, Updated


def _employee_shape():
    from epic_auth_app.serializers import EMPLOYEE_SHAPE

    return EMPLOYEE_SHAPE


def _as_dict(shape, record) -> dict:
    from crm_core.serialization import to_dict

    return to_dict(shape, record)


class LocalGateway(Gateway):
    def __init__(self, session_file):
        super().__init__(session_file)
        self.employees = LocalEmployees(self)
        self.clients = LocalClients(self)
        self.contracts = LocalContracts(self)
        self.events = LocalEvents(self)
        self.imports = LocalImports(self)

    def actor(self):
        """The employee behind the stored token, read from the database (one query)."""
        from epic_auth_app.authentication import authenticate_token

        return authenticate_token(self.token())

    def _open_session(self, *, email, password) -> tuple[str, LoggedIn]:
        from crm_core.serialization import iso
        from epic_auth_app.authentication import login

        result = login(email=email, password=password)
        return result.token, LoggedIn(_as_dict(_employee_shape(), result.employee), iso(result.expires_at))

    def _end_session(self, token: str) -> bool:
        from epic_auth_app.authentication import logout

        return logout(token)

    def _end_exposed_session(self, token: str, mode: int) -> None:
        from crm_core import audit

        self._end_session(token)
        audit.session_file_refused(mode=mode)

    def _whoami(self, token: str) -> dict:
        from epic_auth_app.authentication import authenticate_token

        return _as_dict(_employee_shape(), authenticate_token(token))

    def session(self) -> LoggedIn:
        from crm_core.serialization import iso
        from epic_auth_app import tokens

        token = self.token()
        employee = self._whoami(token)  # refuses an ended or expired session first
        return LoggedIn(employee, iso(tokens.read(token).expires_at))


class LocalResource(Resource):
    """list / export / show / create / update / check over one app's selectors and services."""

    label = ""  # "client": how the services name one record in their sentences
    create_fields: tuple[str, ...] = ()

    def __init__(self, gateway: LocalGateway):
        self.gateway = gateway

    # What each resource provides.

    def _shape(self) -> dict:
        raise NotImplementedError

    def _records(self, actor, **filters):
        """The selector's queryset for these filters (INTERFACES.md names)."""
        raise NotImplementedError

    def _get(self, actor, record_id):
        raise NotImplementedError

    def _create(self, actor, data: dict):
        raise NotImplementedError

    def _update(self, actor, record_id, data: dict):
        raise NotImplementedError

    # The gateway's operations.

    def list(self, *, page: int = 1, limit: int = PAGE_SIZE, record_id=None, **filters) -> Page:
        from crm_core.pagination import paginate

        records = self._records(self.gateway.actor(), **self.given_filters(filters))
        if record_id is not None:
            records = self._only(records, record_id)
        found = paginate(records, page=page, limit=limit)
        shape = self._shape()
        items = [_as_dict(shape, record) for record in found.items]
        return Page(items, found.number, found.limit, found.total, found.total_is_capped)

    def _only(self, records, record_id):
        from crm_core.lookups import filter_by_id
        from crm_core.validation import InvalidValue, clean_id

        try:
            pk = clean_id(record_id)
        except InvalidValue as refusal:
            raise InvalidInput({"id": f"{self.label.capitalize()} id: {refusal.message}"}) from None
        return filter_by_id(records, "pk", pk)

    def export(self, **filters):
        from crm_core.export import Export

        records = self._records(self.gateway.actor(), **self.given_filters(filters))  # refusals raise here
        # The list's own queryset, read as tuples in the shape's columns; on PostgreSQL from a
        # cursor inside a transaction, so the first row comes at once at any size.
        return Export(records, self._shape())

    def show(self, record_id) -> dict:
        return _as_dict(self._shape(), self._get(self.gateway.actor(), record_id))

    def create(self, data: dict) -> dict:
        from crm_core.fields import reject_unknown_fields

        actor = self.gateway.actor()
        reject_unknown_fields(data, self.create_fields)
        return _as_dict(self._shape(), self._create(actor, data))

    def update(self, record_id, data: dict) -> Updated:
        actor = self.gateway.actor()
        record = self._update(actor, record_id, dict(data))
        # The update services say what they changed (crm_core.writes.save_changes).
        return Updated(_as_dict(self._shape(), record), changed=bool(record.changed_fields))

    def history(self, record_id, *, since=None, by=None, page: int = 1, limit: int = PAGE_SIZE) -> Page:
        from crm_core.history import record_history

        actor = self.gateway.actor()
        found = record_history(
            actor=actor, resource=self.name, record_id=record_id, since=since, by=by, page=page, limit=limit
        )
        return Page(found.items, found.number, found.limit, found.total, found.total_is_capped)

    def history_export(self, record_id, *, since=None, by=None):
        from crm_core.history import iter_record_history

        actor = self.gateway.actor()
        # Refusals raise here; then the entries are read a chunk at a time.
        return iter_record_history(actor=actor, resource=self.name, record_id=record_id, since=since, by=by)

    def check(self, field: str, text: str):
        from crm_core.field_checks import check

        return check(self.name, field, text)


class LocalEmployees(LocalResource, Employees):
    label = "employee"
    create_fields = ("email", "full_name", "department", "phone", "password")

    def _shape(self):
        return _employee_shape()

    def _records(self, actor, *, include_removed=False, department=None):
        from epic_auth_app.selectors import employees_list

        return employees_list(actor=actor, include_removed=include_removed, department=department)

    def _get(self, actor, record_id):
        from epic_auth_app.selectors import employee_get

        return employee_get(actor=actor, employee_id=record_id)

    def _create(self, actor, data):
        from epic_auth_app.services import employee_create

        return employee_create(
            actor=actor,
            email=data.get("email"),
            full_name=data.get("full_name"),
            department=data.get("department"),
            phone=data.get("phone", ""),
            password=data.get("password"),
        )

    def _update(self, actor, record_id, data):
        from epic_auth_app.services import employee_update

        return employee_update(actor=actor, employee_id=record_id, data=data)

    def remove(self, record_id, *, reassign_to=None) -> Removal:
        from epic_auth_app.services import employee_delete

        removal = employee_delete(actor=self.gateway.actor(), employee_id=record_id, reassign_to_id=reassign_to)
        shape = self._shape()
        successor = removal.reassigned_to
        return Removal(
            employee=_as_dict(shape, removal.employee),
            reassigned_to=_as_dict(shape, successor) if successor is not None else None,
            clients_moved=removal.clients_moved,
            events_moved=removal.events_moved,
        )

    def unlock(self, record_id) -> Unlocked:
        from epic_auth_app.services import employee_unlock

        unlocked = employee_unlock(actor=self.gateway.actor(), employee_id=record_id)
        return Unlocked(_as_dict(self._shape(), unlocked.employee), unlocked.was_locked)


class LocalClients(LocalResource):
    name = "clients"
    label = "client"
    create_fields = ("full_name", "email", "phone", "company_name")

    def _shape(self):
        from epic_clients_app.serializers import CLIENT_SHAPE

        return CLIENT_SHAPE

    def _records(self, actor, *, mine=False, search=None):
        from epic_clients_app.selectors import clients_list

        return clients_list(actor=actor, mine=mine, search=search)

    def _get(self, actor, record_id):
        from epic_clients_app.selectors import client_get

        return client_get(actor=actor, client_id=record_id)

    def _create(self, actor, data):
        from epic_clients_app.services import client_create

        return client_create(actor=actor, **{field: data.get(field) for field in self.create_fields})

    def _update(self, actor, record_id, data):
        from epic_clients_app.services import client_update

        return client_update(actor=actor, client_id=record_id, data=data)


class LocalContracts(LocalResource):
    name = "contracts"
    label = "contract"
    create_fields = ("client_id", "total_amount", "amount_due", "is_signed")

    def _shape(self):
        from epic_contracts_app.serializers import CONTRACT_SHAPE

        return CONTRACT_SHAPE

    def _records(self, actor, *, mine=False, unsigned=False, signed=False, unpaid=False, client=None):
        from epic_contracts_app.selectors import contracts_list

        return contracts_list(
            actor=actor, mine=mine, unsigned=unsigned, signed=signed, unpaid=unpaid, client_id=client
        )

    def _get(self, actor, record_id):
        from epic_contracts_app.selectors import contract_get

        return contract_get(actor=actor, contract_id=record_id)

    def _create(self, actor, data):
        from epic_contracts_app.services import contract_create

        return contract_create(
            actor=actor,
            client_id=data.get("client_id"),
            total_amount=data.get("total_amount"),
            amount_due=data.get("amount_due"),
            is_signed=data.get("is_signed", False),
        )

    def _update(self, actor, record_id, data):
        from epic_contracts_app.services import contract_update

        return contract_update(actor=actor, contract_id=record_id, data=data)


class LocalEvents(LocalResource):
    name = "events"
    label = "event"
    create_fields = ("contract_id", "name", "start", "end", "location", "attendees", "notes")

    def _shape(self):
        from epic_events_app.serializers import EVENT_SHAPE

        return EVENT_SHAPE

    def _records(self, actor, *, mine=False, no_support=False, upcoming=False, contract=None, client=None):
        from epic_events_app.selectors import events_list

        return events_list(
            actor=actor, mine=mine, no_support=no_support, upcoming=upcoming, contract_id=contract, client_id=client
        )

    def _get(self, actor, record_id):
        from epic_events_app.selectors import event_get

        return event_get(actor=actor, event_id=record_id)

    def _create(self, actor, data):
        from epic_events_app.services import event_create

        values = {field: data.get(field) for field in self.create_fields}
        values["notes"] = data.get("notes", "")
        return event_create(actor=actor, **values)

    def _update(self, actor, record_id, data):
        from epic_events_app.services import event_update

        return event_update(actor=actor, event_id=record_id, data=data)


class LocalImports(Imports):
    def __init__(self, gateway: LocalGateway):
        self.gateway = gateway

    def run(self, kind, *, filename, content: bytes, dry_run=False, update=False, sheet=None, progress=None) -> dict:
        from epic_imports_app.services import spreadsheet_import

        return spreadsheet_import(
            actor=self.gateway.actor(),
            kind=kind,
            filename=filename,
            content=content,
            dry_run=dry_run,
            update=update,
            sheet=sheet,
            progress=progress,
        )
