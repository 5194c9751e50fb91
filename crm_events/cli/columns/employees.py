from epic_auth_app.serializers import EMPLOYEE_SHAPE

from cli.columns import Layout, when, yes_no

EMPLOYEE = Layout(
    "employee",
    "employees",
    EMPLOYEE_SHAPE,
    columns=(
        ("ID", lambda e: str(e.pk)),
        ("Number", lambda e: e.employee_number),
        ("Name", lambda e: e.full_name),
        ("Email", lambda e: e.email),
        ("Department", lambda e: e.department.name),
        ("Active", lambda e: yes_no(e.is_active)),
    ),
    details=(
        ("ID", lambda e: str(e.pk)),
        ("Employee number", lambda e: e.employee_number),
        ("Full name", lambda e: e.full_name),
        ("Email", lambda e: e.email),
        ("Phone", lambda e: e.phone or "-"),
        ("Department", lambda e: e.department.name),
        ("Active", lambda e: yes_no(e.is_active)),
        ("Joined", lambda e: when(e.date_joined)),
        ("Removed", lambda e: when(e.deleted_at)),
        ("Locked", lambda e: f"until {when(e.lock_ends_at())}, after failed logins" if e.lock_ends_at() else "no"),
    ),
)
