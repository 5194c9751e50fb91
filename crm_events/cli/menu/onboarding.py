"""First run on a new installation: create the first manager, offer the demo data.

Part of the local first run (``cli.first_run``), which prepares this machine's own
database: it calls the bootstrap and demo-data code in-process, importing Django only
when it runs. The login that follows goes through the gateway like any other.
"""

from crm_core.errors import CrmError, InvalidInput
from cli.exit_status import ExitStatus
from cli.menu.prompts import Back, Interrupted, InvalidAnswer, Prompter


def _skipped() -> str:
    from cli.program import program

    return f"Setup skipped; run {program()} again, or see the README to create a manager."


def welcome_first_manager(env) -> int | None:
    """None when someone can log in now; otherwise the exit status to leave with (0, or 130 on Ctrl-C)."""
    from epic_auth_app.models import Employee

    prompter = Prompter(env)
    prompter.say(env.paint("Welcome to Epic Events CRM.", "bold"))
    prompter.say("The database is new and has no employee yet.")
    try:
        if prompter.confirm("Create the first manager account now?", default=True):
            _create_first_manager(prompter, env)
        if prompter.confirm("Load the demo data (staff, clients, contracts and events)?"):
            from crm_tools.demo_data import seed_demo
            from crm_tools.management.commands.seed_demo import format_accounts

            prompter.say(format_accounts(seed_demo()))
    except (Interrupted, KeyboardInterrupt):
        # At a prompt or while a password is hashed / the demo data written (both roll back whole).
        prompter.say()
        prompter.say(_skipped())
        return ExitStatus.INTERRUPTED
    except Back:
        pass
    except CrmError as error:
        prompter.warn(error.message)
    if Employee.objects.exists():
        return None
    prompter.say(_skipped())  # nobody could log in: asking for an email would lead nowhere
    return ExitStatus.SUCCESS


def _email(text: str) -> str:
    from crm_core.validation import InvalidValue, clean_email

    try:
        return clean_email(text)
    except InvalidValue as refusal:
        raise InvalidAnswer(refusal.message) from None


def _create_first_manager(prompter, env) -> None:
    from epic_auth_app.bootstrap import first_manager_create

    email = prompter.ask("Email", _email)
    full_name = prompter.ask("Full name")
    while True:
        password = prompter.secret("Password (12 characters or more)")
        if prompter.secret("Repeat the password") != password:
            prompter.warn("  The two passwords differ; type them again.")
            continue
        try:
            manager = first_manager_create(email=email, full_name=full_name, password=password)
            break
        except InvalidInput as error:
            for message in error.errors.values():
                prompter.warn(f"  {message}")
            if set(error.errors) - {"password"}:
                raise
    env.gateway.login(email=manager.email, password=password)
    prompter.say(f"Manager account created for {manager.full_name}; you are logged in.")
