"""Uploading a logo: ask for the image → check it and show it with the crop square (seed 001:
"mover el recuadro punteado": ⬅️ ➡️ ⬆️ ⬇️, ➕ ➖, each tap redrawing the same photo in place)
→ "Guardar" keeps exactly what is inside the square.

The pending image is never kept in `user_data` (persisted as JSON; an upload weighs up to 2 MB):
the draft keeps the Telegram file id of the upload, the SHA-256 of its bytes and the square
(`models.images.CropBox`, a few integers). Each redraw and "Guardar" download the upload again
and go on only if it is byte for byte the one checked at first.

Callback data (`logo:<verb>:<community>[:…]`; every id is re-checked server-side):
`up:<c>:a|c` upload the administration's / community's logo · on the preview:
`box:<c>:l|r|u|d|b|s` move the square left / right / up / down, make it bigger / smaller ·
`save:<c>` · `no:<c>`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar

from telegram import InlineKeyboardMarkup, InputMediaPhoto, Update
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
from models.core import Community
from models.images import (
    MAX_BYTES,
    TARGET_SIDE,
    BoxMove,
    CropBox,
    ImageRefusal,
    LogoRefused,
    PreparedLogo,
    crop_preview,
    prepare_logo,
)
from models.logos import LogoChoice, LogoOwnerMismatch, logo_state, save_logo
from models.permissions import Action, NotAllowed

log = logging.getLogger(__name__)

FLOW = "logo"
WAITING = "waiting"
PREVIEW = "preview"
PREVIEW_VERBS = ("save", "no", "box")
IMAGES = filters.PHOTO | filters.Document.ALL
BOX_MOVES: dict[str, BoxMove] = {
    "l": BoxMove.LEFT,
    "r": BoxMove.RIGHT,
    "u": BoxMove.UP,
    "d": BoxMove.DOWN,
    "b": BoxMove.BIGGER,
    "s": BoxMove.SMALLER,
}


@dataclass
class UploadDraft(Draft):
    """Whose logo is being uploaded and, once previewed, which file and which square of it."""

    KIND: ClassVar[str] = FLOW

    community_id: int
    target: str
    file_id: str = ""
    source_sha256: str = ""  # of the upload's bytes, as first checked
    box: list[int] = field(default_factory=list)  # CropBox: width, height, left, top, side
    preview_id: int | None = None  # the preview message, while it waits for an answer

    def crop_box(self) -> CropBox | None:
        """The square being chosen, or None when the draft holds none (or a broken one)."""
        try:
            return CropBox(*self.box) if len(self.box) == 5 else None
        except (TypeError, ValueError):
            return None

    def keep(self, box: CropBox) -> None:
        self.box = [box.image_width, box.image_height, box.left, box.top, box.side]


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


def _check_and_draw(data: bytes) -> tuple[CropBox, bytes]:
    """Refuse a bad upload (`LogoRefused`); else its centred square and the preview of it."""
    box = prepare_logo(data).box
    return box, crop_preview(data, box)


async def _prepare(data: bytes, box: CropBox) -> PreparedLogo:
    # Decoding is CPU work (tens of ms): keep the event loop free for other chats.
    return await asyncio.to_thread(prepare_logo, data, box)


async def _original(context: BotContext, draft: UploadDraft) -> bytes | None:
    """The upload again, only if it is byte for byte the one first checked (else None)."""
    try:
        data = await _download(context, draft.file_id)
    except (LogoRefused, TelegramError):
        log.warning("could not download a previewed logo again", exc_info=True)
        return None
    return data if hashlib.sha256(data).hexdigest() == draft.source_sha256 else None


def _box_caption(box: CropBox, whose_text: str, name: str) -> str:
    """The preview's caption: what the square does and what the logo will be."""
    detail = t.CROP_DETAIL.format(
        ancho_original=box.image_width,
        alto_original=box.image_height,
        lado=box.side,
        final=min(box.side, TARGET_SIDE),
    )
    if box.whole_picture:
        detail += t.CROP_WHOLE
    return t.CROP_PREVIEW.format(de_quien=whose_text, nombre=name, detalle=detail)


def _box_keyboard(community_id: int) -> InlineKeyboardMarkup:
    """The square's buttons above the usual "Guardar" / "Cancelar"."""
    arrows = [LOGO.button(t.BOX_BUTTONS[BOX_MOVES[c]], "box", community_id, c) for c in "lrud"]
    sizes = [LOGO.button(t.BOX_BUTTONS[BOX_MOVES[c]], "box", community_id, c) for c in "bs"]
    confirm = confirm_keyboard(
        LOGO.button(t.BUTTON_SAVE, "save", community_id),
        LOGO.button(texts.BUTTON_CANCEL, "no", community_id),
    )
    return InlineKeyboardMarkup([arrows, sizes, *confirm.inline_keyboard])


async def _caption_for(community: Community, draft: UploadDraft, box: CropBox) -> str:
    name = esc(await owner_name(community, draft.target))
    return _box_caption(box, whose(draft.target), name)


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
        box, preview_jpeg = await asyncio.to_thread(_check_and_draw, data)
    except LogoRefused as refused:
        await reply(update, _refusal_text(refused.reason, len(data)))
        return None
    draft.file_id, draft.source_sha256 = file_id, hashlib.sha256(data).hexdigest()
    draft.keep(box)
    preview = await message.reply_photo(
        preview_jpeg,
        caption=await _caption_for(community, draft, box),
        reply_markup=_box_keyboard(draft.community_id),
    )
    draft.preview_id = preview.message_id
    draft.save(context)
    return PREVIEW


async def not_an_image(update: Update, context: BotContext) -> None:
    """Text or anything else where the logo image was asked for."""
    await reply(update, t.NOT_AN_IMAGE)


async def text_in_preview(update: Update, context: BotContext) -> None:
    """Text while the preview waits for the square to be placed and "Guardar" or "Cancelar"."""
    await reply(update, t.IN_PREVIEW)


async def _lost(update: Update, context: BotContext, draft: UploadDraft) -> str:
    """The upload cannot be had again as it was: say so and ask for it again."""
    draft.preview_id = None
    draft.save(context)
    await _close_preview(update, t.PREVIEW_LOST, None)
    return WAITING


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
    box = draft.crop_box()
    data = await _original(context, draft) if box is not None else None
    if box is None or data is None:
        return await _lost(update, context, draft)
    try:
        prepared = await _prepare(data, box)
    except (LogoRefused, ValueError):
        log.warning("could not prepare a previewed logo again", exc_info=True)
        return await _lost(update, context, draft)
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
    await _show_saved(update, prepared, text, markup)
    return END


async def _show_saved(
    update: Update, prepared: PreparedLogo, caption: str, markup: InlineKeyboardMarkup
) -> None:
    """The preview turns into the saved logo itself: what is kept is what the person sees."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    try:
        await query.edit_message_media(
            InputMediaPhoto(prepared.jpeg, caption=caption), reply_markup=markup
        )
    except BadRequest:
        # The preview is gone (deleted by the person): the outcome still has to be told.
        log.info("could not turn a logo preview into the saved logo", exc_info=True)
        chat = update.effective_chat
        if chat is not None:
            await chat.send_photo(prepared.jpeg, caption=caption, reply_markup=markup)


async def move_box(update: Update, context: BotContext) -> str | int | None:
    """⬅️ ➡️ ⬆️ ⬇️ ➕ ➖ on the preview: move or resize the square and redraw the same photo."""
    found = await community_button(update, context, Action.MANAGE_LOGOS)
    query = update.callback_query
    if found is None or query is None:
        return None
    community, callback = found.community, found.callback
    draft = _preview_draft(update, context, community.id)
    move = BOX_MOVES.get(callback.args[1]) if len(callback.args) == 2 else None
    box = draft.crop_box() if draft is not None else None
    if draft is None or move is None or box is None:
        await alert(update, texts.STALE_BUTTON)
        return None
    moved = box.moved(move)
    if moved == box:
        # At an edge (or at its largest or smallest): say so rather than redraw the same.
        await query.answer(t.BOX_STOPPED[move])
        return None
    data = await _original(context, draft)
    if data is None:
        return await _lost(update, context, draft)
    try:
        preview_jpeg = await asyncio.to_thread(crop_preview, data, moved)
    except (LogoRefused, ValueError):
        log.warning("could not redraw a logo preview", exc_info=True)
        return await _lost(update, context, draft)
    draft.keep(moved)
    draft.save(context)
    await query.answer()
    await query.edit_message_media(
        InputMediaPhoto(preview_jpeg, caption=await _caption_for(community, draft, moved)),
        reply_markup=_box_keyboard(community.id),
    )
    return None


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
    """From "Logo de …" through the crop square to the preview's "Guardar" or "Cancelar"."""
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
                LOGO.on(move_box, "box"),
                LOGO.on(save_preview, "save"),
                LOGO.on(cancel_preview, "no"),
                MessageHandler(IMAGES, receive_image),
                MessageHandler(filters.ALL & ~filters.COMMAND, text_in_preview),
            ],
        },
    )
