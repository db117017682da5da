"""Uploading a logo: ask for the image → check it and show the square preview ("Guardar" /
"Cancelar") → save.

The pending image is never kept in `user_data` (persisted as JSON): the draft keeps the
Telegram file id of the upload and the SHA-256 of the preview, and "Guardar" downloads and
prepares it again, storing it only if it is exactly what was previewed.

Callback data (`logo:<verb>:<community>[:…]`; every id is re-checked server-side):
`up:<c>:a|c` upload the administration's / community's logo · `save:<c>` / `no:<c>` on the
preview.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import BaseHandler, MessageHandler, filters

from conversations.logos.summary import ADMINISTRATION, COMMUNITY, LOGO, owner, owner_name, whose
from handlers import texts
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import END, Draft, flow
from handlers.kit.guards import community_button, own_community, permit, staff_of
from handlers.kit.replies import alert, esc, reply
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import logos as t
from models.images import MAX_BYTES, ImageRefusal, LogoRefused, PreparedLogo, prepare_logo
from models.logos import LogoChoice, LogoOwnerMismatch, logo_state, save_logo
from models.permissions import Action, NotAllowed

log = logging.getLogger(__name__)

FLOW = "logo"
WAITING = "waiting"
PREVIEW = "preview"
PREVIEW_VERBS = ("save", "no")
IMAGES = filters.PHOTO | filters.Document.ALL


@dataclass
class UploadDraft(Draft):
    """Whose logo is being uploaded and, once previewed, which file and which result."""

    KIND: ClassVar[str] = FLOW

    community_id: int
    target: str
    file_id: str = ""
    sha256: str = ""
    preview_id: int | None = None  # the preview message, while it waits for an answer


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",") + " MB"


def _refusal_text(reason: ImageRefusal, size: int | None) -> str:
    return (
        t.REFUSALS[reason].format(
            peso=_megabytes(size) if size else t.WEIGHT_UNKNOWN, pixeles=t.PIXELS_MAX
        )
        + t.REFUSAL_FOOTER
    )


async def _close_preview(
    update: Update, caption: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Turn the preview photo's caption into the outcome, without its buttons."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    try:
        await query.edit_message_caption(caption=caption, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc):
            raise


async def start_upload(update: Update, context: BotContext) -> str | None:
    """ "Logo de la administración" / "Logo de la comunidad": ask for the image."""
    found = await community_button(update, context, Action.MANAGE_LOGOS)
    if found is None:
        return None
    callback, community = found.callback, found.community
    target = callback.args[1] if len(callback.args) == 2 else None
    if target not in (ADMINISTRATION, COMMUNITY):
        await alert(update, texts.STALE_BUTTON)
        return None
    UploadDraft(community.id, target).save(context)
    text = t.ASK_IMAGE.format(
        de_quien=whose(target),
        nombre=esc(await owner_name(community, target)),
        alcance=t.SCOPE_ADMINISTRATION if target == ADMINISTRATION else t.SCOPE_COMMUNITY,
    )
    await reply(update, text)
    return WAITING


async def _download(context: BotContext, file_id: str) -> bytes:
    """The file's bytes from Telegram, refusing anything over 2 MB before it is fetched."""
    telegram_file = await context.bot.get_file(file_id)
    if telegram_file.file_size is not None and telegram_file.file_size > MAX_BYTES:
        raise LogoRefused(ImageRefusal.TOO_HEAVY)
    return bytes(await telegram_file.download_as_bytearray())


async def _prepare(data: bytes) -> PreparedLogo:
    # Decoding is CPU work (tens of ms): keep the event loop free for other chats.
    return await asyncio.to_thread(prepare_logo, data)


async def receive_image(update: Update, context: BotContext) -> str | int | None:
    """A photo or a file where the logo was asked for: check it and show the preview."""
    message = update.effective_message
    draft = UploadDraft.load(context)
    if message is None or draft is None:
        return None
    if not await permit(update, context, Action.MANAGE_LOGOS, draft.community_id):
        return None
    community = await own_community(context, draft.community_id)
    if community is None:
        UploadDraft.drop(context)
        await reply(update, texts.COMMUNITY_NOT_YOURS)
        return END
    if message.photo:
        # Telegram sends several sizes of a photo; the largest is the closest to the original.
        best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        file_id, size = best.file_id, best.file_size
    elif message.document is not None:
        file_id, size = message.document.file_id, message.document.file_size
    else:
        await reply(update, t.NOT_AN_IMAGE)
        return None
    if size is not None and size > MAX_BYTES:
        await reply(update, _refusal_text(ImageRefusal.TOO_HEAVY, size))
        return None
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    try:
        data = await _download(context, file_id)
    except LogoRefused as refused:
        await reply(update, _refusal_text(refused.reason, size))
        return None
    except TelegramError:
        log.warning("could not download a logo upload", exc_info=True)
        await reply(update, t.DOWNLOAD_FAILED)
        return None
    try:
        prepared = await _prepare(data)
    except LogoRefused as refused:
        await reply(update, _refusal_text(refused.reason, len(data)))
        return None
    detail = (
        t.PREVIEW_CROPPED
        if prepared.cropped
        else t.PREVIEW_RESIZED
        if prepared.resized
        else t.PREVIEW_AS_IS
    ).format(
        ancho=prepared.width,
        alto=prepared.height,
        ancho_original=prepared.source_width,
        alto_original=prepared.source_height,
    )
    caption = t.PREVIEW.format(
        de_quien=whose(draft.target),
        nombre=esc(await owner_name(community, draft.target)),
        detalle=detail,
    )
    buttons = confirm_keyboard(
        LOGO.button(t.BUTTON_SAVE, "save", draft.community_id),
        LOGO.button(texts.BUTTON_CANCEL, "no", draft.community_id),
    )
    preview = await message.reply_photo(prepared.jpeg, caption=caption, reply_markup=buttons)
    draft.file_id, draft.sha256, draft.preview_id = file_id, prepared.sha256, preview.message_id
    draft.save(context)
    return PREVIEW


async def not_an_image(update: Update, context: BotContext) -> None:
    """Text or anything else where the logo image was asked for."""
    await reply(update, t.NOT_AN_IMAGE)


async def text_in_preview(update: Update, context: BotContext) -> None:
    """Text while the preview waits for "Guardar" or "Cancelar"."""
    await reply(update, t.IN_PREVIEW)


def _preview_draft(update: Update, context: BotContext, community_id: int) -> UploadDraft | None:
    """The open preview this button belongs to: same community and message."""
    draft = UploadDraft.load(context)
    query = update.callback_query
    if draft is None or query is None or query.message is None or draft.preview_id is None:
        return None
    if draft.community_id != community_id or draft.preview_id != query.message.message_id:
        return None
    return draft


async def save_preview(update: Update, context: BotContext) -> str | int | None:
    """ "Guardar": store exactly the previewed logo, replacing the previous one."""
    found = await community_button(update, context, Action.MANAGE_LOGOS)
    if found is None or update.callback_query is None:
        return None
    community = found.community
    draft = _preview_draft(update, context, community.id)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    try:
        prepared = await _prepare(await _download(context, draft.file_id))
    except (LogoRefused, TelegramError):
        log.warning("could not prepare a previewed logo again", exc_info=True)
        prepared = None
    if prepared is None or prepared.sha256 != draft.sha256:
        draft.preview_id = None
        draft.save(context)
        await _close_preview(update, t.PREVIEW_LOST, None)
        return WAITING
    try:
        await save_logo(
            owner(community, draft.target),
            prepared,
            staff_of(context),
            community_id=community.id,
            clock=context.deps.clock,
        )
    except NotAllowed as refused:
        if refused.reason is not None:
            await alert(update, texts.DENIALS[refused.reason])
        return None
    except LogoOwnerMismatch:
        await alert(update, texts.STALE_BUTTON)
        return None
    UploadDraft.drop(context)
    state = await logo_state(community.id)
    wanted = LogoChoice.ADMINISTRATION if draft.target == ADMINISTRATION else LogoChoice.COMMUNITY
    text = t.SAVED.format(
        de_quien=whose(draft.target),
        nombre=esc(await owner_name(community, draft.target)),
        ancho=prepared.width,
        alto=prepared.height,
    )
    rows = [[LOGO.button(t.BUTTON_BACK, "home", community.id)]]
    if state.choice is wanted:
        text += t.SAVED_SHOWN.format(comunidad=esc(community.name))
    else:
        text += t.SAVED_NOT_SHOWN.format(
            comunidad=esc(community.name),
            mostrado=t.CHOICE_LABELS[state.choice],
            opcion=t.CHOICE_BUTTONS[wanted],
        )
        rows.insert(0, [LOGO.button(t.BUTTON_SHOW_IT, "set", community.id, wanted.value)])
    markup = InlineKeyboardMarkup(rows)
    await _close_preview(update, text, markup)
    return END


async def cancel_preview(update: Update, context: BotContext) -> int | None:
    """ "Cancelar" on the preview: keep the logo as it was."""
    found = await community_button(update, context, Action.VIEW_LOGOS)
    if found is None:
        return None
    if _preview_draft(update, context, found.community.id) is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    UploadDraft.drop(context)
    await _close_preview(update, t.UPLOAD_CANCELLED, None)
    return END


async def preview_button_outside_flow(update: Update, context: BotContext) -> None:
    """A preview button with no preview open (old, finished or forged): refuse, save nothing."""
    if await community_button(update, context, Action.MANAGE_LOGOS) is None:
        return
    await alert(update, texts.STALE_BUTTON)


def build_upload_flow(config: ChatConfig) -> BaseHandler[Any, Any, Any]:
    """From "Logo de …" to the preview's "Guardar" or "Cancelar"."""
    return flow(
        FLOW,
        config=config,
        entry_points=[LOGO.on(start_upload, "up")],
        states={
            WAITING: [
                MessageHandler(IMAGES, receive_image),
                MessageHandler(filters.ALL & ~filters.COMMAND, not_an_image),
            ],
            PREVIEW: [
                LOGO.on(save_preview, "save"),
                LOGO.on(cancel_preview, "no"),
                MessageHandler(IMAGES, receive_image),
                MessageHandler(filters.ALL & ~filters.COMMAND, text_in_preview),
            ],
        },
    )
