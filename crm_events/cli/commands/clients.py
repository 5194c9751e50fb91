"""clients list | show | create | update."""

from crm_core import clock
from cli.commands import given, updated_message
from cli.results import Listed, Shown
from cli.columns.clients import CLIENT


def register(groups, *, common, output, listing, wanted) -> None:
    clients = groups.add_parser("clients", parents=[common], help="clients")
    known = ("list", "show", "create", "update")
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
    from epic_clients_app.selectors import clients_list

    return Listed(CLIENT, clients_list(actor=ctx.actor, mine=ctx.args.mine, search=ctx.args.search))


def handle_show(ctx) -> Shown:
    from epic_clients_app.selectors import client_get

    return Shown(CLIENT, client_get(actor=ctx.actor, client_id=ctx.args.id))


def handle_create(ctx) -> Shown:
    from epic_clients_app.services import client_create

    args = ctx.args
    client = client_create(
        actor=ctx.actor, full_name=args.full_name, email=args.email, phone=args.phone, company_name=args.company
    )
    return Shown(CLIENT, client, message=f"Client {client.pk} created; you are its sales contact.")


def handle_update(ctx) -> Shown:
    from epic_clients_app.selectors import client_get
    from epic_clients_app.services import client_update

    args = ctx.args
    # A new sales contact is not a contact with the client, so it leaves updated_at alone:
    # whether it changed is read from the client as it was.
    before = client_get(actor=ctx.actor, client_id=args.id) if args.sales_contact is not None else None
    data = given(
        full_name=args.full_name,
        email=args.email,
        phone=args.phone,
        company_name=args.company,
        sales_contact_id=args.sales_contact,
    )
    since = clock.now()
    client = client_update(actor=ctx.actor, client_id=args.id, data=data)
    if before is not None and before.sales_contact_id != client.sales_contact_id:
        return Shown(CLIENT, client, message=f"Client {client.pk} updated.")
    return Shown(CLIENT, client, message=updated_message("client", client, since=since))
