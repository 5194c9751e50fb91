from crm_core.serialization import Shape, iso, money

CONTRACT_SHAPE: Shape = {
    "id": lambda c: c.pk,
    "contract_number": lambda c: c.reference,  # the contract's number in the company's spreadsheets
    "client_id": lambda c: c.client_id,
    "client_name": lambda c: c.client.full_name,
    "company_name": lambda c: c.client.company_name,
    "sales_contact_id": lambda c: c.client.sales_contact_id,
    "sales_contact_name": lambda c: c.client.sales_contact.full_name,
    "total_amount": lambda c: money(c.total_amount),
    "amount_due": lambda c: money(c.amount_due),
    "is_signed": lambda c: c.is_signed,
    "signed_at": lambda c: iso(c.signed_at),
    "created_at": lambda c: iso(c.created_at),
    "updated_at": lambda c: iso(c.updated_at),
}
