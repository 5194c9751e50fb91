"""The argument grammar of SPEC §5. Commands add their own subcommands via ``register``."""

import argparse
import functools
import re
import shlex
import sys

from crm_core.counting import counted
from crm_core.list_limits import COUNT_CAP, MAX_LIMIT, PAGE_SIZE as TABLE_PAGE_SIZE
from cli.exit_status import UsageError
from cli.program import program

FORMATS = ("table", "json", "csv")
# Where the innermost parser that ran (e.g. "main.py clients create") leaves its name.
_COMMAND_PROG = "_command_prog"


class CrmArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one sentence and writes to injected streams."""

    def __init__(self, *args, env=None, argv=None, **kwargs):
        kwargs.setdefault("allow_abbrev", False)  # --password must never match --password-stdin
        super().__init__(*args, **kwargs)
        self.env = env
        self.argv = argv or []  # the whole command line, for hints that quote it

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", functools.partial(CrmArgumentParser, env=self.env, argv=self.argv))
        return super().add_subparsers(**kwargs)

    def error(self, message: str, prog: str | None = None):
        hint = _dash_value_hint(message, self.argv) or _dash_positional_hint(message, self.argv, self)
        raise UsageError(f"{message[0].upper()}{message[1:]}{hint}; see '{prog or self.prog} --help'.")

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if not hasattr(namespace, _COMMAND_PROG):  # subcommands parse first: the innermost one wins
            setattr(namespace, _COMMAND_PROG, self.prog)
        return namespace, extras

    def parse_args(self, args=None, namespace=None):
        """argparse's, but unknown arguments point to the help of the subcommand they were given to."""
        namespace, extras = self.parse_known_args(args, namespace)
        command_prog = vars(namespace).pop(_COMMAND_PROG, self.prog)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}", command_prog)
        if hasattr(namespace, "page"):
            _settle_page(namespace)
        return namespace

    def _print_message(self, message, file=None):
        if message and self.env is not None:
            # argparse names the real sys streams; send them to the injected ones.
            stream = self.env.stderr if file is sys.stderr else self.env.stdout
            stream.write(message)
        elif message:
            super()._print_message(message, file)


def _dash_value_hint(message: str, argv: list[str]) -> str:
    """argparse reads a value starting with '-' (``--notes "-x"``) as an option, so the option seems to
    have none: say how to give such a value, with the user's own value."""
    missing = re.fullmatch(r"argument (--[\w-]+)(?:/[^:]*)?: expected one argument", message)
    if not missing:
        return ""
    option = missing.group(1)
    following = [argv[i + 1] for i, token in enumerate(argv[:-1]) if token == option]
    value = next((token for token in following if token.startswith("-")), None)
    if value is None:
        return ""
    return f" (a value starting with '-' is written with '=': {shlex.quote(f'{option}={value}')})"


def _dash_positional_hint(message: str, argv: list[str], parser) -> str:
    """The same for a positional value (``import clients -x.csv``): argparse took it for an unknown
    option, so the value seems missing. Everything after '--' is a value: the command, so written."""
    if not message.startswith("the following arguments are required:"):
        return ""
    known = parser._option_string_actions  # argparse's own table of this command's options
    value = next(
        (token for token in argv if token.startswith("-") and token not in ("-", "--")
         and token.split("=", 1)[0] not in known and not token.startswith("--")),
        None,
    )
    if value is None:
        return ""
    from cli.program import program

    rest = [token for token in argv if token is not value]
    return f" (a value starting with '-' goes after '--': {program()} {shlex.join([*rest, '--', value])})"


def common_options(env) -> CrmArgumentParser:
    common = CrmArgumentParser(add_help=False, env=env)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks of errors")
    return common


def output_options(env) -> CrmArgumentParser:
    output = CrmArgumentParser(add_help=False, env=env)
    output.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    return output


def list_options(env) -> CrmArgumentParser:
    listing = CrmArgumentParser(add_help=False, env=env)
    listing.add_argument(
        "--page", type=positive_int, default=None, help=f"page number (default: 1; pages stop at row {COUNT_CAP:,})"
    )
    listing.add_argument(
        "--limit",
        type=rows_per_page,
        default=None,
        help="rows per page (tables: 50; json/csv: every row unless --limit or --page is given)",
    )
    return listing


def _settle_page(args) -> None:
    """Page 1 by default; a --page without --limit means table-sized pages in every format.

    Pages stop where the counting does (COUNT_CAP rows): a deeper page number is refused
    as a usage error, whatever the list holds, like a --limit out of range.
    """
    if args.page is None:
        args.page = 1
    elif args.limit is None and args.format != "table":
        args.limit = TABLE_PAGE_SIZE
    limit = args.limit or TABLE_PAGE_SIZE
    last_page = (COUNT_CAP - 1) // limit + 1
    if args.page > last_page:
        if args.format == "table":
            every_row = "export every row with --format json or csv"
        else:
            every_row = "leave out --page and --limit to get every row"
        raise UsageError(
            f"Argument --page: at {counted(limit, 'row')} a page, pages go from 1 to {last_page} "
            f"(the first {COUNT_CAP:,} rows); "
            f"narrow the list with a filter, or {every_row}."
        )


def only_requested(action: str | None):
    """Which actions a command group registers: the requested one, or all of them.

    A command builds only the parser it runs (start-up time); help, or an action that
    does not exist, gets every action so the message can list them.
    """

    def wanted(name: str, known: tuple[str, ...]) -> bool:
        return action not in known or name == action

    return wanted


def positive_int(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{text}'")
    return int(text)


def rows_per_page(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {MAX_LIMIT}, got '{text}'")
    return int(text)


def build_parser(env, argv: list[str] | None = None) -> CrmArgumentParser:
    """The parser for ``argv``: only the named command's group when there is one, else all."""
    from cli.commands import command_modules

    parser = CrmArgumentParser(
        prog=program(),
        description="Epic Events CRM. Without a command, opens the interactive menu.",
        env=env,
        argv=argv,
        parents=[common_options(env)],
    )
    groups = parser.add_subparsers(dest="command", metavar="COMMAND")
    shared = {"common": common_options(env), "output": output_options(env), "listing": list_options(env)}
    words = [token for token in argv or [] if not token.startswith("-")]
    command, action = (words + [None, None])[:2]
    for module in command_modules(command):
        module.register(groups, **shared, wanted=only_requested(action))
    return parser
