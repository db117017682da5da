"""The sandbox web chat in headless Chromium, as a newcomer uses it (issue 8)."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web as aiohttp_web
from PIL import Image

from bot.demo import LOS_AROMOS, VISTA_CORDILLERA
from bot.settings import SANDBOX_TOKEN
from handlers import texts
from handlers.kit.callbacks import pack
from handlers.texts import communities as tc
from models.core import Community, StaffUser
from models.outbox import Channel, enqueue
from notifier.notices.layout import render_email
from tests.browser.conftest import WebChat, skip_reason
from tests.logos import stored_logo

if (_reason := skip_reason()) is not None:
    pytest.skip(_reason, allow_module_level=True)

from playwright.async_api import expect

PERSONAS = [
    ("Sofía Súper", "Súper Administrador"),
    ("Andrés Admin", "Administrador"),
    ("Carla Conserje", "Conserje"),
    ("Rodrigo Residente", "Residente"),
    ("Pablo Prueba", "Administrador (prueba)"),
    ("Valentina Conserje", "Conserje"),
    ("Tomás Turno", "Conserje"),
    ("Daniela Residente", "Residente"),
]
SOFIA, CARLA = 1001, 1003
WAIT = 10_000  # ms


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_page_loads_without_errors_and_lists_the_eight_personas(web: WebChat) -> None:
    await web.open()
    cards = web.page.locator("#personas .persona")
    await expect(cards).to_have_count(len(PERSONAS))
    for (name, profile), card in zip(PERSONAS, await cards.all(), strict=True):
        await expect(card).to_contain_text(name)
        await expect(card).to_contain_text(profile)
        assert await card.evaluate("el => el.tagName") == "BUTTON"
    await expect(web.page.get_by_role("heading", name="Otra cuenta")).to_be_visible()
    await expect(web.page.get_by_label("ID de Telegram")).to_be_visible()
    await expect(web.page).to_have_title(re.compile("Conserjería"))
    assert await web.page.locator("html").get_attribute("lang") == "es"
    assert web.errors == []


async def test_carla_sends_start_and_uses_the_command_menu(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    assert await web.focused_id() == "composer-input"
    await web.send("/start")
    await expect(web.user().last).to_contain_text("/start")
    welcome = web.bot().first
    await expect(welcome).to_contain_text("Carla", timeout=WAIT)
    await expect(welcome).to_contain_text(LOS_AROMOS)
    # the bot's HTML is rendered (the community in bold), with the time of the message
    await expect(welcome.locator(".text b", has_text=LOS_AROMOS)).to_be_visible()
    await expect(welcome.locator("time")).to_have_text(re.compile(r"^\d{2}:\d{2}"))
    assert await web.focused_id() == "composer-input"
    # the command menu is the persona's own (setMyCommands)
    menu = web.page.get_by_role("button", name="Menú")
    await expect(menu).to_be_visible(timeout=WAIT)
    await menu.click()
    await expect(menu).to_have_attribute("aria-expanded", "true")
    items = web.page.get_by_role("menuitem")
    await expect(items.filter(has_text="/comunidad")).to_be_visible()
    await expect(items.filter(has_text="/help")).to_be_visible()
    await items.filter(has_text="/help").click()
    await expect(web.page.locator("#command-menu")).to_be_hidden()
    await expect(web.user().last).to_have_text(re.compile("/help"))
    await expect(web.bot()).to_have_count(2, timeout=WAIT)
    await expect(web.bot().last).to_contain_text("/comunidad")
    assert await web.focused_id() == "composer-input"
    # a /command in the bot's text is a button that sends it, as in Telegram
    await welcome.get_by_role("button", name="/comunidad", exact=True).click()
    await expect(web.user().last).to_have_text(re.compile("/comunidad"))
    # the answer, then the community card
    await expect(web.bot()).to_have_count(4, timeout=WAIT)
    await expect(web.bot().nth(2)).to_contain_text("es tu única comunidad")
    await expect(web.bot().last).to_contain_text(LOS_AROMOS)
    # the send button works too, and focus comes back to the box
    await web.page.get_by_label("Mensaje", exact=True).fill("hola")
    await web.page.get_by_role("button", name="Enviar", exact=True).click()
    await expect(web.bot()).to_have_count(5, timeout=WAIT)
    await expect(web.bot().last).to_have_text(re.compile(re.escape(texts.FREE_TEXT_HINT)))
    assert await web.focused_id() == "composer-input"
    assert web.errors == []


async def test_inline_buttons_complete_a_flow_by_clicking(web: WebChat) -> None:
    await web.open()
    await web.pick("Sofía Súper")
    await web.send("/comunidad")
    question = web.bot().last
    await expect(question).to_contain_text("¿En qué comunidad", timeout=WAIT)
    message_id = await question.get_attribute("data-message-id")
    buttons = question.locator(".inline-keyboard button")
    await expect(buttons).to_have_count(2)
    choice = question.get_by_role("button", name=VISTA_CORDILLERA)
    assert await choice.evaluate("el => el.tagName") == "BUTTON"
    await choice.click()
    edited = web.page.locator(f'#messages [data-message-id="{message_id}"]')
    await expect(edited).to_contain_text("Ahora trabajas en", timeout=WAIT)
    await expect(edited).to_contain_text(VISTA_CORDILLERA)
    await expect(edited.locator(".edited")).to_have_text("editado")
    # the choice's buttons are gone; only the way back to the administration home stays
    kept = edited.locator(".inline-keyboard button")
    await expect(kept).to_have_count(1)
    await expect(kept).to_have_text(tc.BUTTON_BACK_HOME)
    # edited in place (no second question bubble); the new community's card follows it
    await expect(web.bot()).to_have_count(2, timeout=WAIT)
    await expect(web.bot().first).to_have_attribute("data-message-id", message_id or "")
    await expect(web.bot().last).to_contain_text(VISTA_CORDILLERA)
    staff = await StaffUser.get(telegram_id=SOFIA)
    assert staff.working_community_id == (await Community.get(name=VISTA_CORDILLERA)).id
    # focus follows the edited message: to its remaining button, as the page does for any edit
    focused = await web.page.evaluate("document.activeElement.textContent")
    assert focused == tc.BUTTON_BACK_HOME
    assert web.errors == []


async def test_photo_upload_reaches_the_bot(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    await web.page.set_input_files(
        "#file-input", files=[{"name": "caja.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    dialog = web.page.locator("#upload-dialog")
    await expect(dialog).to_be_visible()
    await expect(dialog.get_by_role("heading")).to_have_text("Enviar foto")
    await expect(dialog.get_by_role("radio", name="Foto")).to_be_checked()
    await dialog.get_by_label("Comentario (opcional)").fill("Caja en conserjería")
    await dialog.get_by_role("button", name="Enviar").click()
    await expect(dialog).to_be_hidden()
    photo = web.user().last.locator("img")
    await expect(photo).to_have_attribute("alt", "Foto: Caja en conserjería", timeout=WAIT)
    await expect(photo).to_be_visible()
    assert await photo.evaluate("img => img.complete && img.naturalWidth") == 64
    await expect(web.bot()).to_have_count(1, timeout=WAIT)  # the bot answered after the photo
    sent = [m for m in web.emulator.messages(CARLA) if m["from"] == "user"]
    assert sent[-1]["photo"] is not None
    assert sent[-1]["caption"] == "Caja en conserjería"
    bot_ids = [m["message_id"] for m in web.emulator.messages(CARLA) if m["from"] == "bot"]
    assert bot_ids
    assert bot_ids[-1] > sent[-1]["message_id"]
    assert await web.focused_id() == "composer-input"
    assert web.errors == []


async def test_dropped_file_is_sent_as_a_document_with_a_download_link(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    await web.page.locator("#pane-chat").evaluate(
        """pane => {
            const data = new DataTransfer();
            data.items.add(new File(["%PDF-1.4 demo"], "reglamento.pdf",
                                    {type: "application/pdf"}));
            for (const type of ["dragenter", "dragover", "drop"]) {
                pane.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true,
                                                        cancelable: true}));
            }
        }"""
    )
    dialog = web.page.locator("#upload-dialog")
    await expect(dialog).to_be_visible()
    await expect(dialog.get_by_role("heading")).to_have_text("Enviar archivo")
    await expect(dialog.get_by_role("radio", name="Foto")).to_be_disabled()
    await dialog.get_by_role("button", name="Enviar").click()
    link = web.user().last.locator("a.document")
    await expect(link).to_contain_text("reglamento.pdf", timeout=WAIT)
    assert await link.get_attribute("download") == "reglamento.pdf"
    href = await link.get_attribute("href")
    assert href is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(web.root + href) as response,
    ):
        assert await response.read() == b"%PDF-1.4 demo"
    await expect(web.page.locator("#drop-zone")).to_be_hidden()
    assert web.errors == []


async def test_phone_width_has_no_horizontal_overflow(phone: WebChat) -> None:
    await phone.open()
    assert await phone.scroll_width() <= 360
    await phone.screenshot("web-chat-personas-phone.png")
    await phone.pick("Sofía Súper")
    await phone.send("/start")
    await expect(phone.bot()).to_have_count(1, timeout=WAIT)
    await phone.send("/comunidad")
    await expect(phone.bot().last.locator(".inline-keyboard button")).to_have_count(
        2, timeout=WAIT
    )
    await phone.send("Una palabra muy larga: " + "x" * 300)
    await expect(phone.bot()).to_have_count(3, timeout=WAIT)
    assert await phone.scroll_width() <= 360
    tabs = phone.page.get_by_role("tab")
    await expect(tabs).to_have_count(3)
    await expect(phone.page.locator("#pane-sms")).to_be_hidden()
    await phone.screenshot("web-chat-phone.png")
    for name, pane in (("SMS", "#pane-sms"), ("Correos", "#pane-email")):
        await phone.page.get_by_role("tab", name=name).click()
        await expect(phone.page.locator(pane)).to_be_visible()
        await expect(phone.page.locator("#pane-chat")).to_be_hidden()
        assert await phone.scroll_width() <= 360
    await phone.page.get_by_role("button", name="Volver a elegir persona").click()
    await expect(phone.page.locator("#personas")).to_be_visible()
    assert await phone.scroll_width() <= 360
    assert phone.errors == []


async def test_outbox_panes_show_new_sms_and_emails_live(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    await expect(web.page.locator("#sms-empty")).to_be_visible()
    await expect(web.page.locator("#email-empty")).to_be_visible()
    await enqueue(
        key="test:sms:1",
        channel=Channel.SMS,
        recipient="+56961234567",
        body="Conserjería: tienes un paquete en Depto 101.",
    )
    await enqueue(
        key="test:email:1",
        channel=Channel.EMAIL,
        recipient="residente101@example.com",
        subject="Llegó tu paquete",
        body="Tienes un paquete en conserjería.",
        html="<h1>Paquete recibido</h1><p>Retíralo en <b>conserjería</b>.</p>",
    )
    sms = web.page.locator("#sms-list .outbox-item")
    await expect(sms).to_have_count(1, timeout=WAIT)
    await expect(sms).to_contain_text("+56961234567")
    await expect(sms).to_contain_text("tienes un paquete en Depto 101")
    await expect(sms.locator(".status")).to_have_text("Pendiente")
    await expect(web.page.locator("#sms-empty")).to_be_hidden()
    email = web.page.locator("#email-list .outbox-item")
    await expect(email).to_have_count(1, timeout=WAIT)
    await expect(email).to_contain_text("Llegó tu paquete")
    await expect(email).to_contain_text("residente101@example.com")
    await email.locator("summary").first.click()
    frame = email.locator("iframe.email-frame")
    await expect(frame).to_be_visible()
    assert await frame.get_attribute("sandbox") == ""
    inside = web.page.frame_locator("#email-list iframe.email-frame")
    await expect(inside.locator("h1")).to_have_text("Paquete recibido")
    await expect(inside.locator("b")).to_have_text("conserjería")
    await web.send("/start")
    await expect(web.bot()).to_have_count(1, timeout=WAIT)
    await web.screenshot("web-chat-desktop.png")
    # a second SMS appears on top, the first one stays
    await enqueue(key="test:sms:2", channel=Channel.SMS, recipient="+56961234567", body="Otro")
    await expect(sms).to_have_count(2, timeout=WAIT)
    await expect(sms.first).to_contain_text("Otro")
    await expect(frame).to_be_visible()  # the open e-mail was not re-rendered shut
    assert web.errors == []


@asynccontextmanager
async def tracker() -> AsyncIterator[tuple[str, list[str]]]:
    """A "remote" image server on another origin (loopback, another port): records each hit."""
    hits: list[str] = []

    async def pixel(request: aiohttp_web.Request) -> aiohttp_web.Response:
        hits.append(request.path)
        return aiohttp_web.Response(body=b"GIF89a", content_type="image/gif")

    app = aiohttp_web.Application()
    app.router.add_get("/{name}", pixel)
    runner = aiohttp_web.AppRunner(app, access_log=None)
    await runner.setup()
    site = aiohttp_web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", hits
    finally:
        await runner.cleanup()


async def test_email_preview_loads_nothing_from_the_internet(web: WebChat) -> None:
    async with tracker() as (remote, hits):
        await web.open()
        await web.pick("Carla Conserje")
        await enqueue(
            key="test:email:remote",
            channel=Channel.EMAIL,
            recipient="residente101@example.com",
            subject="Con logo remoto",
            body="Hola",
            html=f'<p>Hola</p><img src="{remote}/pixel.gif" alt="logo">'
            f'<img src="https://tracker.example.invalid/pixel.png" alt="otro">'
            '<script>document.body.dataset.ran = "sí"</script>',
        )
        email = web.page.locator("#email-list .outbox-item", has_text="Con logo remoto")
        await email.locator("summary").click()
        inside = web.page.frame_locator("#email-list iframe.email-frame")
        await expect(inside.locator("p")).to_have_text("Hola")
        await web.page.wait_for_timeout(500)
        assert hits == []  # the tracking pixel was never fetched
    assert await inside.locator("body").get_attribute("data-ran") is None  # no scripts ran
    # the only complaints are the blocked images (CSP) and the blocked script (sandbox)
    assert web.errors
    assert all(
        "Content Security Policy" in error or "sandboxed" in error for error in web.errors
    ), web.errors


async def test_phone_tabs_badge_a_new_sms(phone: WebChat) -> None:
    await phone.open()
    await phone.pick("Carla Conserje")
    # the outbox was read once (empty) before the SMS is written
    await expect(phone.page.locator("#sms-list")).to_have_attribute("aria-busy", "false")
    await enqueue(key="test:sms:b", channel=Channel.SMS, recipient="+56961234567", body="Aviso")
    badge = phone.page.locator("#tab-sms .badge")
    await expect(badge).to_be_visible(timeout=WAIT)
    await expect(badge).to_contain_text("1")
    await phone.page.get_by_role("tab", name=re.compile("SMS")).click()
    await expect(badge).to_be_hidden()
    await expect(phone.page.locator("#sms-list .outbox-item")).to_contain_text("Aviso")
    assert phone.errors == []


async def test_bot_html_is_rendered_safely(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    html = (
        '<b>negrita</b> <i>it</i> <a href="javascript:alert(1)">malo</a> '
        '<a href="https://example.com/x">bueno</a> &lt;img src=x onerror=alert(1)&gt; '
        "<pre>code</pre><blockquote>cita</blockquote>"
    )
    url = f"{web.emulator.base_url}{SANDBOX_TOKEN}/sendMessage"
    payload = {"chat_id": CARLA, "text": html, "parse_mode": "HTML"}
    async with aiohttp.ClientSession() as session, session.post(url, json=payload) as response:
        assert response.status == 200, await response.text()
    text = web.bot().last.locator(".text")
    await expect(text.locator("b")).to_have_text("negrita", timeout=WAIT)
    await expect(text.locator("i")).to_have_text("it")
    await expect(text.locator("pre")).to_have_text("code")
    await expect(text.locator("blockquote")).to_have_text("cita")
    bad = text.locator("a", has_text="malo")
    assert await bad.get_attribute("href") is None
    good = text.locator("a", has_text="bueno")
    assert await good.get_attribute("href") == "https://example.com/x"
    assert "noopener" in (await good.get_attribute("rel") or "")
    await expect(text.locator("img")).to_have_count(0)
    await expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    assert web.errors == []


async def test_alert_from_a_button_answer_is_shown(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    await web.send("/start")
    await expect(web.bot()).to_have_count(1, timeout=WAIT)
    welcome = web.emulator.messages(CARLA)[-1]
    # a forged button for a community that is not Carla's: the bot refuses with an alert
    web.emulator.forge_click(CARLA, welcome["message_id"], pack("com", "sel", 99999))
    dialog = web.page.locator("#alert-dialog")
    await expect(dialog).to_be_visible(timeout=WAIT)
    await expect(dialog).to_contain_text(texts.COMMUNITY_NOT_YOURS)
    await expect(web.page.get_by_role("button", name="Aceptar")).to_be_focused()
    await web.page.get_by_role("button", name="Aceptar").click()
    await expect(dialog).to_be_hidden()
    assert web.errors == []


async def test_other_account_with_a_free_telegram_id(web: WebChat) -> None:
    await web.open()
    field = web.page.get_by_label("ID de Telegram")
    await field.fill("doce")
    await web.page.get_by_role("button", name="Entrar").click()
    await expect(web.page.locator("#other-error")).to_be_visible()
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(web.page.locator("#workspace")).to_be_hidden()
    await field.fill("987654")
    await field.press("Enter")
    await expect(web.page.locator("#chat-title")).to_have_text("Cuenta 987654")
    assert web.page.url.endswith("#/chat/987654")
    await web.page.get_by_role("button", name="Enviar /start").click()
    await expect(web.bot().last).to_contain_text(texts.UNKNOWN_PERSON.split("\n")[0], timeout=WAIT)
    # a reload keeps the chat (the address names the persona), history comes back
    await web.page.reload()
    await expect(web.page.locator("#chat-title")).to_have_text("Cuenta 987654")
    await expect(web.bot()).to_have_count(1, timeout=WAIT)
    await expect(web.user()).to_have_count(1)
    assert web.errors == []


async def test_a_parcel_logged_by_clicking_shows_its_sms_in_the_pane(web: WebChat) -> None:
    await web.open()
    await web.pick("Carla Conserje")
    await web.send("/correspondencia")
    await expect(web.bot().last).to_contain_text("¿Para qué inmueble?", timeout=WAIT)
    await web.send("101")
    await expect(web.bot().last).to_contain_text("¿Qué llegó?", timeout=WAIT)
    await web.bot().last.get_by_role("button", name="Paquete", exact=True).click()
    await expect(web.bot().last).to_contain_text("¿Quién lo envía?", timeout=WAIT)
    await web.bot().last.get_by_role("button", name="Omitir", exact=True).click()
    await expect(web.bot().last).to_contain_text("Envía una foto", timeout=WAIT)
    await web.bot().last.get_by_role("button", name="Omitir", exact=True).click()
    await expect(web.bot().last).to_contain_text("Revisa antes de guardar", timeout=WAIT)
    await web.bot().last.get_by_role("button", name="Guardar", exact=True).click()
    await expect(web.bot().last).to_contain_text("Correspondencia registrada", timeout=WAIT)
    code = re.search(r"\b([A-HJKMNP-Z2-9]{6})\b", await web.bot().last.inner_text())
    assert code is not None
    sms = web.page.locator("#sms-list .outbox-item")
    await expect(sms).to_have_count(1, timeout=WAIT)
    await expect(sms).to_contain_text("+56961234567")
    await expect(sms).to_contain_text(code.group(1))
    assert web.errors == []


async def test_email_preview_shows_the_community_logo(web: WebChat) -> None:
    _, logo = await stored_logo()
    await web.open()
    await web.pick("Carla Conserje")
    text, page = render_email("Llegó tu paquete", ["Hola"], logo_cid=logo.content_id)
    # One write, as the product writes a notice: the page must never see the e-mail without
    # its inline image (it would then show a blocked `cid:` image).
    await enqueue(
        key="test:email:logo",
        channel=Channel.EMAIL,
        recipient="residente101@example.com",
        subject="Llegó tu paquete",
        body=text,
        html=page,
        attachments=[logo.email_attachment()],
    )
    email = web.page.locator("#email-list .outbox-item", has_text="Llegó tu paquete")
    await email.locator("summary").click()
    image = web.page.frame_locator("#email-list iframe.email-frame").locator("img")
    await expect(image).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    assert await image.evaluate("img => img.complete && img.naturalWidth") == 600
    await web.screenshot("web-chat-email-logo.png")
    assert web.errors == []
