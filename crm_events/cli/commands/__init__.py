"""One module per command group; each exposes ``register(groups, common, output, listing)``."""

from cli.commands import auth, clients, contracts, employees, events

COMMAND_MODULES = (auth, employees, clients, contracts, events)
