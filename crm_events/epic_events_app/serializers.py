from crm_core.serialization import Shape, iso

EVENT_SHAPE: Shape = {
    "id": lambda e: e.pk,
    "contract_id": lambda e: e.contract_id,
    "client_id": lambda e: e.contract.client_id,
    "client_name": lambda e: e.contract.client.full_name,
    "client_email": lambda e: e.contract.client.email,
    "client_phone": lambda e: e.contract.client.phone,
    "sales_contact_id": lambda e: e.contract.client.sales_contact_id,
    # The numbers of the company's spreadsheets, so that an exported list imports back (issue 20).
    "contract_number": lambda e: e.contract.reference,
    "event_number": lambda e: e.reference,
    "name": lambda e: e.name,
    "start": lambda e: iso(e.start),
    "end": lambda e: iso(e.end),
    "support_contact_id": lambda e: e.support_contact_id,
    "support_contact_name": lambda e: e.support_contact.full_name if e.support_contact_id else None,
    "location": lambda e: e.location,
    "attendees": lambda e: e.attendees,
    "notes": lambda e: e.notes,
    "created_at": lambda e: iso(e.created_at),
    "updated_at": lambda e: iso(e.updated_at),
}
