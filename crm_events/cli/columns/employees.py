from cli.columns import Layout, when, when_zoned, yes_no

# (code, name) of each department, for argument choices and the menu's pick list.
DEPARTMENTS = (("management", "Management"), ("sales", "Sales"), ("support", "Support"))


def _locked(employee: dict) -> str:
    if not employee["locked_until"]:
        return "no"
    # The menu shows this too: "unlock" names the action, in the words of both the command and the menu.
    return f"until {when_zoned(employee['locked_until'])}, after failed logins (unlock lifts it at once)"


EMPLOYEE = Layout(
    "employee",
    "employees",
    (
        "id",
        "employee_number",
        "full_name",
        "email",
        "phone",
        "department",
        "department_name",
        "is_active",
        "is_superuser",
        "created_at",
        "updated_at",
        "deleted_at",
        "locked_until",
    ),
    columns=(
        ("ID", lambda e: str(e["id"])),
        ("Number", lambda e: e["employee_number"]),
        ("Name", lambda e: e["full_name"]),
        ("Email", lambda e: e["email"]),
        ("Department", lambda e: e["department_name"]),
        ("Active", lambda e: yes_no(e["is_active"])),
    ),
    details=(
        ("ID", lambda e: str(e["id"])),
        ("Employee number", lambda e: e["employee_number"]),
        ("Full name", lambda e: e["full_name"]),
        ("Email", lambda e: e["email"]),
        ("Phone", lambda e: e["phone"] or "-"),
        ("Department", lambda e: e["department_name"]),
        ("Active", lambda e: yes_no(e["is_active"])),
        ("Joined", lambda e: when(e["created_at"])),
        ("Removed", lambda e: when(e["deleted_at"])),
        ("Locked", lambda e: _locked(e)),
    ),
)
