"""The one e-mail layout: the sender's letterhead, subject as title, paragraphs, a footer.

Every resident or administrator e-mail goes through `render_email`, so they all look alike and
carry the same plain-text twin. The letterhead is the community's logo, the administración's
name and, under them, the community's contact block («Mostrar»). The logo is an inline part
shown by ``<img src="cid:…">``; the outbox row names it in its attachments
(`models.logos.NoticeLogo.email_attachment`) and its data carries the Content-ID as
``logo_cid``. The name and the contact come in the data's ``branding``, captured when a
resident notice is enqueued (`models.branding`); `email` reads both, so every renderer gets
them without knowing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from models.branding import BRANDING
from models.contacts import format_phone
from notifier.notices.base import Notice, Rendered, RenderError

CONTACT_TITLE = "Contacto de la comunidad"
CONTACT_EMAIL = "Correo: {correo}"
CONTACT_PHONE = "Teléfono: {telefono}"
FOOTER = "Este correo fue enviado automáticamente por Conserjería. Por favor, no lo respondas."
LOGO_ALT = "Logo"

_FONT = "font-family:Arial,Helvetica,sans-serif;color:#1f2933;"
_P_STYLE = "margin:0 0 12px 0;font-size:15px;line-height:1.5;"
_LINK = re.compile(r"https://\S+")


@dataclass(frozen=True, slots=True)
class EmailContact:
    """The community contact block shown in resident e-mails (SPEC §4.9 "Mostrar")."""

    name: str
    email: str | None = None
    phone: str | None = None


def _html_line(line: str) -> str:
    """One escaped line; a line that is only a link becomes a link people can click."""
    escaped = html.escape(line)
    if _LINK.fullmatch(line.strip()):
        return f'<a href="{html.escape(line.strip(), quote=True)}">{escaped}</a>'
    return escaped


def _html_paragraph(text: str, style: str = _P_STYLE) -> str:
    lines = [_html_line(line) for line in text.strip().splitlines()]
    return f'<p style="{style}">' + "<br>".join(lines) + "</p>"


def render_email(
    subject: str,
    paragraphs: Sequence[str],
    *,
    logo_cid: str | None = None,
    contact: EmailContact | None = None,
    administration: str | None = None,
) -> tuple[str, str]:
    """The plain text and the HTML of one notice, with the same content.

    Every value is escaped in the HTML; a line break inside a paragraph is kept. With
    `logo_cid` the HTML shows the inline image attached under that Content-ID (see
    `notifier.email`); `administration` names the sender under it, and `contact` adds the
    community's contact block under both, before the message.
    """
    body = [p.strip() for p in paragraphs if p.strip()]
    contact_lines: list[str] = []
    if contact is not None:
        contact_lines.append(contact.name)
        if contact.email:
            contact_lines.append(CONTACT_EMAIL.format(correo=contact.email))
        if contact.phone:
            contact_lines.append(CONTACT_PHONE.format(telefono=contact.phone))

    text_parts: list[str] = []
    if administration:
        text_parts.append(administration)
    if contact_lines:
        text_parts.append("\n".join([CONTACT_TITLE, *contact_lines]))
    text_parts += [subject, *body, "—\n" + FOOTER]
    text = "\n\n".join(text_parts) + "\n"

    rows: list[str] = []
    head: list[str] = []
    if logo_cid:
        head.append(
            f'<img src="cid:{html.escape(logo_cid, quote=True)}" alt="{html.escape(LOGO_ALT)}" '
            'style="display:block;max-width:200px;max-height:64px;border:0;">'
        )
    if administration:
        head.append(
            '<p style="margin:8px 0 0 0;font-size:14px;font-weight:bold;color:#52606d;">'
            f"{html.escape(administration)}</p>"
        )
    if contact_lines:
        block = [
            f'<p style="margin:0 0 4px 0;font-size:14px;font-weight:bold;">'
            f"{html.escape(CONTACT_TITLE)}</p>",
            _html_paragraph("\n".join(contact_lines), "margin:0;font-size:14px;line-height:1.5;"),
        ]
        head.append(
            '<div style="margin:12px 0 0 0;padding:12px 16px;background-color:#f4f5f7;'
            'border-radius:6px;">' + "".join(block) + "</div>"
        )
    if head:
        rows.append('<tr><td style="padding:24px 24px 0 24px;">' + "".join(head) + "</td></tr>")
    content = [
        '<h1 style="margin:0 0 16px 0;font-size:20px;line-height:1.3;">'
        f"{html.escape(subject)}</h1>",
        *(_html_paragraph(p) for p in body),
    ]
    rows.append('<tr><td style="padding:24px;">' + "\n".join(content) + "</td></tr>")
    rows.append(
        '<tr><td style="padding:16px 24px;border-top:1px solid #e4e7eb;'
        f'font-size:12px;color:#616e7c;">{html.escape(FOOTER)}</td></tr>'
    )
    page = (
        '<!DOCTYPE html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(subject)}</title>\n</head>\n"
        '<body style="margin:0;padding:0;background-color:#f4f5f7;">\n'
        '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" '
        'style="background-color:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">\n'
        '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" '
        f'style="max-width:600px;background-color:#ffffff;border-radius:8px;{_FONT}">\n'
        + "\n".join(rows)
        + "\n</table>\n</td></tr></table>\n</body>\n</html>\n"
    )
    return text, page


def _branding(notice: Notice) -> tuple[str | None, EmailContact | None]:
    """The administración's name and the contact block a resident notice's data carries."""
    value = notice.data.get(BRANDING)
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise RenderError(f"data[{BRANDING!r}] must be an object")
    branding = Notice(data=value, zone=notice.zone)
    administration = branding.optional_text("administration")
    raw = value.get("contact")
    if raw is None:
        return administration, None
    if not isinstance(raw, dict):
        raise RenderError(f"data[{BRANDING!r}]['contact'] must be an object or null")
    contact = Notice(data=raw, zone=notice.zone)
    phone = contact.optional_text("phone")
    return administration, EmailContact(
        name=contact.text("name"),
        email=contact.optional_text("email"),
        phone=format_phone(phone) if phone else None,
    )


def email(notice: Notice, subject: str, paragraphs: Sequence[str]) -> Rendered:
    """A notice e-mail in the layout, with the logo its data names (``logo_cid``) and the
    administración's name and contact block its ``branding`` carries, if any."""
    administration, contact = _branding(notice)
    text, page = render_email(
        subject,
        paragraphs,
        logo_cid=notice.optional_text("logo_cid"),
        contact=contact,
        administration=administration,
    )
    return Rendered(subject=subject, text=text, html=page)
