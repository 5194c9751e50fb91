"""``{clients,contracts,events,employees} history ID [--since DATE] [--by EMPLOYEE_ID]``: who changed what, and when.

Not a command group of its own: each group adds this action for its kind of record.
Whoever may ``show`` a record may read its history (SPEC §3), with the same refusals.
"""

from cli.results import HistoryListed


def add_history(actions, *, kind: str, plural: str, common, output, listing) -> None:
    history = actions.add_parser(
        "history",
        parents=[common, output, listing],
        help=f"the history of one {kind}: who changed what, when, from what (newest first)",
        description=(
            f"The history of one {kind}: every creation, change and removal, newest first, with who made it "
            "and each field's value before and after. Tables show one line per changed field; "
            "--format json gives the entries, --format csv one row per changed field."
        ),
    )
    history.add_argument("id")
    history.add_argument("--since", metavar="DATE", help="only changes made on or after this day (YYYY-MM-DD)")
    history.add_argument("--by", metavar="EMPLOYEE_ID", help="only changes made by this employee")
    history.set_defaults(handler=handle_history, history_of=(kind, plural))


def handle_history(ctx) -> HistoryListed:
    args = ctx.args
    kind, plural = args.history_of
    return HistoryListed(kind, getattr(ctx.gateway, plural), args.id, since=args.since, by=args.by)
