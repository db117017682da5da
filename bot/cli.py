"""The `conserjeria` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.settings import ConfigurationError, Settings, load_settings

log = logging.getLogger("conserjeria")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conserjeria", description="Bot de conserjería para comunidades (Telegram)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="sandbox sin TELEGRAM_BOT_TOKEN; producción con él")
    sub.add_parser("run", help="producción: long polling, o webhook si WEBHOOK_URL está definido")
    sub.add_parser("sandbox", help="bot real contra el emulador local, con datos demo")
    sub.add_parser("migrate", help="aplica las migraciones pendientes de la base de datos")
    sub.add_parser("demo-data", help="carga los datos demo (idempotente)")
    boot = sub.add_parser(
        "create-superadmin", help="crea el primer Súper Administrador e imprime su invitación"
    )
    boot.add_argument("--administration", required=True, help="nombre de la administración")
    boot.add_argument("--name", required=True, help='nombre y apellido, p. ej. "Ana Rojas"')
    boot.add_argument("--email", required=True)
    boot.add_argument("--rut", help="RUT de la administración (del contrato), p. ej. 76.086.428-5")
    imp = sub.add_parser(
        "import-properties",
        help="importa inmuebles de un CSV o XLSX a una comunidad (idempotente, nada se borra)",
    )
    imp.add_argument("file", metavar="FILE", help="archivo .csv o .xlsx con fila de encabezados")
    imp.add_argument("--community", required=True, help="nombre de la comunidad")
    imp.add_argument(
        "--administration", help="nombre de la administración (si hay comunidades con ese nombre)"
    )
    retry = sub.add_parser(
        "outbox-retry",
        help="vuelve a poner en cola los avisos fallidos (tras corregir la causa)",
    )
    retry.add_argument(
        "--channel", choices=["email", "sms", "chat"], help="solo los avisos de este canal"
    )
    verify = sub.add_parser(
        "verify-logbook",
        help="verifica la cadena de hashes del libro de novedades (sale con 1 si está rota)",
    )
    verify.add_argument("--community", help="solo esta comunidad (nombre); si no, todas")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigurationError as exc:
        print(exc, file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every Bot API URL, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs every run of every job (the outbox worker runs every 10 s).
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    commands: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]] = {
        "start": _start,
        "run": _run,
        "sandbox": _sandbox,
        "migrate": _migrate,
        "demo-data": _demo_data,
        "create-superadmin": _create_superadmin,
        "import-properties": _import_properties,
        "outbox-retry": _outbox_retry,
        "verify-logbook": _verify_logbook,
    }
    try:
        return asyncio.run(commands[args.command](settings, args))
    except ConfigurationError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _start(settings: Settings, args: argparse.Namespace) -> int:
    return await (_sandbox if settings.sandbox_mode else _run)(settings, args)


async def _run(settings: Settings, _: argparse.Namespace) -> int:
    from bot.runner import run_production

    if settings.sandbox_mode:
        raise ConfigurationError(
            "Configuración inválida — TELEGRAM_BOT_TOKEN no está definido "
            "(para probar sin Telegram: conserjeria sandbox)"
        )
    await run_production(settings)
    return 0


async def _sandbox(settings: Settings, _: argparse.Namespace) -> int:
    from bot.runner import run_sandbox

    await run_sandbox(settings)
    return 0


async def _migrate(settings: Settings, _: argparse.Namespace) -> int:
    from bot.db import migrate

    applied = await migrate(settings.database_url)
    print("Migraciones aplicadas: " + (", ".join(applied) if applied else "ninguna pendiente"))
    return 0


async def _demo_data(settings: Settings, _: argparse.Namespace) -> int:
    from bot.db import database
    from bot.demo import load_demo_data

    async with database(settings):
        await load_demo_data()
    print("Datos demo cargados.")
    return 0


async def _create_superadmin(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from email_validator import EmailNotValidError, validate_email

    from bot.db import database
    from models.documents import DocumentType, InvalidDocument, normalise_document
    from models.identity import create_super_admin, expires_label

    rut: str | None = None
    if args.rut is not None:
        try:
            rut = normalise_document(DocumentType.RUT, args.rut)
        except InvalidDocument:
            print(
                "RUT inválido: revisa el número y el dígito verificador (p. ej. 76.086.428-5).",
                file=sys.stderr,
            )
            return 2
    first, _, last = args.name.strip().partition(" ")
    if not first or not last:
        print('Indica nombre y apellido: --name "Ana Rojas"', file=sys.stderr)
        return 2
    try:
        email = validate_email(args.email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        print(f"E-mail inválido: {exc}", file=sys.stderr)
        return 2
    async with database(settings):
        try:
            staff, issued = await create_super_admin(
                administration_name=args.administration,
                first_name=first,
                last_name=last,
                email=email,
                rut=rut,
                ttl=timedelta(hours=settings.invitation_ttl_hours),
            )
        except ValueError:
            print(f"{email} ya existe en esa administración con otro perfil.", file=sys.stderr)
            return 1
        username = await _bot_username(settings)
    print(f"Súper Administrador: {staff.full_name} <{staff.email}>")
    expires = expires_label(issued.invitation.expires_at, settings.tz)
    print(f"Invitación (un solo uso, vence {expires}):")
    print(f"  {issued.deep_link(username)}")
    print(f"  o envía al bot: /start {issued.token}")
    return 0


def _read_small_file(path: Path, limit: int) -> tuple[int, bytes]:
    """The file's size, and its bytes unless it is over `limit` (then not read at all)."""
    size = path.stat().st_size
    return size, b"" if size > limit else path.read_bytes()


async def _import_properties(settings: Settings, args: argparse.Namespace) -> int:
    """Exit 0 with the report (rejected rows included); 2 when the file or community is wrong."""
    from bot.db import database
    from conversations.properties.importing import refusal_text, rejection_text
    from handlers.texts import properties as t
    from models.core import Community
    from models.property_file import MAX_FILE_BYTES, FileProblem, ImportRefused
    from models.property_import import import_properties

    path = Path(args.file)
    try:
        size, data = await asyncio.to_thread(_read_small_file, path, MAX_FILE_BYTES)
    except OSError as exc:
        print(t.CLI_CANNOT_READ.format(archivo=path, motivo=exc.strerror or exc), file=sys.stderr)
        return 2
    if size > MAX_FILE_BYTES:
        too_large = ImportRefused(FileProblem.TOO_LARGE, size=size, limit=MAX_FILE_BYTES)
        print(refusal_text(too_large), file=sys.stderr)
        return 2
    async with database(settings):
        communities = Community.filter(name=args.community.strip())
        if args.administration:
            communities = communities.filter(administration__name=args.administration.strip())
        found = await communities.select_related("administration")
        if not found:
            print(t.CLI_NO_COMMUNITY.format(comunidad=args.community), file=sys.stderr)
            return 2
        if len(found) > 1:
            names = ", ".join(sorted(c.administration.name for c in found))
            print(
                t.CLI_AMBIGUOUS_COMMUNITY.format(comunidad=args.community, administraciones=names),
                file=sys.stderr,
            )
            return 2
        try:
            report = await import_properties(found[0].id, data, path.name)
        except ImportRefused as refused:
            print(refusal_text(refused), file=sys.stderr)
            return 2
    print(
        t.CLI_TITLE.format(comunidad=report.community_name, archivo=path.name, filas=report.rows)
    )
    print(
        t.CLI_COUNTS.format(
            creados=len(report.created),
            actualizados=len(report.updated),
            sin_cambios=len(report.unchanged),
            rechazadas=len(report.rejected),
        )
    )
    if not report.changed:
        print(t.CLI_OUTCOME_NOTES[report.outcome])
    if report.ignored_columns:
        print(t.IMPORT_IGNORED_COLUMNS.format(columnas=", ".join(report.ignored_columns)))
    if report.rejected:
        print(t.CLI_REJECTED_TITLE)
        for rejection in report.rejected:
            line = t.IMPORT_REJECTED_ROW.format(
                fila=rejection.row, motivo=rejection_text(rejection)
            )
            print("  " + line)
    return 0


async def _outbox_retry(settings: Settings, args: argparse.Namespace) -> int:
    """Re-queue the FAILED notices and print how many (counts only: no addresses)."""
    from bot.db import database
    from models.outbox import Channel
    from notifier.requeue import requeue_failed

    async with database(settings):
        done = await requeue_failed(Channel(args.channel) if args.channel else None)
    per_channel = ", ".join(
        f"{label} {done.by_channel[channel]}"
        for channel, label in (
            (Channel.EMAIL, "correo"),
            (Channel.SMS, "SMS"),
            (Channel.CHAT, "chat"),
        )
        if args.channel in (None, channel.value)
    )
    print(f"Avisos fallidos puestos de nuevo en cola: {done.total} ({per_channel}).")
    if done.invitations:
        print(
            f"Invitaciones fallidas que no se reenvían: {done.invitations} "
            "(su enlace ya no existe; invita de nuevo)."
        )
    if done.refunded_sms:
        print(
            f"SMS fallidos que no se reenvían: {done.refunded_sms} (ya se devolvieron al saldo)."
        )
    return 0


async def _verify_logbook(settings: Settings, args: argparse.Namespace) -> int:
    """Exit 0 when every chain checks, 1 naming the first broken entry of each community that
    does not, 2 for an unknown community. Reads only: it applies no migration."""
    from bot.db import database
    from handlers.texts import logbook as t
    from models.core import Community
    from models.logbook import verify_chain

    async with database(settings, apply_migrations=False):
        communities = Community.filter(purged_at=None)
        if args.community:
            communities = communities.filter(name=args.community.strip())
        found = await communities.order_by("name", "id")
        if args.community and not found:
            print(t.CLI_NO_COMMUNITY.format(comunidad=args.community), file=sys.stderr)
            return 2
        broken = 0
        for community in found:
            state = await verify_chain(community.id)
            if state.intact:
                print(t.CLI_INTACT.format(comunidad=community.name, entradas=state.entries))
            else:
                broken += 1
                print(
                    t.CLI_BROKEN.format(
                        comunidad=community.name,
                        numero=state.broken_sequence,
                        id=state.broken_id,
                        motivo=t.BREAKS[state.reason] if state.reason else "",
                    )
                )
    return 1 if broken else 0


async def _bot_username(settings: Settings) -> str:
    """The bot's @username from Telegram when a token is set; a placeholder otherwise."""
    if settings.sandbox_mode:
        return "conserjeria_demo_bot"
    from telegram import Bot

    assert settings.telegram_bot_token is not None
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.file_base_url,
    )
    try:
        async with bot:
            return bot.username
    except Exception as exc:  # offline or bad token: still print a usable code
        log.warning("could not ask Telegram for the bot name: %s", type(exc).__name__)
        return "TU_BOT"


if __name__ == "__main__":
    raise SystemExit(main())
