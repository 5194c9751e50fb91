"""An event sheet, as the support team keeps it: one row per event, carrying its client and contract.

The client is found by email; the contract by the sheet's own contract number (or by the
CRM's id, as ``events list --format csv`` writes it); the event by the sheet's event
number, else by the CRM's id, else by its contract, name and start. What is new is
created, in that order, by the services: a contract only by management (SPEC §3), and
only signed, since an event needs a signed contract.
"""

from functools import partial

from crm_core.policy import Action, can
from epic_contracts_app.services import contract_create, contract_update
from epic_events_app.services import event_create, event_save_new, event_update
from epic_imports_app import lookups
from epic_imports_app.client_rows import ClientRows
from epic_imports_app.importing import Ref, RowRefused, Step

CONTRACT_FIELDS = ("total_amount", "amount_due", "is_signed")
EVENT_DETAILS = ("name", "start", "end", "location", "attendees", "notes")


class EventsImport(ClientRows):
    kind = "events"
    client_columns = {"full_name": "client_name", "email": "client_email", "phone": "client_phone",
                      "company_name": "company_name"}

    def preload(self, rows: list[dict]) -> None:
        self.clients_by_email, _ = lookups.clients(emails=[row.get("client_email") for row in rows])
        self.contracts_by_ref, self.contracts_by_id = lookups.contracts(
            references=[row.get("contract_number") for row in rows], ids=[row.get("contract_id") for row in rows]
        )
        contract_ids = {contract.pk for contract in [*self.contracts_by_ref.values(), *self.contracts_by_id.values()]}
        self.events_by_ref, self.events_by_id, self.events_by_key = lookups.events(
            references=[row.get("event_number") for row in rows],
            ids=[row.get("id") for row in rows],
            contract_ids=contract_ids,
            client_ids={client.pk for client in self.clients_by_email.values()},
        )

    def plan_row(self, number: int, values: dict):
        if "client_email" not in values:
            raise RowRefused("client_email", "Client email: this value is required; the client is found by it.")
        client = self.client_ref(values, self.clients_by_email.get(values["client_email"]))
        contract = self.contract_ref(values, client)
        event = self.event_ref(values, contract)
        steps = [*self.client_steps(client), *self.contract_steps(contract, client), *self.event_steps(event, contract)]
        return [client, contract, event], steps

    # -- the contract ------------------------------------------------------------------------

    def contract_ref(self, values: dict, client: Ref) -> Ref:
        if "contract_id" in values:
            column, named = "contract_id", f"contract {values['contract_id']}"
            record = self.contracts_by_id.get(values["contract_id"])
            if record is None:
                raise RowRefused(column, f"Contract id: no contract has id {values['contract_id']}; give the "
                                         "contract's number instead to create it.")
        elif "contract_number" in values:
            column, named = "contract_number", f"contract number {values['contract_number']}"
            record = self.contracts_by_ref.get(values["contract_number"]) or self._contract_of_twin(values, client)
        else:
            raise RowRefused("contract_number", "Contract number: this value is required; it says which contract "
                                                "the event is under.")
        if record is not None and (client.record is None or record.client_id != client.record.pk):
            raise RowRefused(column, f"{self.label(column)}: {named} is another client's, not "
                                     f"{values['client_email']}'s.")
        given = {name: values[name] for name in CONTRACT_FIELDS if name in values}
        if "contract_number" in values:
            given["reference"] = values["contract_number"]
        columns = {**{name: name for name in CONTRACT_FIELDS}, "reference": "contract_number", "client": column}
        ref = self.mention(Ref("contracts", record, given, columns))
        ref.named, ref.column = named, column
        return ref

    def _contract_of_twin(self, values: dict, client: Ref):
        """The contract of this client's event of the same name and start, when the CRM has it
        under a contract without a number: the row is that event, not a new one (never doubled)."""
        if client.record is None:
            return None
        twin = self.events_by_key.get((None, client.record.pk, values.get("name"), values.get("start")))
        if twin is None:
            return None
        contract = self.contracts_by_id.setdefault(twin.contract_id, twin.contract)
        if contract.reference is not None:
            raise RowRefused(
                "contract_number",
                f"Contract number: this event is in the CRM under contract number {contract.reference}, not "
                f"{values['contract_number']}; correct the number in the sheet.",
            )
        return contract

    def contract_steps(self, ref: Ref, client: Ref) -> list:
        if not ref.first:
            return []
        if ref.record is None:
            self.allowed(Action.CREATE_CONTRACT, None, ref.column)
            if "total_amount" not in ref.given:
                raise RowRefused("total_amount", f"Total amount: {ref.named} is new, so give its total.")
            if ref.given.get("is_signed") is not True:
                raise RowRefused("is_signed", f"Is signed: {ref.named} is new and not marked signed; an event needs "
                                              "a signed contract (write yes if it is signed).")

            def create():
                return contract_create(
                    actor=self.actor,
                    client_id=client.record.pk,
                    total_amount=ref.given["total_amount"],
                    amount_due=ref.given.get("amount_due"),
                    is_signed=True,
                    reference=ref.given.get("reference"),
                )

            return [Step(ref, create, ref.column, ref.columns)]
        if ref.changes and self.update:
            call = partial(contract_update, actor=self.actor, contract_id=ref.record.pk, data=dict(ref.changes))
            return [Step(ref, call, ref.columns[next(iter(ref.changes))], ref.columns)]
        return []

    # -- the event ---------------------------------------------------------------------------

    def event_ref(self, values: dict, contract: Ref) -> Ref:
        column = "event_number" if "event_number" in values else "name"
        if "id" in values:
            column = "id"
            record = self.events_by_id.get(values["id"])
            if record is None:
                raise RowRefused("id", f"Id: no event has id {values['id']}; empty this cell to create the event.")
        else:
            record = self.events_by_ref.get(values.get("event_number"))
            if record is None and contract.record is not None:  # a number the CRM does not have yet
                record = self.events_by_key.get((contract.record.pk, values.get("name"), values.get("start")))
                # Refused only when the sheet numbers the event differently; a row without a number
                # ("not given", docs/import.md) matches the event by contract, name and start.
                if record is not None and record.reference is not None and values.get("event_number") is not None:
                    raise RowRefused(column, f"{self.label(column)}: this event is in the CRM as event number "
                                             f"{record.reference}; correct the number in the sheet.")
        if record is not None:
            if contract.record is None or record.contract_id != contract.record.pk:
                raise RowRefused(column, f"{self.label(column)}: this event is under contract {record.contract_id}, "
                                         f"not under {contract.named}.")
            if ("events", record.pk) in self.seen:
                first_row = self.seen[("events", record.pk)][0]
                raise RowRefused(column, f"{self.label(column)}: this event is already on row {first_row}; give "
                                         "each event once.")
        given = {name: values[name] for name in EVENT_DETAILS if name in values}
        if "event_number" in values:
            given["reference"] = values["event_number"]
        support_column = self.person_column("support_contact")
        support = self.person(values, "support_contact", "support")
        if support is not None:
            given["support_contact"] = support
        columns = {**{name: name for name in EVENT_DETAILS}, "reference": "event_number",
                   "support_contact": support_column, "support_contact_id": support_column,
                   "contract": contract.column}
        ref = self.mention(Ref("events", record, given, columns))
        ref.column = column
        return ref

    def event_steps(self, ref: Ref, contract: Ref) -> list:
        support_column = ref.columns["support_contact"]
        if ref.record is None:
            support = ref.given.get("support_contact")
            if support is not None:
                self.allowed(Action.ASSIGN_EVENT_SUPPORT, None, support_column)
            details = {name: ref.given.get(name) for name in EVENT_DETAILS}
            details["notes"] = details["notes"] or ""
            details["reference"] = ref.given.get("reference")

            def create():
                if can(self.actor, Action.CREATE_EVENT):  # a salesperson, for their own client's contract
                    return event_create(actor=self.actor, contract_id=contract.record.pk, **details)
                return event_save_new(  # management, authorised by the import rule for this client
                    actor=self.actor,
                    contract_id=contract.record.pk,
                    support_contact_id=support.pk if support else None,
                    **details,
                )

            return [Step(ref, create, ref.column, ref.columns)]
        if not (ref.changes and self.update):
            return []
        steps = []
        details = {name: value for name, value in ref.changes.items() if name != "support_contact"}
        if details:
            call = partial(event_update, actor=self.actor, event_id=ref.record.pk, data=details)
            steps.append(Step(ref, call, ref.columns[next(iter(details))], ref.columns))
        if "support_contact" in ref.changes:
            data = {"support_contact_id": ref.changes["support_contact"].pk}
            call = partial(event_update, actor=self.actor, event_id=ref.record.pk, data=data)
            steps.append(Step(ref, call, support_column, ref.columns))
        return steps

    def remember(self, ref: Ref) -> None:
        record = ref.record
        if ref.kind == "clients":
            self.clients_by_email[record.email] = record
        elif ref.kind == "contracts":
            self.contracts_by_id[record.pk] = record
            if record.reference:
                self.contracts_by_ref[record.reference] = record
        else:
            self.events_by_id[record.pk] = record
            if record.reference:
                self.events_by_ref[record.reference] = record
            self.events_by_key[(record.contract_id, record.name, record.start)] = record
            self.events_by_key[(None, record.contract.client_id, record.name, record.start)] = record
