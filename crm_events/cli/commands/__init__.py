"""One module per command group; each exposes ``register(groups, common, output, listing)``."""

from cli.commands import auth, clients, contracts, employees, events

COMMAND_MODULES = (auth, employees, clients, contracts, events)

# The module that registers each top-level command, so that a command builds only its
# own parsers (start-up time); help and mistakes still get the whole tree.
MODULE_OF_COMMAND = {
    "login": auth,
    "logout": auth,
    "whoami": auth,
    "employees": employees,
    "clients": clients,
    "contracts": contracts,
    "events": events,
}
