"""First run on a new installation: create the first manager, offer the demo data.

Part of the local first run (``cli.first_run``), which prepares this machine's own
database: it calls the bootstrap and demo-data code in-process, importing Django only
when it runs. The login that follows goes through the gateway like any other.
"""

import shlex

from crm_core.errors import CrmError, InvalidInput
from cli.exit_status import ExitStatus
from cli.menu.prompts import Back, InvalidAnswer, Prompter

from crm_core.command_names import manage_command


def _skipped() -> str:
    from cli.program import program

    return f"Setup skipped; run {program()} again, or see the README to create a manager."


def _cancelled_after_the_manager(*, demo_loaded: bool) -> str:
    """Cancelled at a question after the manager account or the demo data was made: say what stays."""
    from cli.program import program

    if demo_loaded:  # cancelled while its passwords were on screen: they may not have been noted
        return (
            f"Cancelled; the demo data is loaded (run {program()} to start). If you did not note its "
            "passwords, this command sets and shows new ones:"
        )
    return (
        f"Cancelled; the manager account is ready (run {program()} to start), without the demo data: "
        f"{manage_command('seed_demo')} loads it."
    )


def welcome_first_manager(env) -> int | None:
    """None when someone can log in now; otherwise the exit status to leave with (0, or 130 cancelled)."""
    from epic_auth_app.models import Employee

    prompter = Prompter(env)
    prompter.say(env.paint("Welcome to Epic Events CRM.", "bold"))
    prompter.say("The database is new and has no employee yet.")
    demo_loaded = False
    try:
        if prompter.confirm("Create the first manager account now?", default=True):
            _create_first_manager(prompter, env)
        if prompter.confirm("Load the demo data (staff, clients, contracts and events)?"):
            accounts = _load_demo()
            demo_loaded = True
            _show_demo_accounts(prompter, accounts)
            prompter.pause("Press Enter once you have noted them.")
    except (Back, KeyboardInterrupt):
        # Ctrl-C or Ctrl-D at a prompt, or Ctrl-C while a password is hashed / the demo data
        # written (both roll back whole).
        prompter.say()
        if Employee.objects.exists():
            prompter.say(_cancelled_after_the_manager(demo_loaded=demo_loaded))
            if demo_loaded:
                prompter.say(f"  {manage_command('seed_demo', '--new-passwords')}", wrap=False)
        else:
            prompter.say(_skipped())
        return ExitStatus.INTERRUPTED
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


def _full_name(text: str) -> str:
    """Checked as the hire will check it, so that a name it would refuse is asked again at once."""
    from crm_core.validation import InvalidValue, clean_text

    try:
        return clean_text(text, max_length=150)
    except InvalidValue as refusal:
        raise InvalidAnswer(f"Full name: {refusal.message}") from None


def _password_check(email: str, full_name: str):
    """The validators' verdict as soon as the password is typed, before it is typed again."""
    from crm_core.validation import InvalidValue
    from epic_auth_app.models import Employee
    from epic_auth_app.services import clean_new_password

    def check(password: str) -> None:
        try:
            clean_new_password(password, Employee(email=email, full_name=full_name))
        except InvalidValue as refusal:
            raise InvalidAnswer(refusal.message) from None

    return check


def _create_first_manager(prompter, env) -> None:
    from epic_auth_app.bootstrap import first_manager_create

    email = prompter.ask("Email", _email)
    full_name = prompter.ask("Full name", _full_name)
    check = _password_check(email, full_name)
    while True:
        password = prompter.secret("Password (12 characters or more)", check=check)
        if prompter.secret("Repeat the password") == password:
            break
        prompter.warn("The two passwords differ; type them again.")
    prompter.say(
        "Django admin (in a browser) is for IT administrators. As the owner of this installation, "
        "you can be its first administrator too."
    )
    administrator = prompter.confirm(f"Make {full_name} the CRM's administrator as well?", default=True)
    try:
        manager = first_manager_create(
            email=email, full_name=full_name, password=password, is_administrator=administrator
        )
    except InvalidInput as error:
        for message in error.errors.values():
            prompter.warn(message)
        raise Back from None
    env.gateway.login(email=manager.email, password=password)
    prompter.say(f"Manager account created for {manager.full_name}; you are logged in.")
    if administrator:
        prompter.say("You can also open Django admin with the same email and password.")
    else:
        prompter.say("To make an IT administrator later, run:")
        prompter.say(
            f"  DJANGO_SUPERUSER_PASSWORD='...' {manage_command('createsuperuser')} --noinput "
            f"--email ADMIN_EMAIL --full-name {shlex.quote('FULL NAME')}",
            wrap=False,  # a command to copy whole
        )


def _load_demo():
    """The demo accounts just made, with their passwords (written in one transaction)."""
    from crm_tools.demo_data import seed_demo

    return seed_demo()


def _show_demo_accounts(prompter, accounts) -> None:
    from crm_tools.management.commands.seed_demo import format_accounts

    prompter.say(format_accounts(accounts, columns=prompter.width))
    prompter.say("If you lose them, this command sets and shows new ones:")
    prompter.say(f"  {manage_command('seed_demo', '--new-passwords')}", wrap=False)
