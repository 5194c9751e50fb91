"""Keys for the embedded default, generated once per installation.

A fresh clone must run without anyone inventing a secret, and no secret may ever be
committed. So when SECRET_KEY / JWT_SECRET_KEY are not in the environment, they are
generated the first time and kept in ``DATA_DIR/secrets.json`` (mode 0600, outside
version control). Production settings never come here.
"""

import json
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path

SECRET_NAMES = ("SECRET_KEY", "JWT_SECRET_KEY")
FILE_NAME = "secrets.json"
REGENERATE = "delete it to have new keys generated (everyone then logs in again)"


@cache
def load_or_create_local_secrets(data_dir: Path) -> dict[str, str]:
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = data_dir / FILE_NAME
    if not path.exists():
        _create_once(path)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # not JSON, or not UTF-8
        values = None
    if not isinstance(values, dict):
        raise RuntimeError(f"{path} is damaged: {REGENERATE}")
    missing = [name for name in SECRET_NAMES if not isinstance(values.get(name), str) or len(values[name]) < 50]
    if missing:
        raise RuntimeError(f"{path} lacks {' and '.join(missing)}: {REGENERATE}")
    return values


def _create_once(path: Path) -> None:
    values = {name: secrets.token_urlsafe(64) for name in SECRET_NAMES}
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".secrets-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            json.dump(values, tmp)
        os.chmod(tmp_name, 0o600)
        try:
            # link() fails if another process won the race; its keys are then kept.
            os.link(tmp_name, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp_name)
