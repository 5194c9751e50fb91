"""One module per command group; each exposes ``register(groups, common, output, listing)``.

Modules are imported by name, and only the one a command needs: start-up time. Handlers
work through ``ctx.gateway`` (cli.gateway) on plain data, never on the database.
"""

from importlib import import_module

COMMAND_MODULE_NAMES = {
    "login": "cli.commands.auth",
    "logout": "cli.commands.auth",
    "whoami": "cli.commands.auth",
    "employees": "cli.commands.employees",
    "clients": "cli.commands.clients",
    "contracts": "cli.commands.contracts",
    "events": "cli.commands.events",
    "import": "cli.commands.imports",
}


def command_modules(command: str | None = None) -> list:
    """The module registering ``command``, or every module (help, or an unknown command)."""
    if command in COMMAND_MODULE_NAMES:
        return [import_module(COMMAND_MODULE_NAMES[command])]
    return [import_module(name) for name in dict.fromkeys(COMMAND_MODULE_NAMES.values())]


def given(**options) -> dict:
    """The options typed on the command line: an update changes those fields and no other."""
    return {field: value for field, value in options.items() if value is not None}


def updated_message(kind: str, updated) -> str:
    """What an update (a cli.gateway.Updated) did: it may have found the values already there."""
    record_id = updated.record["id"]
    if not updated.changed:
        return f"Nothing changed: {kind} {record_id} already had these values."
    return f"{kind.capitalize()} {record_id} updated."
