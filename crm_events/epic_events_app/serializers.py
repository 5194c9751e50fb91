from crm_core.serialization import Shape, integer, moment, text

EVENT_SHAPE: Shape = {
    "id": integer("id"),
    "contract_id": integer("contract_id"),
    "client_id": integer("contract__client_id"),
    "client_name": text("contract__client__full_name"),
    "client_email": text("contract__client__email"),
    "client_phone": text("contract__client__phone"),
    "sales_contact_id": integer("contract__client__sales_contact_id"),
    "sales_contact_name": text("contract__client__sales_contact__full_name"),
    # The numbers of the company's spreadsheets, so that an exported list imports back (issue 20).
    "contract_number": text("contract__reference", nullable=True),
    "event_number": text("reference", nullable=True),
    "name": text("name"),
    "start": moment("start"),
    "end": moment("end"),
    "support_contact_id": integer("support_contact_id", nullable=True),
    "support_contact_name": text("support_contact__full_name", nullable=True),
    "location": text("location"),
    "attendees": integer("attendees"),
    "notes": text("notes"),
    "created_at": moment("created_at"),
    "updated_at": moment("updated_at"),
}
