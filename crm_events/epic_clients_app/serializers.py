from crm_core.serialization import Shape, integer, moment, text

CLIENT_SHAPE: Shape = {
    "id": integer("id"),
    "full_name": text("full_name"),
    "email": text("email"),
    "phone": text("phone"),
    "company_name": text("company_name"),
    "created_at": moment("created_at"),
    "updated_at": moment("updated_at"),
    "sales_contact_id": integer("sales_contact_id"),
    "sales_contact_name": text("sales_contact__full_name"),
}
