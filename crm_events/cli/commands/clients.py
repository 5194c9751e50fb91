"""clients list | show | create | update | history."""

from cli.columns.clients import CLIENT
from cli.commands import given, updated_message
from cli.commands.history import add_history
from cli.results import Listed, Shown


def register(groups, *, common, output, listing, wanted) -> None:
    clients = groups.add_parser("clients", parents=[common], help="clients")
    known = ("list", "show", "create", "update", "history")
    actions = clients.add_subparsers(dest="action", metavar="ACTION", required=True)

    if wanted("list", known):
        list_ = actions.add_parser("list", parents=[common, output, listing], help="list clients")
        list_.add_argument("--mine", action="store_true", help="only my clients (sales)")
        list_.add_argument("--search", metavar="TEXT", help="name, email or company contains TEXT")
        list_.set_defaults(handler=handle_list)

    if wanted("show", known):
        show = actions.add_parser("show", parents=[common, output], help="show one client")
        show.add_argument("id")
        show.set_defaults(handler=handle_show)

    if wanted("history", known):
        add_history(actions, kind="client", plural="clients", common=common, output=output, listing=listing)

    if wanted("create", known):
        create = actions.add_parser(
            "create", parents=[common, output], help="create a client (sales; it becomes yours)"
        )
        create.add_argument("--full-name", required=True)
        create.add_argument("--email", required=True)
        create.add_argument("--phone", required=True)
        create.add_argument("--company", required=True)
        create.set_defaults(handler=handle_create)

    if wanted("update", known):
        update = actions.add_parser("update", parents=[common, output], help="update a client")
        update.add_argument("id")
        update.add_argument("--full-name")
        update.add_argument("--email")
        update.add_argument("--phone")
        update.add_argument("--company")
        update.add_argument("--sales-contact", metavar="ID", help="give the client to another salesperson (management)")
        update.set_defaults(handler=handle_update)


def handle_list(ctx) -> Listed:
    return Listed(CLIENT, ctx.gateway.clients, {"mine": ctx.args.mine, "search": ctx.args.search})


def handle_show(ctx) -> Shown:
    return Shown(CLIENT, ctx.gateway.clients.show(ctx.args.id))


def handle_create(ctx) -> Shown:
    args = ctx.args
    client = ctx.gateway.clients.create(
        {"full_name": args.full_name, "email": args.email, "phone": args.phone, "company_name": args.company}
    )
    return Shown(CLIENT, client, message=f"Client {client['id']} created; you are its sales contact.")


def handle_update(ctx) -> Shown:
    args = ctx.args
    data = given(
        full_name=args.full_name,
        email=args.email,
        phone=args.phone,
        company_name=args.company,
        sales_contact_id=args.sales_contact,
    )
    updated = ctx.gateway.clients.update(args.id, data)
    return Shown(CLIENT, updated.record, message=updated_message("client", updated))
