"""events list | show | create | update | history."""

from crm_core.calendar_text import example_datetime
from cli.columns.events import EVENT
from cli.commands import given, updated_message
from cli.commands.history import add_history
from cli.results import Listed, Shown


def register(groups, *, common, output, listing, wanted) -> None:
    events = groups.add_parser("events", parents=[common], help="events")
    known = ("list", "show", "create", "update", "history")
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=True)

    if wanted("list", known):
        list_ = actions.add_parser("list", parents=[common, output, listing], help="list events by start date")
        list_.add_argument(
            "--mine", action="store_true", help="events of my clients (sales) or assigned to me (support)"
        )
        list_.add_argument("--no-support", action="store_true", help="only events without a support contact")
        list_.add_argument("--upcoming", action="store_true", help="only events that have not started")
        list_.add_argument("--contract", metavar="ID", help="only events of this contract")
        list_.set_defaults(handler=handle_list)

    if wanted("show", known):
        show = actions.add_parser("show", parents=[common, output], help="show one event")
        show.add_argument("id")
        show.set_defaults(handler=handle_show)

    if wanted("history", known):
        add_history(actions, kind="event", plural="events", common=common, output=output, listing=listing)

    if wanted("create", known):
        create = actions.add_parser("create", parents=[common, output], help="create an event (sales, signed contract)")
        create.add_argument("--contract", metavar="ID", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--start", metavar="DATETIME", required=True, help=f"e.g. {example_datetime()}")
        create.add_argument("--end", metavar="DATETIME", required=True)
        create.add_argument("--location", required=True)
        create.add_argument("--attendees", metavar="N", required=True)
        create.add_argument("--notes", default="")
        create.set_defaults(handler=handle_create)

    if wanted("update", known):
        update = actions.add_parser("update", parents=[common, output], help="update an event")
        update.add_argument("id")
        update.add_argument("--name")
        update.add_argument("--start", metavar="DT")
        update.add_argument("--end", metavar="DT")
        update.add_argument("--location")
        update.add_argument("--attendees", metavar="N")
        update.add_argument("--notes")
        support = update.add_mutually_exclusive_group()
        support.add_argument("--support", metavar="ID", help="assign a support employee (management)")
        support.add_argument("--no-support", action="store_true", help="remove the support contact (management)")
        update.set_defaults(handler=handle_update)


def handle_list(ctx) -> Listed:
    args = ctx.args
    filters = {"mine": args.mine, "no_support": args.no_support, "upcoming": args.upcoming, "contract": args.contract}
    return Listed(EVENT, ctx.gateway.events, filters)


def handle_show(ctx) -> Shown:
    return Shown(EVENT, ctx.gateway.events.show(ctx.args.id))


def handle_create(ctx) -> Shown:
    args = ctx.args
    event = ctx.gateway.events.create(
        {
            "contract_id": args.contract,
            "name": args.name,
            "start": args.start,
            "end": args.end,
            "location": args.location,
            "attendees": args.attendees,
            "notes": args.notes,
        }
    )
    return Shown(EVENT, event, message=f"Event {event['id']} created; management will assign a support contact.")


def handle_update(ctx) -> Shown:
    args = ctx.args
    data = given(
        name=args.name,
        start=args.start,
        end=args.end,
        location=args.location,
        attendees=args.attendees,
        notes=args.notes,
        support_contact_id=args.support,
    )
    if args.no_support:
        data["support_contact_id"] = None
    updated = ctx.gateway.events.update(args.id, data)
    return Shown(EVENT, updated.record, message=updated_message("event", updated))
