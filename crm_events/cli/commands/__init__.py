"""One module per command group; each exposes ``register(groups, common, output, listing)``."""

from cli.commands import auth, employees

COMMAND_MODULES = (auth, employees)
