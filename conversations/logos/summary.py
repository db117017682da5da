"""/logo: which logo each community shows, the choice, the community card and the gallery.

Plain views: any of their buttons works at any time, and each re-checks the community it
names. Callback data (`logo:<verb>:<community>[:…]`): `home` summary · `show` choice ·
`set:<c>:<choice>` choose · `card` community card · `see` stored logos.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update

from handlers import texts
from handlers.community import send_community_card
from handlers.kit.callbacks import Namespace
from handlers.kit.context import BotContext
from handlers.kit.guards import (
    allowed,
    community_button,
    current_community,
    looks_only,
    permit,
    staff_of,
)
from handlers.kit.replies import alert, edit_or_reply, esc, reply
from handlers.texts import logos as t
from models.core import Administration, Community
from models.logos import Logo, LogoChoice, LogoState, Owner, logo_state, set_choice
from models.permissions import Action, NotAllowed

LOGO = Namespace("logo")
ADMINISTRATION, COMMUNITY = "a", "c"  # whose logo: `up:<c>:a|c`


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


async def _summary_view(context: BotContext, state: LogoState) -> tuple[str, InlineKeyboardMarkup]:
    cid = state.community.id
    text = t.SUMMARY.format(
        comunidad=esc(state.community.name),
        mostrado=t.CHOICE_LABELS[state.choice],
        aviso=_missing_warning(state),
        administracion=esc(await owner_name(state.community, ADMINISTRATION)),
        estado_administracion=_logo_state_line(context, state.administration_logo),
        estado_comunidad=_logo_state_line(context, state.community_logo),
    )
    rows = [[LOGO.button(t.BUTTON_CARD, "card", cid), LOGO.button(t.BUTTON_SEE, "see", cid)]]
    if await allowed(context, Action.MANAGE_LOGOS, cid):
        rows[:0] = [
            [LOGO.button(t.BUTTON_ADMINISTRATION_LOGO, "up", cid, ADMINISTRATION)],
            [LOGO.button(t.BUTTON_COMMUNITY_LOGO, "up", cid, COMMUNITY)],
            [LOGO.button(t.BUTTON_CHOOSE, "show", cid)],
        ]
    elif looks_only(context):
        text += "\n\n" + t.READ_ONLY
    return text, InlineKeyboardMarkup(rows)


def _choice_view(state: LogoState) -> tuple[str, InlineKeyboardMarkup]:
    cid = state.community.id
    text = t.CHOOSE.format(
        comunidad=esc(state.community.name), mostrado=t.CHOICE_LABELS[state.choice]
    )
    row = [
        LOGO.button(
            t.CHOICE_CURRENT_MARK.format(opcion=label) if choice is state.choice else label,
            "set",
            cid,
            choice.value,
        )
        for choice, label in t.CHOICE_BUTTONS.items()
    ]
    back = [LOGO.button(t.BUTTON_BACK, "home", cid)]
    return text, InlineKeyboardMarkup([row, back])


def whose(target: str) -> str:
    """ "de la administración" / "de la comunidad"."""
    return t.OF_ADMINISTRATION if target == ADMINISTRATION else t.OF_COMMUNITY


async def owner_name(community: Community, target: str) -> str:
    """The name of the administración or of the community whose logo this is."""
    if target == ADMINISTRATION:
        return (await Administration.get(id=community.administration_id)).name
    return community.name


def owner(community: Community, target: str) -> Owner:
    if target == ADMINISTRATION:
        return Owner.administration(community.administration_id)
    return Owner.community(community.id)


async def _show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the pressed message when it is text; a photo's buttons get a new message."""
    query = update.callback_query
    message = query.message if query is not None else None
    if isinstance(message, Message) and message.text is not None:
        await edit_or_reply(update, text, reply_markup=markup)
    else:
        await reply(update, text, reply_markup=markup)


# --- views ---------------------------------------------------------------------------------


async def logo_command(update: Update, context: BotContext) -> None:
    """/logo: which logo this community shows and which images are loaded."""
    community = await current_community(context)
    if not await permit(update, context, Action.VIEW_LOGOS, community.id if community else None):
        return
    assert community is not None
    text, markup = await _summary_view(context, await logo_state(community.id))
    await reply(update, text, reply_markup=markup)


async def show_summary(update: Update, context: BotContext) -> None:
    """ "Volver": back to the logo summary of the button's community."""
    found = await community_button(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    text, markup = await _summary_view(context, await logo_state(found.community.id))
    await _show(update, text, markup)


async def show_choices(update: Update, context: BotContext) -> None:
    """ "Mostrar en esta comunidad": Administración / Comunidad / Sin logo, current one ticked
    (a choice to make, so only for who may make it)."""
    found = await community_button(update, context, Action.MANAGE_LOGOS)
    if found is None:
        return
    text, markup = _choice_view(await logo_state(found.community.id))
    await _show(update, text, markup)


async def choose(update: Update, context: BotContext) -> None:
    """A choice button: show that logo (or none) in the community; no image is deleted."""
    found = await community_button(update, context, Action.MANAGE_LOGOS)
    if found is None:
        return
    callback, community = found.callback, found.community
    try:
        choice = LogoChoice(callback.args[1]) if len(callback.args) == 2 else None
    except ValueError:
        choice = None
    if choice is None:
        await alert(update, texts.STALE_BUTTON)
        return
    staff = staff_of(context)
    try:
        before = await set_choice(community.id, choice, staff, clock=context.deps.clock)
    except NotAllowed as refused:
        if refused.reason is not None and update.callback_query is not None:
            await alert(update, texts.DENIALS[refused.reason])
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
    found = await community_button(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    await send_community_card(update, found.community.id)


async def show_images(update: Update, context: BotContext) -> None:
    """ "Ver logos cargados": each stored logo as a photo, saying which one is shown."""
    found = await community_button(update, context, Action.VIEW_LOGOS)
    if found is None:
        return
    community = found.community
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
            de_quien=whose(target),
            nombre=esc(await owner_name(community, target)),
            ancho=logo.width,
            alto=logo.height,
            mostrado=t.IMAGE_CAPTION_SHOWN if state.shown is logo else "",
        )
        await chat.send_photo(bytes(logo.jpeg), caption=caption)
        sent = True
    if not sent:
        await chat.send_message(t.NO_IMAGES.format(comunidad=esc(community.name)))
