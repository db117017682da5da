"""The one e-mail layout: subject as title, paragraphs, the community's logo and contact block.

Every resident or administrator e-mail goes through `render_email`, so they all look alike and
carry the same plain-text twin. The logo is an inline part shown by ``<img src="cid:…">``; the
outbox row names it in its attachments (`models.logos.NoticeLogo.email_attachment`) and its
data carries the Content-ID as ``logo_cid``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from notifier.notices.base import Notice, Rendered

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
) -> tuple[str, str]:
    """The plain text and the HTML of one notice, with the same content.

    Every value is escaped in the HTML; a line break inside a paragraph is kept. With
    `logo_cid` the HTML shows the inline image attached under that Content-ID (see
    `notifier.email`); with `contact` the community's contact block is added.
    """
    body = [p.strip() for p in paragraphs if p.strip()]
    contact_lines: list[str] = []
    if contact is not None:
        contact_lines.append(contact.name)
        if contact.email:
            contact_lines.append(CONTACT_EMAIL.format(correo=contact.email))
        if contact.phone:
            contact_lines.append(CONTACT_PHONE.format(telefono=contact.phone))

    text_parts = [subject, *body]
    if contact_lines:
        text_parts.append("\n".join([CONTACT_TITLE, *contact_lines]))
    text_parts.append("—\n" + FOOTER)
    text = "\n\n".join(text_parts) + "\n"

    rows: list[str] = []
    if logo_cid:
        rows.append(
            '<tr><td style="padding:24px 24px 0 24px;">'
            f'<img src="cid:{html.escape(logo_cid, quote=True)}" alt="{html.escape(LOGO_ALT)}" '
            'style="display:block;max-width:200px;max-height:64px;border:0;"></td></tr>'
        )
    content = [
        '<h1 style="margin:0 0 16px 0;font-size:20px;line-height:1.3;">'
        f"{html.escape(subject)}</h1>",
        *(_html_paragraph(p) for p in body),
    ]
    rows.append('<tr><td style="padding:24px;">' + "\n".join(content) + "</td></tr>")
    if contact_lines:
        block = [
            f'<p style="margin:0 0 4px 0;font-size:14px;font-weight:bold;">'
            f"{html.escape(CONTACT_TITLE)}</p>",
            _html_paragraph("\n".join(contact_lines), "margin:0;font-size:14px;line-height:1.5;"),
        ]
        rows.append(
            '<tr><td style="padding:0 24px 24px 24px;">'
            '<div style="padding:12px 16px;background-color:#f4f5f7;border-radius:6px;">'
            + "".join(block)
            + "</div></td></tr>"
        )
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


def email(notice: Notice, subject: str, paragraphs: Sequence[str]) -> Rendered:
    """A notice e-mail in the layout, with the logo its data names (``logo_cid``), if any."""
    text, page = render_email(subject, paragraphs, logo_cid=notice.optional_text("logo_cid"))
    return Rendered(subject=subject, text=text, html=page)
