from crm_core.serialization import Shape, integer, moment, text

EVENT_SHAPE: Shape = {
    "id": integer(lambda e: e.pk),
    "contract_id": integer(lambda e: e.contract_id),
    "client_id": integer(lambda e: e.contract.client_id),
    "client_name": text(lambda e: e.contract.client.full_name),
    "client_email": text(lambda e: e.contract.client.email),
    "client_phone": text(lambda e: e.contract.client.phone),
    "sales_contact_id": integer(lambda e: e.contract.client.sales_contact_id),
    "sales_contact_name": text(lambda e: e.contract.client.sales_contact.full_name),
    # The numbers of the company's spreadsheets, so that an exported list imports back (issue 20).
    "contract_number": text(lambda e: e.contract.reference, nullable=True),
    "event_number": text(lambda e: e.reference, nullable=True),
    "name": text(lambda e: e.name),
    "start": moment(lambda e: e.start),
    "end": moment(lambda e: e.end),
    "support_contact_id": integer(lambda e: e.support_contact_id, nullable=True),
    "support_contact_name": text(
        lambda e: e.support_contact.full_name if e.support_contact_id else None, nullable=True
    ),
    "location": text(lambda e: e.location),
    "attendees": integer(lambda e: e.attendees),
    "notes": text(lambda e: e.notes),
    "created_at": moment(lambda e: e.created_at),
    "updated_at": moment(lambda e: e.updated_at),
}
