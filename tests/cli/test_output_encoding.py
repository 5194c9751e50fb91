"""An output that cannot take what is written (issue 13, item 6): every row is written, or one sentence.

``PYTHONIOENCODING=cp1252`` stands for any 8-bit output (an old Windows console, a file
redirected under such a locale): "Łucja Wróbel" has an "Ł" that cp1252 lacks. Each
format, in a real process, writes every row and exits 0; JSON escapes what it cannot
write (nothing lost), tables and CSV write "?" for it and say so once on stderr, and
tables stay aligned. An output that refuses writes (a full disk) gets one sentence, not
an "Unexpected error".
"""

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.cli_support import MAIN, REPO_ROOT, process_env
from tests.factories import PASSWORD, make_client, make_employee

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTE = (
    "Some characters cannot be written in this output's encoding (cp1252) and were written as \"?\"; "
    "set PYTHONIOENCODING=utf-8 to keep them.\n"
)


@pytest.fixture
def crm(tmp_path):
    seller = make_employee("sales", email="bill@epicevents.example", full_name="Bill Boquet")
    names = ("Ana Álvarez", "Łucja Wróbel", "Zoé Zhang 张", "日本語テスト花子", "Kevin Casey")
    clients = [make_client(seller, full_name=name) for name in names]

    def run(*argv, encoding="cp1252", stdin=b"", stdout=subprocess.PIPE):
        done = subprocess.run(
            [sys.executable, str(MAIN), *argv],
            input=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            cwd=REPO_ROOT,
            env=process_env(tmp_path, PYTHONIOENCODING=encoding),
            timeout=60,
        )
        return done.returncode, done.stdout, done.stderr.decode(encoding)

    status, _, err = run("login", "--email", seller.email, "--password-stdin", stdin=PASSWORD.encode() + b"\n")
    assert status == 0, err
    run.lucja = clients[1].pk
    return run


def test_csv_writes_every_row_replacing_what_the_encoding_lacks_and_says_so_once(crm):
    status, out, err = crm("clients", "list", "--format", "csv")

    assert status == 0
    assert err == NOTE
    rows = list(csv.DictReader(io.StringIO(out.decode("cp1252"))))
    assert sorted(row["full_name"] for row in rows) == [
        "????????", "?ucja Wróbel", "Ana Álvarez", "Kevin Casey", "Zoé Zhang ?"
    ]


def test_json_loses_nothing_on_such_an_output(crm):
    status, out, err = crm("clients", "list", "--format", "json")
    _, utf8, _ = crm("clients", "list", "--format", "json", encoding="utf-8")

    assert (status, err) == (0, "")
    assert out.isascii()  # escaped, so any encoding reads it
    assert json.loads(out) == json.loads(utf8)
    assert sorted(client["full_name"] for client in json.loads(out)) == [
        "Ana Álvarez", "Kevin Casey", "Zoé Zhang 张", "Łucja Wróbel", "日本語テスト花子"
    ]


def test_a_table_and_a_record_are_written_whole(crm):
    status, out, err = crm("clients", "list")
    assert status == 0 and err == NOTE
    text = out.decode("cp1252")
    assert "?ucja Wróbel" in text and "Ana Álvarez" in text and "Clients 1–5 of 5." in text
    # Measured as written: eight "?" take eight columns, not the sixteen of the Japanese name.
    assert len({len(line) for line in text.splitlines()[:-1]}) == 1, text

    status, out, err = crm("clients", "show", str(crm.lucja), "--format", "csv")
    assert status == 0 and err == NOTE
    assert "?ucja Wróbel" in out.decode("cp1252")


def test_an_output_that_encodes_everything_is_unchanged(crm):
    status, out, err = crm("clients", "list", "--format", "csv", encoding="utf-8")

    assert (status, err) == (0, "")
    assert "Łucja Wróbel" in out.decode("utf-8") and "张" in out.decode("utf-8")


@pytest.mark.parametrize("output", ["table", "csv", "json"])
def test_an_output_that_refuses_writes_gets_one_sentence_not_an_unexpected_error(crm, output):
    with open("/dev/full", "wb") as full:
        status, _, err = crm("clients", "list", "--format", output, encoding="utf-8", stdout=full)

    assert status == 1
    assert err == "The output could not be written (No space left on device); what was written is incomplete.\n"


def test_the_crms_own_punctuation_is_written_plainly_and_needs_no_note(crm):
    status, out, err = crm("clients", "list", "--search", "Kevin", encoding="ascii")

    assert (status, err) == (0, "")  # nothing of the data was lost
    assert out.decode("ascii").splitlines()[-1] == "Clients 1-1 of 1."


def test_a_failed_output_gets_its_sentence_alone(crm):
    with open("/dev/full", "wb") as full:
        status, _, err = crm("clients", "list", stdout=full)

    assert status == 1
    assert err == "The output could not be written (No space left on device); what was written is incomplete.\n"


def test_a_next_page_hint_the_output_would_garble_says_what_to_add_instead(crm):
    make_client(make_employee("sales"), full_name="Łucja Nowak")

    status, out, _ = crm("clients", "list", "--search", "Łucja", "--limit", "1")
    _, utf8, _ = crm("clients", "list", "--search", "Łucja", "--limit", "1", encoding="utf-8")

    assert status == 0
    # Copied from a cp1252 terminal, the command would search for "?ucja" and find nothing on page 2.
    assert out.decode("cp1252").splitlines()[-1].endswith("Next page: the same command with --page 2")
    assert utf8.decode("utf-8").splitlines()[-1].endswith("clients list --search 'Łucja' --limit 1 --page 2")


def test_a_closed_output_is_refused_in_one_sentence_before_anything_is_done(crm, tmp_path):
    done = subprocess.run(
        ["sh", "-c", f"exec {sys.executable} {MAIN} logout >&-"],
        stderr=subprocess.PIPE, cwd=REPO_ROOT, env=process_env(tmp_path, PYTHONIOENCODING="utf-8"), timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "Standard output is closed, so nothing the CRM says could be shown; nothing was done. "
        "Send it to a file or to /dev/null instead (> FILE).\n"
    )
    status, out, _ = crm("whoami", encoding="utf-8")
    assert status == 0 and b"Bill Boquet" in out  # the logout was not done


def test_a_closed_input_is_an_empty_one(crm, tmp_path):
    done = subprocess.run(
        ["sh", "-c", f"exec {sys.executable} {MAIN} login --email bill@epicevents.example --password-stdin <&-"],
        capture_output=True, cwd=REPO_ROOT, env=process_env(tmp_path, PYTHONIOENCODING="utf-8"), timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("No password on standard input")
    assert b"Unexpected" not in done.stderr and b"Traceback" not in done.stderr
