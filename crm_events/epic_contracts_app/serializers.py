from crm_core.serialization import Shape, amount, boolean, integer, moment, text

CONTRACT_SHAPE: Shape = {
    "id": integer("id"),
    # The contract's number in the company's spreadsheets (issue 20), so an exported list imports back.
    "contract_number": text("reference", nullable=True),
    "client_id": integer("client_id"),
    "client_name": text("client__full_name"),
    "company_name": text("client__company_name"),
    "sales_contact_id": integer("client__sales_contact_id"),
    "sales_contact_name": text("client__sales_contact__full_name"),
    "total_amount": amount("total_amount"),
    "amount_due": amount("amount_due"),
    "is_signed": boolean("is_signed"),
    "signed_at": moment("signed_at", nullable=True),
    "created_at": moment("created_at"),
    "updated_at": moment("updated_at"),
}
