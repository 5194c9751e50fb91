from crm_core.serialization import Shape, amount, boolean, integer, moment, text

CONTRACT_SHAPE: Shape = {
    "id": integer(lambda c: c.pk),
    # The contract's number in the company's spreadsheets (issue 20), so an exported list imports back.
    "contract_number": text(lambda c: c.reference, nullable=True),
    "client_id": integer(lambda c: c.client_id),
    "client_name": text(lambda c: c.client.full_name),
    "company_name": text(lambda c: c.client.company_name),
    "sales_contact_id": integer(lambda c: c.client.sales_contact_id),
    "sales_contact_name": text(lambda c: c.client.sales_contact.full_name),
    "total_amount": amount(lambda c: c.total_amount),
    "amount_due": amount(lambda c: c.amount_due),
    "is_signed": boolean(lambda c: c.is_signed),
    "signed_at": moment(lambda c: c.signed_at, nullable=True),
    "created_at": moment(lambda c: c.created_at),
    "updated_at": moment(lambda c: c.updated_at),
}
