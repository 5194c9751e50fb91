from crm_core.serialization import Field, Shape, iso

EVENT_SHAPE: Shape = {
    "id": Field("id"),
    "contract_id": Field("contract_id"),
    "client_id": Field("contract__client_id"),
    "client_name": Field("contract__client__full_name"),
    "client_email": Field("contract__client__email"),
    "client_phone": Field("contract__client__phone"),
    "sales_contact_id": Field("contract__client__sales_contact_id"),
    "name": Field("name"),
    "start": Field("start", iso),
    "end": Field("end", iso),
    "support_contact_id": Field("support_contact_id"),
    "support_contact_name": Field("support_contact__full_name"),
    "location": Field("location"),
    "attendees": Field("attendees"),
    "notes": Field("notes"),
    "created_at": Field("created_at", iso),
    "updated_at": Field("updated_at", iso),
}
