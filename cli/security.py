"""CLI commands for users, tokens and the audit log."""

from __future__ import annotations

import secrets
import sys

import typer
from typer._click.core import Context as ClickContext  # the click that typer 0.29 vendors
from typer.core import TyperGroup

from api.auth import TOKEN_TTL_SECONDS, issue_token_with_id
from cli.common import USAGE, fail, fail_on
from graph.accounts import grants, users
from graph.audit import chain as audit
from graph.audit.purposes import PURPOSE_CATEGORIES, check_category
from graph.db.driver import open_driver, resolve_connection
from graph.db.settings import load_settings
from graph.errors import NexusError

user_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="Read and verify the audit log.", no_args_is_help=True)


def _password_twice() -> str:
    """The new password, typed twice: at a prompt, or as two lines on standard input."""
    if sys.stdin.isatty():
        return typer.prompt("password", hide_input=True, confirmation_prompt=True)
    first, second = sys.stdin.readline().rstrip("\n"), sys.stdin.readline().rstrip("\n")
    if first != second:
        fail("the two passwords differ")
    return first


@user_app.command("add")
def user_add(name: str, role: str = typer.Option(..., help=f"One of: {', '.join(users.ROLES)}")
             ) -> None:
    """Add a user; the password is read from standard input, twice."""
    password = _password_twice()
    connection = resolve_connection()
    with open_driver(connection) as driver:
        try:
            users.add_user(driver, connection.database, name, role, password)
        except NexusError as exc:
            fail_on(exc)
    typer.echo(f"added {name} ({role})")


@user_app.command("demo-accounts")
def demo_accounts() -> None:
    """On a database with no users, create one demo account per role with generated
    passwords (kept in NEXUS_HOME/demo-accounts.txt); otherwise say where they are."""
    path = load_settings().home / "demo-accounts.txt"
    connection = resolve_connection()
    with open_driver(connection) as driver:
        if users.list_users(driver, connection.database):
            where = f"; demo accounts are listed in {path}" if path.exists() else ""
            typer.echo(f"users exist already{where}")
            return
        lines = []
        for role in users.ROLES:
            password = secrets.token_urlsafe(12)
            users.add_user(driver, connection.database, f"demo-{role}", role, password)
            lines.append(f"demo-{role:<12} {password}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    typer.echo(f"demo accounts (also in {path}):\n" + "\n".join(lines))


@user_app.command("list")
def user_list() -> None:
    """List user accounts."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        for user in users.list_users(driver, connection.database):
            typer.echo(f"{user.name:<24} {user.role:<12} {'active' if user.active else 'disabled'}")


@user_app.command("disable")
def user_disable(name: str) -> None:
    """Disable a user account (it stays in the audit log); its tokens and sessions are
    refused from their next request on, and stay refused if the account is enabled again."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        try:
            users.set_active(driver, connection.database, name, False)
        except NexusError as exc:
            fail_on(exc)
    typer.echo(f"disabled {name}")


class _IssueByDefault(TyperGroup):
    """`nexus token NAME --purpose ...` stays the short form of `nexus token issue NAME`."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["issue", *args]
        return super().parse_args(ctx, args)


token_app = typer.Typer(cls=_IssueByDefault, no_args_is_help=True,
                        help="Issue or revoke bearer tokens: `nexus token NAME --purpose "
                             "TEXT` (short for `token issue`), `nexus token revoke ID`.")


@token_app.command("issue")
def token_issue(name: str,
                purpose: str = typer.Option(..., help="Why: a reason or case reference."),
                case_ref: str = typer.Option(None, "--case-ref", help="Case reference."),
                category: str = typer.Option(
                    None, "--category",
                    help="Purpose category: " + ", ".join(PURPOSE_CATEGORIES) + ".")) -> None:
    """Print a bearer token (the last line of output); its id goes to standard error."""
    connection = resolve_connection()
    try:
        value, token_id = issue_token_with_id(name, purpose, case_ref, category=category)
    except ValueError as exc:
        fail(str(exc), USAGE)
    with open_driver(connection) as driver:
        user = users.get_user(driver, connection.database, name)
        if user is None or not user.active:
            fail(f"no active user named {name!r}")
        audit.append(driver, connection.database, audit.AuditEntry(
            user=name, role=user.role, action="token-issued", purpose=purpose,
            case_reference=case_ref, detail=f"token id {token_id}",
            purpose_category=check_category(category)))
    typer.echo(f"token for {name} ({user.role}), purpose: {purpose}, id: {token_id}",
               err=True)
    typer.echo(value)


@token_app.command("revoke")
def token_revoke(token_id: str = typer.Argument(..., metavar="ID",
                                                help="The id `nexus token` printed.")) -> None:
    """Refuse a token from its next request on, in every API process."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        try:
            grants.revoke(driver, connection.database, token_id, user=None,
                          expires_ms=grants.now_ms() + TOKEN_TTL_SECONDS * 1000)
        except NexusError as exc:
            fail_on(exc)
    typer.echo(f"revoked token {token_id}")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit hash chain; exit 1 if any entry was altered or removed."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        report = audit.verify(driver, connection.database)
    if report.ok:
        typer.echo(f"audit chain intact: {report.entries} entries")
        return
    fail(f"audit chain BROKEN at entry {report.first_broken_seq}: {report.reason}")


@audit_app.command("tail")
def audit_tail(count: int = typer.Option(20, "-n", help="How many entries.")) -> None:
    """Show the newest audit entries."""
    connection = resolve_connection()
    with open_driver(connection) as driver:
        _, found = audit.entries(driver, connection.database, first=count)
    for entry in found:
        typer.echo(f"{entry.seq:>7} {entry.at} {entry.user:<16} {entry.action:<24} "
                   f"{entry.outcome:<8} {entry.purpose!r} {','.join(entry.subject_ids)[:60]}")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(audit_app, name="audit")
    app.add_typer(token_app, name="token")
