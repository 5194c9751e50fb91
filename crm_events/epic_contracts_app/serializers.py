from crm_core.serialization import Field, Shape, iso, money

CONTRACT_SHAPE: Shape = {
    "id": Field("id"),
    "client_id": Field("client_id"),
    "client_name": Field("client__full_name"),
    "company_name": Field("client__company_name"),
    "sales_contact_id": Field("client__sales_contact_id"),
    "sales_contact_name": Field("client__sales_contact__full_name"),
    "total_amount": Field("total_amount", money),
    "amount_due": Field("amount_due", money),
    "is_signed": Field("is_signed"),
    "signed_at": Field("signed_at", iso),
    "created_at": Field("created_at", iso),
    "updated_at": Field("updated_at", iso),
}
