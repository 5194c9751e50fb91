from crm_core.serialization import Field, Shape, iso

CLIENT_SHAPE: Shape = {
    "id": Field("id"),
    "full_name": Field("full_name"),
    "email": Field("email"),
    "phone": Field("phone"),
    "company_name": Field("company_name"),
    "created_at": Field("created_at", iso),
    "updated_at": Field("updated_at", iso),
    "sales_contact_id": Field("sales_contact_id"),
    "sales_contact_name": Field("sales_contact__full_name"),
}
