"""Which column of a sheet holds what: headers matched to the SPEC §5 keys.

A header matches a key when both read the same once lower-cased, stripped of accents and
of everything but letters and digits (``Client e-mail`` = ``client_email``), or through
the synonyms people write in English and French (``Téléphone``, ``Société``, ``Début``).
Each kind of sheet has its own table, because ``Name`` is a client's name in a client
sheet and the event's name in an event sheet.
"""

import unicodedata
from dataclasses import dataclass, field

from crm_core.errors import InvalidInput


def fold(header: str) -> str:
    """``'N° de Téléphone'`` -> ``'ndetelephone'``: what two spellings of one header share."""
    decomposed = unicodedata.normalize("NFKD", str(header))
    return "".join(char for char in decomposed.casefold() if char.isalnum() and not unicodedata.combining(char))


_FULL_NAME = ("name", "client", "client name", "full name", "nom", "nom complet", "nom du client", "contact",
              "nom et prénom", "prénom et nom", "client full name")
_EMAIL = ("e-mail", "mail", "courriel", "adresse e-mail", "email address", "adresse mail")
_PHONE = ("tel", "tél", "téléphone", "phone number", "telephone", "numéro de téléphone", "mobile", "portable")
_COMPANY = ("company", "société", "entreprise", "company name", "organisation", "organization", "raison sociale")
_SALES = ("sales contact", "salesperson", "sales", "commercial", "contact commercial", "vendeur", "account manager",
          "sales contact name")
_SUPPORT = ("support", "support contact", "contact support", "support contact name", "responsable support",
            "chargé de support")

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "clients": {
        "id": (),  # the CRM's own id, as `clients list --format csv` writes it
        "full_name": _FULL_NAME,
        "email": ("client email", *_EMAIL),
        "phone": ("client phone", *_PHONE),
        "company_name": _COMPANY,
        "sales_contact": _SALES,
        "sales_contact_id": (),
    },
    "events": {
        "id": (),  # the CRM's own event id, as `events list --format csv` writes it
        "event_number": ("event number", "event no", "event id", "n° événement", "numéro d'événement",
                         "numéro événement", "no événement", "réf événement", "event reference"),
        "name": ("event", "événement", "event name", "nom", "nom de l'événement", "intitulé", "titre", "title"),
        "contract_number": ("contract", "contrat", "contract number", "contract no", "n° contrat",
                            "numéro de contrat", "no contrat", "réf contrat", "contract reference"),
        "contract_id": (),
        "client_name": ("client", "nom du client", "contact", "contact client", "client full name"),
        "client_email": ("email", "client mail", "e-mail client", "email client", "mail client", *_EMAIL),
        "client_phone": ("phone", "téléphone client", "tel client", "client telephone", *_PHONE),
        "company_name": _COMPANY,
        "sales_contact": _SALES,
        "sales_contact_id": (),
        "start": ("début", "start date", "starts", "date de début", "date début", "start time", "du", "from"),
        "end": ("fin", "end date", "ends", "date de fin", "date fin", "end time", "au", "to"),
        "location": ("lieu", "place", "venue", "adresse", "address", "where", "où"),
        "attendees": ("participants", "guests", "invités", "nombre de participants", "number of attendees",
                      "attendance", "personnes", "nb participants", "nombre de personnes"),
        "notes": ("note", "remarques", "commentaires", "comments", "observations"),
        "total_amount": ("total", "amount", "montant", "montant total", "contract amount", "prix", "price"),
        "amount_due": ("due", "amount remaining", "remaining", "reste à payer", "montant dû", "solde", "balance",
                       "reste dû"),
        "is_signed": ("signed", "signé", "contract signed", "contrat signé", "signature"),
        "support_contact": _SUPPORT,
        "support_contact_id": (),
    },
}

# A kind's columns without which no row could be imported: checked before any row is read.
# A tuple names alternatives (a contract by the sheet's number or by the CRM's id).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "clients": (("full_name",), ("email",), ("phone",), ("company_name",)),
    "events": (("client_email",), ("contract_number", "contract_id"), ("name",), ("start",), ("end",),
               ("location",), ("attendees",)),
}


def _index(kind: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, synonyms in COLUMNS[kind].items():
        for spelling in (key, *synonyms):
            folded = fold(spelling)
            if index.get(folded, key) != key:
                raise AssertionError(f"'{spelling}' would mean both {index[folded]} and {key} in a {kind} sheet")
            index[folded] = key
    return index


INDEX = {kind: _index(kind) for kind in COLUMNS}


@dataclass
class ColumnMap:
    """Where each known key is in a sheet's rows, the header it has there, and what is ignored."""

    positions: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def header(self, key: str) -> str:
        """The column as the user wrote it, or the key itself when the sheet has no such column."""
        return self.headers.get(key, key)


def map_columns(kind: str, headers: list[str], *, rows=()) -> ColumnMap:
    """Match ``headers`` to ``kind``'s keys; InvalidInput for a column given twice or a required one missing.

    Unknown headers, and columns without a header that hold data in ``rows``, are listed as ignored.
    """
    columns = ColumnMap()
    index = INDEX[kind]
    for position, header in enumerate(headers):
        if not header:
            if any(_filled(row.cells[position]) for row in rows):
                columns.ignored.append(f"column {_letter(position)} (no header)")
            continue
        key = index.get(fold(header))
        if key is None:
            columns.ignored.append(header)
            continue
        if key in columns.positions:
            raise InvalidInput(
                {"columns": f"Columns '{columns.headers[key]}' and '{header}' both give the {_label(key)}; keep one."}
            )
        columns.positions[key] = position
        columns.headers[key] = header
    missing = [alternatives for alternatives in REQUIRED[kind] if not any(k in columns.positions for k in alternatives)]
    if missing:
        wanted = ", ".join(" or ".join(_named(kind, key) for key in alternatives) for alternatives in missing)
        them = "them" if len(missing) > 1 else "it"
        raise InvalidInput(
            {"columns": f"The sheet has no column for {wanted}; add {them} (headers in English or French, "
                        "docs/import.md)."}
        )
    return columns


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _named(kind: str, key: str) -> str:
    """A column as the missing-columns sentence names it: its key, and a header that also matches."""
    spellings = COLUMNS[kind][key]
    return f"{key} ({spellings[0]})" if spellings else key


def _label(key: str) -> str:
    return key.replace("_", " ")
