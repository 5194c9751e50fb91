"""contracts list | show | create | update | history."""

from cli.columns.contracts import CONTRACT
from cli.commands import given, updated_message
from cli.commands.history import add_history
from cli.results import Listed, Shown


def register(groups, *, common, output, listing, wanted) -> None:
    contracts = groups.add_parser("contracts", parents=[common], help="contracts")
    known = ("list", "show", "create", "update", "history")
    actions = contracts.add_subparsers(dest="action", metavar="ACTION", required=True)

    if wanted("list", known):
        list_ = actions.add_parser("list", parents=[common, output, listing], help="list contracts, newest first")
        list_.add_argument("--mine", action="store_true", help="only contracts of my clients (sales)")
        list_.add_argument("--unsigned", action="store_true", help="only contracts not signed yet")
        list_.add_argument("--unpaid", action="store_true", help="only contracts not fully paid")
        list_.add_argument("--client", metavar="ID", help="only contracts of this client")
        list_.set_defaults(handler=handle_list)

    if wanted("show", known):
        show = actions.add_parser("show", parents=[common, output], help="show one contract")
        show.add_argument("id")
        show.set_defaults(handler=handle_show)

    if wanted("history", known):
        add_history(actions, kind="contract", plural="contracts", common=common, output=output, listing=listing)

    if wanted("create", known):
        create = actions.add_parser("create", parents=[common, output], help="create a contract (management)")
        create.add_argument("--client", metavar="ID", required=True)
        create.add_argument("--total", metavar="AMOUNT", required=True)
        create.add_argument("--due", metavar="AMOUNT", help="amount still to pay (default: the total)")
        create.add_argument("--signed", action="store_true", help="the client has already signed")
        create.set_defaults(handler=handle_create)

    if wanted("update", known):
        update = actions.add_parser("update", parents=[common, output], help="update amounts or signature")
        update.add_argument("id")
        update.add_argument("--total", metavar="AMOUNT")
        update.add_argument("--due", metavar="AMOUNT")
        signature = update.add_mutually_exclusive_group()
        signature.add_argument("--signed", dest="signed", action="store_true", default=None, help="mark as signed")
        signature.add_argument("--unsigned", dest="signed", action="store_false", help="mark as not signed")
        update.set_defaults(handler=handle_update)


def handle_list(ctx) -> Listed:
    args = ctx.args
    filters = {"mine": args.mine, "unsigned": args.unsigned, "unpaid": args.unpaid, "client": args.client}
    return Listed(CONTRACT, ctx.gateway.contracts, filters)


def handle_show(ctx) -> Shown:
    return Shown(CONTRACT, ctx.gateway.contracts.show(ctx.args.id))


def handle_create(ctx) -> Shown:
    args = ctx.args
    contract = ctx.gateway.contracts.create(
        {"client_id": args.client, "total_amount": args.total, "amount_due": args.due, "is_signed": args.signed}
    )
    return Shown(CONTRACT, contract, message=f"Contract {contract['id']} created.")


def handle_update(ctx) -> Shown:
    args = ctx.args
    data = given(total_amount=args.total, amount_due=args.due, is_signed=args.signed)
    updated = ctx.gateway.contracts.update(args.id, data)
    return Shown(CONTRACT, updated.record, message=updated_message("contract", updated))
