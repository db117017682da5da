"""Creating a community: nombre → correo → teléfono → RUT → dirección → código (optional) →
firma and logo (optional images) → a review card → saved on "Guardar".

Each typed field is cleaned by the domain at its step and asked again, with the reason, when
it is refused. Images are never kept in `user_data` (persisted as JSON): the draft keeps the
Telegram file ids, and "Guardar" downloads them again for the domain to prepare and store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from conversations.communities.common import (
    FIELD_STEPS,
    NS,
    Next,
    Step,
    actor,
    checked,
    download,
    image_file,
    refuse,
)
from handlers import texts
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.kit.widgets import confirm_keyboard
from handlers.texts import communities as t
from models.communities import (
    CommunityData,
    CommunityError,
    CommunityField,
    CommunityProblem,
    clean_field,
    create_community,
    format_phone,
    name_or_code_taken,
)
from models.documents import format_rut
from models.images import LogoRefused
from models.permissions import Action, NotAllowed

ORDER: tuple[CommunityField, ...] = (
    CommunityField.NAME,
    CommunityField.EMAIL,
    CommunityField.PHONE,
    CommunityField.RUT,
    CommunityField.ADDRESS,
    CommunityField.CODE,
)
STEPS = len(ORDER) + 2  # the fields, then the firma and the logo
SIGNATURE, LOGO = "signature", "logo"


@dataclass
class CreateDraft(Draft):
    """The new community as typed so far (every value already in its stored form)."""

    KIND: ClassVar[str] = "community_create"

    name: str = ""
    email: str = ""
    phone: str = ""
    rut: str = ""
    address: str = ""
    code: str | None = None
    signature_file: str = ""
    signature_size: int | None = None
    logo_file: str = ""
    logo_size: int | None = None
    fixing: bool = False  # a field corrected from the review goes back to the review


def _skip_keyboard(what: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[NS.button(t.BUTTON_SKIP, "skip", what)]])


def _step(number: int) -> str:
    return t.STEP_OF.format(paso=number, pasos=STEPS)


async def _ask(update: Update, field: CommunityField) -> Step:
    markup = _skip_keyboard(CommunityField.CODE.value) if field is CommunityField.CODE else None
    await reply(update, _step(ORDER.index(field) + 1) + t.ASK_FIELD[field], reply_markup=markup)
    return FIELD_STEPS[field]


async def _ask_signature(update: Update) -> Step:
    await reply(
        update, _step(len(ORDER) + 1) + t.ASK_SIGNATURE, reply_markup=_skip_keyboard(SIGNATURE)
    )
    return Step.SIGNATURE


async def _ask_logo(update: Update) -> Step:
    await reply(update, _step(len(ORDER) + 2) + t.ASK_LOGO, reply_markup=_skip_keyboard(LOGO))
    return Step.LOGO


async def start_create(update: Update, context: BotContext) -> Next:
    """ "Crear comunidad": start the form (only for those who may create communities)."""
    if await actor(update, context, Action.MANAGE_COMMUNITIES) is None:
        return END
    CreateDraft().save(context)
    return await _ask(update, CommunityField.NAME)


async def _after(
    update: Update, context: BotContext, draft: CreateDraft, field: CommunityField | None
) -> Next:
    """The step after `field` (None: after the firma), or the review when correcting."""
    if draft.fixing:
        return await show_review(update, context, draft)
    if field is None:
        return await _ask_logo(update)
    if field is CommunityField.CODE:
        return await _ask_signature(update)
    return await _ask(update, ORDER[ORDER.index(field) + 1])


async def _type_field(update: Update, context: BotContext, field: CommunityField) -> Next:
    draft = CreateDraft.load(context)
    if draft is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return END
    try:
        value = clean_field(field, typed(update))
        if field in (CommunityField.NAME, CommunityField.CODE) and await name_or_code_taken(
            staff, field, value
        ):
            problem = (
                CommunityProblem.NAME_TAKEN
                if field is CommunityField.NAME
                else CommunityProblem.CODE_TAKEN
            )
            raise CommunityError(problem, field)
    except CommunityError as error:
        await refuse(update, error)
        return None  # the same step asks again
    setattr(draft, field.value, value)
    draft.save(context)
    return await _after(update, context, draft, field)


async def type_name(update: Update, context: BotContext) -> Next:
    """The community's name."""
    return await _type_field(update, context, CommunityField.NAME)


async def type_email(update: Update, context: BotContext) -> Next:
    """The community's e-mail."""
    return await _type_field(update, context, CommunityField.EMAIL)


async def type_phone(update: Update, context: BotContext) -> Next:
    """The community's phone (landline or mobile)."""
    return await _type_field(update, context, CommunityField.PHONE)


async def type_rut(update: Update, context: BotContext) -> Next:
    """The community's RUT."""
    return await _type_field(update, context, CommunityField.RUT)


async def type_address(update: Update, context: BotContext) -> Next:
    """The community's address."""
    return await _type_field(update, context, CommunityField.ADDRESS)


async def type_code(update: Update, context: BotContext) -> Next:
    """The community's código (optional)."""
    return await _type_field(update, context, CommunityField.CODE)


async def skip(update: Update, context: BotContext) -> Next:
    """ "Omitir" on the código, the firma or the logo."""
    draft = CreateDraft.load(context)
    query = update.callback_query
    what = (query.data or "").rsplit(":", 1)[-1] if query else ""
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    if what == CommunityField.CODE.value:
        draft.code = None
        draft.save(context)
        return await _after(update, context, draft, CommunityField.CODE)
    if what == SIGNATURE:
        draft.signature_file, draft.signature_size = "", None
        draft.save(context)
        return await _after(update, context, draft, None)
    if what == LOGO:
        draft.logo_file, draft.logo_size = "", None
        draft.save(context)
        return await show_review(update, context, draft)
    await alert(update, texts.STALE_BUTTON)
    return None


async def _receive(
    update: Update, context: BotContext, what: str
) -> tuple[CreateDraft, str, int | None] | None:
    """The image sent at the firma or logo step, checked; None (and the reason said) if not."""
    draft = CreateDraft.load(context)
    message = update.effective_message
    if draft is None or message is None:
        return None
    found = image_file(message)
    if found is None:
        await reply(update, t.NOT_AN_IMAGE)
        return None
    file_id, size = found
    try:
        width, height = await checked(await download(context, file_id, size))
    except LogoRefused as refused:
        await reply(update, t.IMAGE_REFUSALS[refused.reason] + t.IMAGE_REFUSAL_FOOTER)
        return None
    label = t.SIGNATURE_LABEL if what == SIGNATURE else t.LOGO_LABEL
    await reply(update, t.IMAGE_RECEIVED.format(que=label, ancho=width, alto=height))
    return draft, file_id, size


async def receive_signature(update: Update, context: BotContext) -> Next:
    """A photo or a JPEG file at the firma step."""
    got = await _receive(update, context, SIGNATURE)
    if got is None:
        return None
    draft, file_id, size = got
    draft.signature_file, draft.signature_size = file_id, size
    draft.save(context)
    return await _after(update, context, draft, None)


async def receive_logo(update: Update, context: BotContext) -> Next:
    """A photo or a JPEG file at the logo step."""
    got = await _receive(update, context, LOGO)
    if got is None:
        return None
    draft, file_id, size = got
    draft.logo_file, draft.logo_size = file_id, size
    draft.save(context)
    return await show_review(update, context, draft)


async def expected_image(update: Update, context: BotContext) -> Next:
    """Text where an image (or "Omitir") was asked for."""
    await reply(update, t.NOT_AN_IMAGE)
    return None


async def expected_text(update: Update, context: BotContext) -> Next:
    """An image or a sticker where a typed field was asked for."""
    await reply(update, t.EXPECTED_TEXT)
    return None


# --- review and save -------------------------------------------------------------------------


async def show_review(update: Update, context: BotContext, draft: CreateDraft) -> Step:
    draft.fixing = False
    draft.save(context)
    text = t.REVIEW.format(
        nombre=esc(draft.name),
        correo=esc(draft.email),
        telefono=esc(format_phone(draft.phone)),
        rut=esc(format_rut(draft.rut)),
        direccion=esc(draft.address),
        codigo=esc(draft.code or t.CARD_EMPTY),
        firma=t.REVIEW_IMAGE_YES if draft.signature_file else t.REVIEW_IMAGE_NO,
        logo=t.REVIEW_IMAGE_YES if draft.logo_file else t.REVIEW_IMAGE_NO,
    )
    keyboard = confirm_keyboard(
        NS.button(t.BUTTON_SAVE, "save"),
        NS.button(texts.BUTTON_CANCEL, "drop"),
        extra=[[NS.button(t.BUTTON_FIX, "fix")]],
    )
    await reply(update, text, reply_markup=keyboard)
    return Step.REVIEW


async def choose_fix(update: Update, context: BotContext) -> Next:
    """ "Corregir un dato": which one."""
    if CreateDraft.load(context) is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    rows: list[list[InlineKeyboardButton]] = [
        [NS.button(t.FIELD_LABELS[f], "fx", f.value)] for f in ORDER
    ]
    rows.append(
        [NS.button(t.SIGNATURE_LABEL, "fx", SIGNATURE), NS.button(t.LOGO_LABEL, "fx", LOGO)]
    )
    await edit_or_reply(update, t.FIX_CHOOSE, reply_markup=InlineKeyboardMarkup(rows))
    return Step.REVIEW


async def fix_field(update: Update, context: BotContext) -> Next:
    """A field chosen to correct: ask it again, then back to the review."""
    draft = CreateDraft.load(context)
    query = update.callback_query
    what = (query.data or "").rsplit(":", 1)[-1] if query else ""
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    draft.fixing = True
    draft.save(context)
    if what == SIGNATURE:
        return await _ask_signature(update)
    if what == LOGO:
        return await _ask_logo(update)
    try:
        field = CommunityField(what)
    except ValueError:
        await alert(update, texts.STALE_BUTTON)
        return None
    return await _ask(update, field)


async def save(update: Update, context: BotContext) -> Next:
    """ "Guardar": create the community, with its images, as reviewed."""
    draft = CreateDraft.load(context)
    if draft is None:
        await alert(update, texts.STALE_BUTTON)
        return END
    staff = await actor(update, context, Action.MANAGE_COMMUNITIES)
    if staff is None:
        return END
    try:
        signature = (
            await download(context, draft.signature_file, draft.signature_size)
            if draft.signature_file
            else None
        )
        logo = (
            await download(context, draft.logo_file, draft.logo_size) if draft.logo_file else None
        )
        data = CommunityData(
            name=draft.name,
            email=draft.email,
            phone=draft.phone,
            rut=draft.rut,
            address=draft.address,
            code=draft.code,
        )
        community = await create_community(
            staff, data, signature=signature, logo=logo, clock=context.deps.clock
        )
    except CommunityError as error:
        # Someone took the name or código meanwhile: ask for that field again.
        await refuse(update, error)
        if error.field is not None and error.field in FIELD_STEPS:
            draft.fixing = True
            draft.save(context)
            return await _ask(update, error.field)
        CreateDraft.drop(context)
        return END
    except (NotAllowed, LogoRefused) as error:
        await refuse(update, error)
        CreateDraft.drop(context)
        return END
    CreateDraft.drop(context)
    await edit_or_reply(update, t.CREATED.format(nombre=esc(community.name)))
    return END


async def drop(update: Update, context: BotContext) -> Next:
    """ "Cancelar" on the review: nothing is saved."""
    CreateDraft.drop(context)
    await edit_or_reply(update, t.CREATE_DROPPED)
    return END
