"""Epic Events CRM command-line program (the interactive menu arrives with the CLI issue).

For now it prepares the embedded database on first run.
"""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.cli")
    import django

    django.setup()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.default"}
    subprocess.run([sys.executable, str(PROJECT_DIR / "manage.py"), "migrate", "--verbosity", "0"], check=True, env=env)
    print("The CRM database is ready.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
