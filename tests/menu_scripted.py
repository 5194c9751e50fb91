"""The menu in-process with scripted answers (no terminal: lines read plainly, values in brackets).

``menu`` runs it on a home's session file and returns its exit status and transcript;
``Counting`` wraps the gateway to count the calls a remote transport would make.
"""

import io
from collections import Counter

from cli.environment import Environment
from cli.menu.app import run_menu
from cli.session_file import SessionFile


class Scripted:
    """Answers typed one after another; the transcript shows each prompt and answer.

    An answer may be a function: it is called when its prompt comes (to change the
    database between two screens, as another user would) and returns what is typed.
    """

    def __init__(self, answers, out):
        self.answers = iter(answers)
        self.out = out

    def __call__(self, prompt):
        answer = next(self.answers, None)
        if callable(answer):
            answer = answer()
        if answer is None:
            raise EOFError  # end of input: cancels, level by level, then leaves with 130
        self.out.write(f"{prompt}{answer}\n")
        return answer


class Counting:
    """The gateway, counting the calls a remote transport would make as requests (``by_name``: "events.history")."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.calls = 0
        self.by_name = Counter()

    def __getattr__(self, name):
        value = getattr(self.gateway, name)
        if name in ("employees", "clients", "contracts", "events"):
            return _CountedResource(value, self, name)
        if callable(value):
            return self._counted(value, name)
        return value

    def _counted(self, operation, name):
        def call(*args, **kwargs):
            self.calls += 1
            self.by_name[name] += 1
            return operation(*args, **kwargs)

        return call


class _CountedResource:
    def __init__(self, resource, counter, name):
        self.resource, self.counter, self.name = resource, counter, name

    def __getattr__(self, name):
        return self.counter._counted(getattr(self.resource, name), f"{self.name}.{name}")


def menu(home, answers, *, passwords=(), gateway=None, width=80, height=24):
    out = io.StringIO()
    secrets = iter(passwords)

    def getpass(prompt):
        out.write(prompt + "\n")
        secret = next(secrets, None)
        if secret is None:
            raise EOFError
        return secret

    env = Environment(
        stdin=io.StringIO(),
        stdout=out,
        stderr=out,
        session_file=SessionFile(home),
        gateway=gateway,
        input=Scripted(answers, out),
        getpass=getpass,
        stdin_is_tty=False,
        stdout_is_tty=False,
        terminal_width=width,
        terminal_height=height,
    )
    status = run_menu(env)
    return status, out.getvalue()
