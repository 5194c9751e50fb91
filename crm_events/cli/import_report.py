"""The report of a spreadsheet import, for people (tables) or scripts (JSON).

The report is the plain data of docs/import.md, "The report". A table shows the counts
per kind of record and disposition, the differences left alone, the ignored columns and
the refused rows (row number, column, sentence). When any row was refused nothing was
written, and the command fails (exit status 1) with one sentence on stderr after the report.
"""

from crm_core.errors import InvalidInput
from crm_core.counting import counted
from crm_core.export_text import json_object
from cli.render import lines_table

KINDS = {"clients": ("clients",), "events": ("clients", "contracts", "events")}
DISPOSITIONS = ("created", "updated", "unchanged", "differing")


def render_import_report(report: dict, output_format: str, env) -> None:
    if output_format == "json":
        env.stdout.write(json_object(report, ascii_only=not env.stdout_is_unicode))
    else:
        _tables(report, env)
    env.stdout.flush()
    errors = report["errors"]
    if errors:
        rows = len({error["row"] for error in errors})
        refused = f"{counted(rows, 'row')} {'was' if rows == 1 else 'were'} refused"
        if report["dry_run"]:
            sentence = f"{refused}; correct the file as the report says, then import it."
        else:
            sentence = f"{refused}, so nothing was imported; correct the file as the report says and import it again."
        raise InvalidInput({"file": sentence})


def _tables(report: dict, env) -> None:
    name, rows = report["file"], counted(report["rows"], "row")
    if report["written"]:
        env.out(f"{name}: {rows} imported.")
    elif report["errors"]:
        env.out(f"{name}: {rows} read; nothing was written (the counts say what the other rows would do).")
    else:
        env.out(f"{name}: {rows} checked; dry run, so nothing was written (the counts say what the import would do).")
    counts = [
        [kind.capitalize(), *(f"{report[disposition][kind]:,}" for disposition in DISPOSITIONS)]
        for kind in KINDS.get(report["kind"], ("clients", "contracts", "events"))
    ]
    env.out(lines_table(env, ("Records", *(d.capitalize() for d in DISPOSITIONS)), counts))
    if report["differences"]:
        advice = "updated, as --update asked" if report["update"] else "left alone; import with --update to apply them"
        env.out(f"Differences between the file and the CRM ({advice}):")
        lines = [
            [str(d["row"]), f"{d['record']} #{d['id']}", d["column"] or "-", d["current"] or "-", d["file"] or "-"]
            for d in report["differences"]
        ]
        headings = ("Row", "Record", "Column", "In the CRM", "In the file")
        env.out(lines_table(env, headings, lines, max_widths={"In the CRM": 40, "In the file": 40}))
    if report["ignored_columns"]:
        env.out(f"Columns ignored (the import does not read them): {', '.join(report['ignored_columns'])}.")
    if report["errors"]:
        env.out("Refused rows:")
        lines = [[str(e["row"] or "-"), e["column"] or "-", e["message"]] for e in report["errors"]]
        env.out(lines_table(env, ("Row", "Column", "Problem"), lines, max_widths={"Problem": 70}))
    elif report["dry_run"]:
        env.out("Run the same command without --dry-run to import it.")
