"""Logbook notices to administrators: an alta-priority entry (chat) and the daily digest
(e-mail and chat).

Spanish (Chile), tú form. Data: `models.logbook.entry_data` (``community``, ``sequence``,
``category``, ``priority``, ``property``, ``author``, ``text``, ``photos``, ``created_at``,
``zone``) and `models.logbook_digest` (``community``, ``day``, ``since``, ``until``,
``total``, ``groups``; e-mails also ``logo_cid``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from models.logbook import LOGBOOK_ALTA
from models.logbook_digest import LOGBOOK_DIGEST
from models.outbox import Channel
from notifier.notices.base import Notice, Rendered, Renderer, RenderError
from notifier.notices.layout import email

CHAT_TEXT_LIMIT = 1500
"""Characters of an entry's text an alta notice repeats (a chat message holds 4096)."""
DIGEST_CHAT_LIMIT = 3500
"""A digest chat notice stops listing here and points to the e-mail and /novedades."""

ALTA_CHAT = (
    "🚨 <b>Novedad de prioridad alta</b> — {comunidad}\n"
    "#{numero} · {categoria}{inmueble} · {fecha}\n"
    "Por {autor}\n\n"
    "{texto}{fotos}"
)
ALTA_PROPERTY = " · {inmueble}"
ALTA_PHOTOS = "\n\n📷 {fotos} foto(s): míralas en /novedades."

PRIORITY_NAMES = {"alta": "Prioridad alta", "normal": "Prioridad normal"}
HANDOVER_CATEGORY = "Entregas de turno"

DIGEST_SUBJECT = "📒 Libro de novedades de {comunidad} — {dia}"
DIGEST_INTRO = (
    "Hola:\n\nEstas son las novedades de {comunidad} entre el {desde} y el {hasta}: "
    "{total} en total."
)
DIGEST_GROUP = "{prioridad} · {categoria}"
DIGEST_LINE = "#{numero} · {hora} · {autor}{inmueble}: {texto}"
DIGEST_CLOSING = "El libro completo está en el bot: /novedades."
DIGEST_CHAT_TITLE = (
    "📒 <b>Resumen del libro de novedades</b> — {comunidad}\n"
    "{desde} → {hasta} · {total} novedad(es)"
)
DIGEST_CHAT_GROUP = "\n<b>{prioridad} · {categoria}</b>"
DIGEST_CHAT_LINE = "• #{numero} {hora} {autor}{inmueble}: {texto}"
DIGEST_CHAT_MORE = "\n… y {mas} más: míralas en /novedades o en el correo."


def _esc(value: str) -> str:
    return escape(value, quote=False)


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def alta_chat(notice: Notice) -> Rendered:
    prop = notice.optional_text("property")
    photos = notice.number("photos")
    text = ALTA_CHAT.format(
        comunidad=_esc(notice.text("community")),
        numero=notice.number("sequence"),
        categoria=_esc(notice.text("category")),
        inmueble=ALTA_PROPERTY.format(inmueble=_esc(prop)) if prop else "",
        fecha=notice.when("created_at"),
        autor=_esc(notice.text("author")),
        texto=_esc(_cut(notice.text("text"), CHAT_TEXT_LIMIT)),
        fotos=ALTA_PHOTOS.format(fotos=photos) if photos else "",
    )
    return Rendered(subject=None, text=text)


def _groups(notice: Notice) -> list[Mapping[str, Any]]:
    groups = notice.data.get("groups")
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        raise RenderError("data['groups'] must be a list of objects")
    return groups


def _entry_values(notice: Notice, row: Mapping[str, Any]) -> dict[str, str]:
    try:
        at = datetime.fromisoformat(str(row["created_at"])).astimezone(notice.zone)
        prop = row.get("property")
        return {
            "numero": str(int(row["sequence"])),
            "hora": at.strftime("%d-%m %H:%M"),
            "autor": str(row["author"]),
            "inmueble": f" ({prop})" if prop else "",
            "texto": " ".join(str(row["text"]).split()),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise RenderError("a digest entry lacks its values") from exc


def _group_title(group: Mapping[str, Any]) -> tuple[str, str]:
    priority = PRIORITY_NAMES.get(str(group.get("priority")), str(group.get("priority")))
    return priority, str(group.get("category") or HANDOVER_CATEGORY)


def _span(notice: Notice) -> dict[str, str]:
    return {
        "comunidad": notice.text("community"),
        "desde": notice.when("since"),
        "hasta": notice.when("until"),
        "total": str(notice.number("total")),
        "dia": notice.day("day").strftime("%d-%m-%Y"),
    }


def digest_email(notice: Notice) -> Rendered:
    values = _span(notice)
    paragraphs = [DIGEST_INTRO.format(**values)]
    for group in _groups(notice):
        priority, category = _group_title(group)
        lines = [DIGEST_GROUP.format(prioridad=priority, categoria=category)]
        for row in group.get("entries") or []:
            lines.append(DIGEST_LINE.format(**_entry_values(notice, row)))
        paragraphs.append("\n".join(lines))
    paragraphs.append(DIGEST_CLOSING)
    return email(notice, DIGEST_SUBJECT.format(**values), paragraphs)


def digest_chat(notice: Notice) -> Rendered:
    values = {k: _esc(v) for k, v in _span(notice).items()}
    lines = [DIGEST_CHAT_TITLE.format(**values)]
    size = len(lines[0])
    left = notice.number("total")
    for group in _groups(notice):
        priority, category = _group_title(group)
        heading = DIGEST_CHAT_GROUP.format(prioridad=_esc(priority), categoria=_esc(category))
        lines.append(heading)
        size += len(heading)
        for row in group.get("entries") or []:
            entry = {k: _esc(v) for k, v in _entry_values(notice, row).items()}
            entry["texto"] = _esc(_cut(_entry_values(notice, row)["texto"], 120))
            line = DIGEST_CHAT_LINE.format(**entry)
            if size + len(line) > DIGEST_CHAT_LIMIT:
                lines.append(DIGEST_CHAT_MORE.format(mas=left))
                return Rendered(subject=None, text="\n".join(lines))
            lines.append(line)
            size += len(line)
            left -= 1
    return Rendered(subject=None, text="\n".join(lines))


RENDERERS: dict[tuple[str, Channel], Renderer] = {
    (LOGBOOK_ALTA, Channel.CHAT): alta_chat,
    (LOGBOOK_DIGEST, Channel.EMAIL): digest_email,
    (LOGBOOK_DIGEST, Channel.CHAT): digest_chat,
}
