"""Clients named by rows, in a client sheet or as the client of an event sheet's rows.

A client is found by email (or, in a client sheet, by the CRM's id the list export writes).
Whose client it is follows SPEC §3's import row: management imports for any salesperson
the row names; a salesperson's rows become theirs, and a row naming another salesperson,
or a client of another salesperson, is refused.
"""

from functools import partial

from crm_core.policy import Action, can
from epic_clients_app.services import client_create, client_save_new, client_update
from epic_imports_app import lookups
from epic_imports_app.importing import Ref, RowRefused, SheetImport, Step

CLIENT_DETAILS = ("full_name", "email", "phone", "company_name")


class ClientRows(SheetImport):
    """What both kinds of sheet do with the client of a row."""

    client_columns: dict[str, str] = {}  # the client's field -> the sheet's column key

    def client_ref(self, values: dict, record) -> Ref:
        given = {name: values[key] for name, key in self.client_columns.items() if key in values}
        seller_column = self.person_column("sales_contact")
        seller = self.person(values, "sales_contact", "sales")
        if seller is not None:
            given["sales_contact"] = seller
        self.allowed(Action.IMPORT_FOR_SALES_CONTACT, seller, seller_column)
        if record is not None:  # a client of someone else is refused on the column that found it
            owner = self.staff.by_id.get(record.sales_contact_id)
            self.allowed(Action.IMPORT_FOR_SALES_CONTACT, owner, self.client_columns["email"])
        columns = {**self.client_columns, "sales_contact": seller_column}
        return self.mention(Ref("clients", record, given, columns))

    def client_steps(self, ref: Ref) -> list:
        if not ref.first:
            return []
        seller_column = ref.columns["sales_contact"]
        fields = {**ref.columns, "sales_contact_id": seller_column}
        if ref.record is None:
            details = {name: ref.given.get(name) for name in CLIENT_DETAILS}
            if can(self.actor, Action.CREATE_CLIENT):  # a salesperson: the client becomes theirs
                call = partial(client_create, actor=self.actor, **details)
            else:
                seller = ref.given.get("sales_contact")
                if seller is None:
                    raise RowRefused(
                        seller_column,
                        "Sales contact: name the salesperson of this new client (their email or full name).",
                    )
                call = partial(client_save_new, actor=self.actor, sales_contact_id=seller.pk, **details)
            return [Step(ref, call, self.client_columns["email"], fields)]
        if not (ref.changes and self.update):
            return []
        steps = []
        details = {name: value for name, value in ref.changes.items() if name in CLIENT_DETAILS}
        if details:
            update = partial(client_update, actor=self.actor, client_id=ref.record.pk, data=details)
            steps.append(Step(ref, update, ref.columns[next(iter(details))], fields))
        if "sales_contact" in ref.changes:
            data = {"sales_contact_id": ref.changes["sales_contact"].pk}
            steps.append(Step(ref, partial(client_update, actor=self.actor, client_id=ref.record.pk, data=data),
                              seller_column, fields))
        return steps


class ClientsImport(ClientRows):
    """A client sheet: one row per client."""

    kind = "clients"
    client_columns = {name: name for name in CLIENT_DETAILS}

    def preload(self, rows: list[dict]) -> None:
        self.by_email, self.by_id = lookups.clients(
            emails=[row.get("email") for row in rows], ids=[row.get("id") for row in rows]
        )

    def plan_row(self, number: int, values: dict):
        if "id" in values:
            record = self.by_id.get(values["id"])
            if record is None:
                raise RowRefused(
                    "id", f"Id: no client has id {values['id']}; empty this cell to create the client instead."
                )
        elif "email" in values:
            record = self.by_email.get(values["email"])
        else:
            raise RowRefused("email", "Email: this value is required; the client is found by it.")
        if record is not None and ("clients", record.pk) in self.seen:
            first_row = self.seen[("clients", record.pk)][0]
            raise RowRefused("email", f"Email: this client is already on row {first_row}; give each client once.")
        ref = self.client_ref(values, record)
        return [ref], self.client_steps(ref)

    def remember(self, ref: Ref) -> None:
        self.by_email[ref.record.email] = ref.record
        self.by_id[ref.record.pk] = ref.record
