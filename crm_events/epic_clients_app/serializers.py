from crm_core.serialization import Shape, iso

CLIENT_SHAPE: Shape = {
    "id": lambda c: c.pk,
    "full_name": lambda c: c.full_name,
    "email": lambda c: c.email,
    "phone": lambda c: c.phone,
    "company_name": lambda c: c.company_name,
    "created_at": lambda c: iso(c.created_at),
    "updated_at": lambda c: iso(c.updated_at),
    "sales_contact_id": lambda c: c.sales_contact_id,
    "sales_contact_name": lambda c: c.sales_contact.full_name,
}
