from crm_core.serialization import Shape, integer, moment, text

CLIENT_SHAPE: Shape = {
    "id": integer(lambda c: c.pk),
    "full_name": text(lambda c: c.full_name),
    "email": text(lambda c: c.email),
    "phone": text(lambda c: c.phone),
    "company_name": text(lambda c: c.company_name),
    "created_at": moment(lambda c: c.created_at),
    "updated_at": moment(lambda c: c.updated_at),
    "sales_contact_id": integer(lambda c: c.sales_contact_id),
    "sales_contact_name": text(lambda c: c.sales_contact.full_name),
}
