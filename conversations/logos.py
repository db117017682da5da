"""/logo: the administration's and the community's logos, and what each community shows.

The summary, the choice ("Mostrar en esta comunidad"), the community card and the gallery are
plain views; uploading is a flow: ask for the image → check it and show the square preview
("Guardar" / "Cancelar") → save. The pending image is never kept in `user_data` (persisted as
JSON): the draft keeps the Telegram file id of the upload and the SHA-256 of the preview, and
"Guardar" downloads and prepares it again, storing it only if it is exactly what was previewed.

Callback data (`logo:<verb>:<community>[:…]`; every id is re-checked server-side):
`home` summary · `up:<c>:a|c` upload the administration's / community's logo · `show` choice ·
`set:<c>:<choice>` choose · `card` community card · `see` stored logos ·
`save:<c>` / `no:<c>` on the preview.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers import texts
from handlers.community import send_community_card
from handlers.kit.callbacks import Callback, pack, parse, pattern
from handlers.kit.context import BotContext, ChatConfig
from handlers.kit.flow import DRAFT, flow
from handlers.kit.guards import permit, staff_of
from handlers.kit.menus import MenuEntry
from handlers.kit.replies import edit_or_reply, esc, reply
from handlers.texts import logos as t
from models.core import Administration, Community
from models.identity import staff_communities, working_community
from models.images import MAX_BYTES, LogoRefused, PreparedLogo, Refusal, prepare_logo
from models.logos import (
    Logo,
    LogoChoice,
    LogoOwnerMismatch,
    LogoState,
    Owner,
    logo_state,
    save_logo,
    set_choice,
)
from models.permissions import Action, NotAllowed

log = logging.getLogger(__name__)

NS = "logo"
FLOW = "logo"
WAITING = "waiting"
PREVIEW = "preview"
ADMINISTRATION, COMMUNITY = "a", "c"
IMAGES = filters.PHOTO | filters.Document.ALL


# --- what the person sees ------------------------------------------------------------------


def _date(context: BotContext, logo: Logo) -> str:
    day = logo.updated_at.astimezone(context.deps.clock.zone).date()
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def _logo_state_line(context: BotContext, logo: Logo | None) -> str:
    if logo is None:
        return t.STATE_MISSING
    return t.STATE_LOADED.format(ancho=logo.width, alto=logo.height, fecha=_date(context, logo))


def _missing_warning(state: LogoState) -> str:
    return t.CHOSEN_MISSING if state.choice is not LogoChoice.NONE and state.shown is None else ""


async def _administration_name(state: LogoState) -> str:
    administration = await Administration.get(id=state.community.administration_id)
    return administration.name


async def _summary_view(context: BotContext, state: LogoState) -> tuple[str, InlineKeyboardMarkup]:
    cid = state.community.id
    text = t.SUMMARY.format(
        comunidad=esc(state.community.name),
        mostrado=t.CHOICE_LABELS[state.choice],
        aviso=_missing_warning(state),
        administracion=esc(await _administration_name(state)),
        estado_administracion=_logo_state_line(context, state.administration_logo),
        estado_comunidad=_logo_state_line(context, state.community_logo),
    )
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.BUTTON_ADMINISTRATION_LOGO, callback_data=pack(NS, "up", cid, ADMINISTRATION)
                )
            ],
            [
                InlineKeyboardButton(
                    t.BUTTON_COMMUNITY_LOGO, callback_data=pack(NS, "up", cid, COMMUNITY)
                )
            ],
            [InlineKeyboardButton(t.BUTTON_CHOOSE, callback_data=pack(NS, "show", cid))],
            [
                InlineKeyboardButton(t.BUTTON_CARD, callback_data=pack(NS, "card", cid)),
                InlineKeyboardButton(t.BUTTON_SEE, callback_data=pack(NS, "see", cid)),
            ],
        ]
    )
    return text, markup


def _choice_view(state: LogoState) -> tuple[str, InlineKeyboardMarkup]:
    cid = state.community.id
    text = t.CHOOSE.format(
        comunidad=esc(state.community.name), mostrado=t.CHOICE_LABELS[state.choice]
    )
    row = [
        InlineKeyboardButton(
            t.CHOICE_CURRENT_MARK.format(opcion=label) if choice is state.choice else label,
            callback_data=pack(NS, "set", cid, choice.value),
        )
        for choice, label in t.CHOICE_BUTTONS.items()
    ]
    back = [InlineKeyboardButton(t.BUTTON_BACK, callback_data=pack(NS, "home", cid))]
    return text, InlineKeyboardMarkup([row, back])


def _whose(target: str) -> str:
    return t.OF_ADMINISTRATION if target == ADMINISTRATION else t.OF_COMMUNITY


async def _owner_name(community: Community, target: str) -> str:
    if target == ADMINISTRATION:
        return (await Administration.get(id=community.administration_id)).name
    return community.name


def _owner(community: Community, target: str) -> Owner:
    if target == ADMINISTRATION:
        return Owner.administration(community.administration_id)
    return Owner.community(community.id)


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f}".replace(".", ",") + " MB"


def _refusal_text(reason: Refusal, size: int | None) -> str:
    return (
        t.REFUSALS[reason].format(
            peso=_megabytes(size) if size else t.WEIGHT_UNKNOWN, pixeles=t.PIXELS_MAX
        )
        + t.REFUSAL_FOOTER
    )


# --- checks shared by the buttons ----------------------------------------------------------


async def _stale(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


async def _community_in_scope(context: BotContext, community_id: int) -> Community | None:
    staff = staff_of(context)
    if staff is None:
        return None
    return next((c for c in await staff_communities(staff) if c.id == community_id), None)


async def _button_community(
    update: Update, context: BotContext, action: Action
) -> tuple[Callback, Community] | None:
    """The button's community, once the person may do `action` there (else they are told)."""
    query = update.callback_query
    callback = parse(query.data if query is not None else None)
    community_id = callback.int_arg(0) if callback is not None else None
    if callback is None or community_id is None:
        await _stale(update)
        return None
    if not await permit(update, context, action, community_id):
        return None
    community = await _community_in_scope(context, community_id)
    if community is None:
        await _stale(update)
        return None
    return callback, community


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = context.user_data.get(DRAFT) if context.user_data is not None else None
    if isinstance(draft, dict) and draft.get("flow") == FLOW:
        return draft
    return None


def _drop_draft(context: BotContext) -> None:
    if _draft(context) is not None and context.user_data is not None:
        context.user_data.pop(DRAFT, None)


async def _show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the pressed message when it is text; a photo's buttons get a new message."""
    query = update.callback_query
    message = query.message if query is not None else None
    if isinstance(message, Message) and message.text is not None:
        await edit_or_reply(update, text, reply_markup=markup)
    else:
        await reply(update, text, reply_markup=markup)


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


# --- views ---------------------------------------------------------------------------------


async def logo_command(update: Update, context: BotContext) -> None:
    """/logo: which logo this community shows and which images are loaded."""
    staff = staff_of(context)
    community = await working_community(staff) if staff is not None else None
    if not await permit(update, context, Action.VIEW_LOGOS, community.id if community else None):
        return
    assert community is not None
    text, markup = await _summary_view(context, await logo_state(community.id))
    await reply(update, text, reply_markup=markup)


async def show_summary(update: Update, context: BotContext) -> None:
    """ "Volver": back to the logo summary of the button's community."""
    found = await _button_community(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    _, community = found
    text, markup = await _summary_view(context, await logo_state(community.id))
    await _show(update, text, markup)


async def show_choices(update: Update, context: BotContext) -> None:
    """ "Mostrar en esta comunidad": Administración / Comunidad / Sin logo, current one ticked."""
    found = await _button_community(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    _, community = found
    text, markup = _choice_view(await logo_state(community.id))
    await _show(update, text, markup)


async def choose(update: Update, context: BotContext) -> None:
    """A choice button: show that logo (or none) in the community; no image is deleted."""
    found = await _button_community(update, context, Action.MANAGE_LOGOS)
    if found is None:
        return
    callback, community = found
    try:
        choice = LogoChoice(callback.args[1]) if len(callback.args) == 2 else None
    except ValueError:
        choice = None
    if choice is None:
        await _stale(update)
        return
    staff = staff_of(context)
    try:
        before = await set_choice(community.id, choice, staff, clock=context.deps.clock)
    except NotAllowed as refused:
        if refused.reason is not None and update.callback_query is not None:
            await update.callback_query.answer(texts.DENIALS[refused.reason], show_alert=True)
        return
    state = await logo_state(community.id)
    template = t.CHOICE_UNCHANGED if before is choice else t.CHOICE_SET
    done = template.format(
        comunidad=esc(community.name),
        mostrado=t.CHOICE_LABELS[state.choice],
        aviso=_missing_warning(state),
    )
    summary, markup = await _summary_view(context, state)
    await _show(update, f"{done}\n\n{summary}", markup)


async def show_card(update: Update, context: BotContext) -> None:
    """ "Ver ficha de la comunidad": the card, with the logo residents see."""
    found = await _button_community(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    _, community = found
    if update.callback_query is not None:
        await update.callback_query.answer()
    await send_community_card(update, community.id)


async def show_images(update: Update, context: BotContext) -> None:
    """ "Ver logos cargados": each stored logo as a photo, saying which one is shown."""
    found = await _button_community(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    _, community = found
    state = await logo_state(community.id)
    if update.callback_query is not None:
        await update.callback_query.answer()
    chat = update.effective_chat
    assert chat is not None
    sent = False
    for target, logo in (
        (ADMINISTRATION, state.administration_logo),
        (COMMUNITY, state.community_logo),
    ):
        if logo is None:
            continue
        caption = t.IMAGE_CAPTION.format(
            de_quien=_whose(target),
            nombre=esc(await _owner_name(community, target)),
            ancho=logo.width,
            alto=logo.height,
            mostrado=t.IMAGE_CAPTION_SHOWN if state.shown is logo else "",
        )
        await chat.send_photo(bytes(logo.jpeg), caption=caption)
        sent = True
    if not sent:
        await chat.send_message(t.NO_IMAGES.format(comunidad=esc(community.name)))


# --- the upload (a flow) -------------------------------------------------------------------


async def start_upload(update: Update, context: BotContext) -> str | None:
    """ "Logo de la administración" / "Logo de la comunidad": ask for the image."""
    found = await _button_community(update, context, Action.MANAGE_LOGOS)
    if found is None:
        return None
    callback, community = found
    target = callback.args[1] if len(callback.args) == 2 else None
    if target not in (ADMINISTRATION, COMMUNITY):
        await _stale(update)
        return None
    assert context.user_data is not None
    context.user_data[DRAFT] = {"flow": FLOW, "community_id": community.id, "target": target}
    text = t.ASK_IMAGE.format(
        de_quien=_whose(target),
        nombre=esc(await _owner_name(community, target)),
        alcance=t.SCOPE_ADMINISTRATION if target == ADMINISTRATION else t.SCOPE_COMMUNITY,
    )
    await reply(update, text)
    return WAITING


async def _download(context: BotContext, file_id: str) -> bytes:
    """The file's bytes from Telegram, refusing anything over 2 MB before it is fetched."""
    telegram_file = await context.bot.get_file(file_id)
    if telegram_file.file_size is not None and telegram_file.file_size > MAX_BYTES:
        raise LogoRefused(Refusal.TOO_HEAVY)
    return bytes(await telegram_file.download_as_bytearray())


async def _prepare(data: bytes) -> PreparedLogo:
    # Decoding is CPU work (tens of ms): keep the event loop free for other chats.
    return await asyncio.to_thread(prepare_logo, data)


async def receive_image(update: Update, context: BotContext) -> str | None:
    """A photo or a file where the logo was asked for: check it and show the preview."""
    message = update.effective_message
    draft = _draft(context)
    if message is None or draft is None:
        return None
    community_id = int(draft["community_id"])
    if not await permit(update, context, Action.MANAGE_LOGOS, community_id):
        return None
    community = await _community_in_scope(context, community_id)
    if community is None:
        _drop_draft(context)
        await reply(update, texts.COMMUNITY_NOT_YOURS)
        return ConversationHandler.END
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
        await reply(update, _refusal_text(Refusal.TOO_HEAVY, size))
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
    target = str(draft["target"])
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
        de_quien=_whose(target),
        nombre=esc(await _owner_name(community, target)),
        detalle=detail,
    )
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t.BUTTON_SAVE, callback_data=pack(NS, "save", community_id)),
                InlineKeyboardButton(t.BUTTON_CANCEL, callback_data=pack(NS, "no", community_id)),
            ]
        ]
    )
    preview = await message.reply_photo(prepared.jpeg, caption=caption, reply_markup=buttons)
    draft.update({"file_id": file_id, "sha256": prepared.sha256, "preview_id": preview.message_id})
    return PREVIEW


async def not_an_image(update: Update, context: BotContext) -> None:
    """Text or anything else where the logo image was asked for."""
    await reply(update, t.NOT_AN_IMAGE)


async def text_in_preview(update: Update, context: BotContext) -> None:
    """Text while the preview waits for "Guardar" or "Cancelar"."""
    await reply(update, t.IN_PREVIEW)


def _preview_draft(
    update: Update, context: BotContext, callback: Callback
) -> dict[str, Any] | None:
    """The open preview this button belongs to: same community and message."""
    draft = _draft(context)
    query = update.callback_query
    if draft is None or query is None or query.message is None or "preview_id" not in draft:
        return None
    if draft["community_id"] != callback.int_arg(0):
        return None
    if draft["preview_id"] != query.message.message_id:
        return None
    return draft


async def save_preview(update: Update, context: BotContext) -> str | int | None:
    """ "Guardar": store exactly the previewed logo, replacing the previous one."""
    found = await _button_community(update, context, Action.MANAGE_LOGOS)
    query = update.callback_query
    if found is None or query is None:
        return None
    callback, community = found
    draft = _preview_draft(update, context, callback)
    if draft is None:
        await _stale(update)
        return None
    target = str(draft["target"])
    try:
        prepared = await _prepare(await _download(context, str(draft["file_id"])))
    except (LogoRefused, TelegramError):
        log.warning("could not prepare a previewed logo again", exc_info=True)
        prepared = None
    if prepared is None or prepared.sha256 != draft["sha256"]:
        draft.pop("preview_id", None)
        await _close_preview(update, t.PREVIEW_LOST, None)
        return WAITING
    staff = staff_of(context)
    try:
        await save_logo(
            _owner(community, target),
            prepared,
            staff,
            community_id=community.id,
            clock=context.deps.clock,
        )
    except NotAllowed as refused:
        if refused.reason is not None:
            await query.answer(texts.DENIALS[refused.reason], show_alert=True)
        return None
    except LogoOwnerMismatch:
        await _stale(update)
        return None
    _drop_draft(context)
    state = await logo_state(community.id)
    wanted = LogoChoice.ADMINISTRATION if target == ADMINISTRATION else LogoChoice.COMMUNITY
    text = t.SAVED.format(
        de_quien=_whose(target),
        nombre=esc(await _owner_name(community, target)),
        ancho=prepared.width,
        alto=prepared.height,
    )
    markup = None
    if state.choice is wanted:
        text += t.SAVED_SHOWN.format(comunidad=esc(community.name))
    else:
        text += t.SAVED_NOT_SHOWN.format(
            comunidad=esc(community.name),
            mostrado=t.CHOICE_LABELS[state.choice],
            opcion=t.CHOICE_BUTTONS[wanted],
        )
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t.BUTTON_SHOW_IT, callback_data=pack(NS, "set", community.id, wanted.value)
                    )
                ]
            ]
        )
    await _close_preview(update, text, markup)
    return ConversationHandler.END


async def cancel_preview(update: Update, context: BotContext) -> int | None:
    """ "Cancelar" on the preview: keep the logo as it was."""
    found = await _button_community(update, context, Action.VIEW_LOGOS)
    if found is None:
        return None
    callback, _ = found
    if _preview_draft(update, context, callback) is None:
        await _stale(update)
        return None
    _drop_draft(context)
    await _close_preview(update, t.UPLOAD_CANCELLED, None)
    return ConversationHandler.END


async def preview_button_outside_flow(update: Update, context: BotContext) -> None:
    """A preview button with no preview open (old, finished or forged): refuse, save nothing."""
    if await _button_community(update, context, Action.MANAGE_LOGOS) is None:
        return
    await _stale(update)


def build_handlers(config: ChatConfig) -> list[BaseHandler[Any, Any, Any]]:
    upload = flow(
        FLOW,
        config=config,
        entry_points=[CallbackQueryHandler(start_upload, pattern=pattern(NS, "up"))],
        states={
            WAITING: [
                MessageHandler(IMAGES, receive_image),
                MessageHandler(filters.ALL & ~filters.COMMAND, not_an_image),
            ],
            PREVIEW: [
                CallbackQueryHandler(save_preview, pattern=pattern(NS, "save")),
                CallbackQueryHandler(cancel_preview, pattern=pattern(NS, "no")),
                MessageHandler(IMAGES, receive_image),
                MessageHandler(filters.ALL & ~filters.COMMAND, text_in_preview),
            ],
        },
    )
    return [
        upload,
        CommandHandler("logo", logo_command),
        CallbackQueryHandler(show_summary, pattern=pattern(NS, "home")),
        CallbackQueryHandler(show_choices, pattern=pattern(NS, "show")),
        CallbackQueryHandler(choose, pattern=pattern(NS, "set")),
        CallbackQueryHandler(show_card, pattern=pattern(NS, "card")),
        CallbackQueryHandler(show_images, pattern=pattern(NS, "see")),
        CallbackQueryHandler(preview_button_outside_flow, pattern=r"^logo:(?:save|no)(?::|$)"),
    ]


# What this feature adds to the command menu (the routes module orders the whole menu).
MENU: tuple[MenuEntry, ...] = (MenuEntry("logo", texts.CMD_LOGO, Action.VIEW_LOGOS),)
