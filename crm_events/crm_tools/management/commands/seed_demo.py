"""``manage.py seed_demo``: the demo data set, ``--new-passwords`` for its accounts, or ``--events N``
bulk events for volume tests."""

import sys

from django.core.management.base import BaseCommand, CommandError

from crm_core.errors import CrmError


class Command(BaseCommand):
    help = (
        "Load the demo data (staff, clients, contracts, the two real events and upcoming ones), set new passwords "
        "for its accounts (--new-passwords), or bulk-create events (--events N)."
    )

    def add_arguments(self, parser):
        modes = parser.add_mutually_exclusive_group()
        modes.add_argument("--events", type=int, metavar="N", help="bulk-create N events with clients and contracts")
        modes.add_argument(
            "--new-passwords",
            action="store_true",
            help="set and print new passwords for the demo accounts (when the first ones were lost)",
        )

    def handle(self, *args, events=None, new_passwords=False, **options):
        if events is not None:
            return self._volume(events)
        if new_passwords:
            return self._new_passwords()
        from crm_tools.demo_data import seed_demo

        try:
            accounts = seed_demo()
        except CrmError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(format_accounts(accounts, columns=self._columns()))

    def _columns(self) -> int | None:
        """The terminal's width when the passwords are shown on one (each then stays whole on a line)."""
        if not self.stdout.isatty():
            return None
        import shutil

        return shutil.get_terminal_size().columns

    def _new_passwords(self) -> None:
        from crm_tools.demo_data import demo_new_passwords

        try:
            renewed = demo_new_passwords()
        except CrmError as error:
            raise CommandError(error.message) from None
        if renewed.accounts:
            self.stdout.write(format_accounts(renewed.accounts, title="New demo passwords", columns=self._columns()))
        for sentence in renewed.skipped:
            self.stdout.write(f"Left as it was: {sentence}")

    def _volume(self, events: int) -> None:
        if events < 1:
            raise CommandError("--events must be 1 or more.")
        from crm_tools.volume_data import seed_volume

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r  {done:,} / {total:,} events ({done * 100 // total}%)")
            sys.stderr.flush()

        created = seed_volume(events, progress)
        sys.stderr.write("\n")
        self.stdout.write(self.style.SUCCESS(f"{created:,} events created with their clients and contracts."))


def format_accounts(accounts, *, title: str = "Demo accounts", columns: int | None = None) -> str:
    """One account a line; on a terminal of fewer ``columns`` than that takes, the password on a
    line of its own, so that it is never wrapped in two (at a hyphen) and copied wrong."""
    lines = [f"{title} (the passwords are shown only now; note them):"]
    width = max(len(account.email) for account in accounts)
    rows = [f"  {account.department:<10}  {account.email:<{width}}  {account.password}" for account in accounts]
    if columns is None or max(map(len, rows)) <= columns:
        return "\n".join([*lines, *rows])
    import textwrap

    lines = textwrap.wrap(lines[0], columns)
    for account in accounts:
        lines += [f"  {account.department:<10}  {account.email}", f"  {'':<10}  password {account.password}"]
    return "\n".join(lines)
