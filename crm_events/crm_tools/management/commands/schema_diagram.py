from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crm_core.command_names import manage_command
from crm_tools.schema_diagram import render

DEFAULT_OUTPUT = Path(settings.REPO_ROOT) / "docs" / "schema.md"


class Command(BaseCommand):
    help = "Write the database schema diagram (Mermaid) generated from the models to docs/schema.md."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT))
        parser.add_argument("--check", action="store_true", help="fail if the file is not up to date")

    def handle(self, *args, output, check, **options):
        path = Path(output)
        text = render()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date; run: {manage_command('schema_diagram')}")
            self.stdout.write(f"{path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
