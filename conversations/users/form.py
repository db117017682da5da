"""The user form shared by create and edit: filled step by step, reviewed, then saved.

Creating asks every step in turn; editing opens the form with the user's data and asks again
only the field whose button is pressed. Nothing is written until "Guardar".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from telegram import InlineKeyboardMarkup, Update

from conversations.users.common import NS, Next, Step, actor, back_keyboard, refuse, stale
from handlers import texts
from handlers.kit.callbacks import callback_arg, callback_id
from handlers.kit.context import BotContext
from handlers.kit.flow import END, Draft, drop_draft
from handlers.kit.guards import staff_of
from handlers.kit.replies import alert, edit_or_reply, esc, reply, typed
from handlers.texts import users as t
from models.core import Profile, StaffUser
from models.permissions import Action, assignable_profiles
from models.roles import assignable_roles, choice_of, parse_choice
from models.staff import (
    StaffError,
    StaffErrorReason,
    assignable_communities,
    clean_email,
    clean_name,
    clean_optional_name,
    email_in_use,
)

# What each button of the form asks again.
FORM_FIELDS: dict[str, tuple[Step, ...]] = {
    "pf": (Step.PROFILE,),
    "fn": (Step.FIRST_NAME,),
    "ln": (Step.LAST_NAME, Step.SECOND_LAST_NAME),
    "em": (Step.EMAIL,),
    "cm": (Step.COMMUNITIES,),
}
# Fields nobody changes on their own user.
NOT_ON_SELF = frozenset({"pf", "cm"})
# Refusals at "Guardar" that the person can fix in the form; the others end the flow.
FIXABLE = frozenset(
    {
        StaffErrorReason.INVALID_NAME,
        StaffErrorReason.INVALID_EMAIL,
        StaffErrorReason.EMAIL_TAKEN,
        StaffErrorReason.NO_COMMUNITY,
        StaffErrorReason.COMMUNITY_OUT_OF_SCOPE,
        StaffErrorReason.PROFILE_NOT_ALLOWED,
    }
)


@dataclass(frozen=True)
class UserFields:
    """A complete form, as the domain takes it."""

    profile: str
    first_name: str
    last_name: str
    second_last_name: str | None
    email: str
    community_ids: list[int]


@dataclass
class UserForm(Draft, ABC):
    """The form's draft; `NewUser` and `UserEdit` say what differs and how it is saved."""

    PROFILE_PROMPT: ClassVar[str]
    FORM_TITLE: ClassVar[str]

    profile: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    second_last_name: str | None = None
    email: str | None = None
    community_ids: list[int] = field(default_factory=list)
    role_name: str | None = None  # the custom role's name the user had (shown if not givable)
    queue: list[str] = field(default_factory=list)  # the steps still to ask

    def existing_id(self) -> int | None:
        """The user being edited (None while creating)."""
        return None

    def own(self) -> bool:
        """Whether the person edits their own user."""
        return False

    def missing(self) -> list[str]:
        """The required fields still empty, in the form's order."""
        values = {
            "profile": self.profile,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "community_ids": self.community_ids,
        }
        return [name for name, value in values.items() if not value]

    def complete(self) -> UserFields | None:
        if not (
            self.profile
            and self.first_name
            and self.last_name
            and self.email
            and self.community_ids
        ):
            return None
        return UserFields(
            profile=self.profile,
            first_name=self.first_name,
            last_name=self.last_name,
            second_last_name=self.second_last_name,
            email=self.email,
            community_ids=list(self.community_ids),
        )

    def question(self, fields: UserFields) -> tuple[str, InlineKeyboardMarkup] | None:
        """What to ask before saving `fields` (None: save now)."""
        return None

    @abstractmethod
    async def commit(self, context: BotContext, staff: StaffUser, fields: UserFields) -> str:
        """Write the form to the database; returns what to tell the person."""


def load_form(context: BotContext) -> UserForm | None:
    """This person's form draft, whichever kind it is (create or edit)."""
    # Every kind is a direct subclass, defined in the create and edit modules.
    for kind in UserForm.__subclasses__():
        draft = kind.load(context)
        if draft is not None:
            return draft
    return None


@dataclass(frozen=True, slots=True)
class FormStep:
    """Who is filling the form, and the form so far."""

    staff: StaffUser
    draft: UserForm


async def _form_step(update: Update, context: BotContext) -> FormStep | None:
    """The person and their draft; a lost draft ends the flow as a stale step."""
    staff = staff_of(context)
    draft = load_form(context)
    if staff is None or draft is None:
        await stale(update)
        return None
    return FormStep(staff, draft)


# --- asking, one step at a time --------------------------------------------------------------


async def advance(update: Update, context: BotContext, staff: StaffUser, draft: UserForm) -> Next:
    """Ask the next pending step, or show the form when none is left (the draft is kept)."""
    step = Step(draft.queue.pop(0)) if draft.queue else Step.FORM
    draft.save(context)
    if step is Step.FORM:
        return await show_form(update, context, staff, draft)
    cancel_row = [NS.button(texts.BUTTON_CANCEL, "drop")]
    if step is Step.PROFILE:
        rows = [[NS.button(label, "pf", choice)] for choice, label in await role_choices(staff)]
        markup = InlineKeyboardMarkup([*rows, cancel_row])
        await edit_or_reply(update, draft.PROFILE_PROMPT, reply_markup=markup)
    elif step is Step.SECOND_LAST_NAME:
        markup = InlineKeyboardMarkup([[NS.button(t.BUTTON_SKIP, "skip")], cancel_row])
        await edit_or_reply(update, t.ASK_SECOND_LAST_NAME, reply_markup=markup)
    elif step is Step.COMMUNITIES:
        await _show_communities(update, staff, draft)
    else:
        prompt = {
            Step.FIRST_NAME: t.ASK_FIRST_NAME,
            Step.LAST_NAME: t.ASK_LAST_NAME,
            Step.EMAIL: t.ASK_EMAIL,
        }
        markup = InlineKeyboardMarkup([cancel_row])
        await edit_or_reply(update, prompt[step], reply_markup=markup)
    return step


async def role_choices(staff: StaffUser) -> list[tuple[str, str]]:
    """The roles the person may give, as (choice, label): built-in profiles, then custom roles."""
    builtins = [(p.value, texts.PROFILE_LABELS[p]) for p in await assignable_profiles(staff)]
    custom = [
        (choice_of(Profile.CONCIERGE, r.id), t.CUSTOM_ROLE_LABEL.format(nombre=r.name))
        for r in await assignable_roles(staff)
    ]
    return builtins + custom


async def choice_label(staff: StaffUser, choice: str | None, fallback: str | None = None) -> str:
    """A role choice in words (the role's name for a custom role)."""
    if not choice:
        return t.FORM_EMPTY
    try:
        parsed = parse_choice(choice)
    except ValueError:
        return t.FORM_EMPTY
    if isinstance(parsed, Profile):
        return texts.PROFILE_LABELS[parsed]
    labels = dict(await role_choices(staff))
    return labels.get(choice) or t.CUSTOM_ROLE_LABEL.format(nombre=fallback or "?")


async def _show_communities(update: Update, staff: StaffUser, draft: UserForm) -> None:
    chosen = set(draft.community_ids)
    rows = [
        [
            NS.button(
                (t.TOGGLE_ON if c.id in chosen else t.TOGGLE_OFF).format(nombre=c.name),
                "tg",
                c.id,
            )
        ]
        for c in await assignable_communities(staff)
    ]
    rows.append([NS.button(t.BUTTON_DONE, "ok"), NS.button(texts.BUTTON_CANCEL, "drop")])
    await edit_or_reply(update, t.ASK_COMMUNITIES, reply_markup=InlineKeyboardMarkup(rows))


async def _form_text(staff: StaffUser, draft: UserForm) -> str:
    names = {c.id: c.name for c in await assignable_communities(staff)}
    communities = ", ".join(names.get(cid, "?") for cid in draft.community_ids)
    body = t.FORM_BODY.format(
        perfil=esc(await choice_label(staff, draft.profile, draft.role_name)),
        nombre=esc(draft.first_name or t.FORM_EMPTY),
        apellido_paterno=esc(draft.last_name or t.FORM_EMPTY),
        apellido_materno=esc(draft.second_last_name or t.FORM_OPTIONAL_EMPTY),
        correo=esc(draft.email or t.FORM_EMPTY),
        comunidades=esc(communities or t.FORM_EMPTY),
    )
    text = f"{draft.FORM_TITLE}\n\n{body}"
    missing = draft.missing()
    if missing:
        faltan = ", ".join(t.FIELD_LABELS[name] for name in missing)
        text += "\n\n" + t.FORM_MISSING.format(faltan=faltan)
    return text


async def show_form(
    update: Update, context: BotContext, staff: StaffUser, draft: UserForm
) -> Next:
    """The summary card: every field, a button to change each, "Guardar" only when complete."""
    own = draft.own()
    first_row = [NS.button(t.BUTTON_SET_FIRST_NAME, "set", "fn")]
    if not own:
        first_row.insert(0, NS.button(t.BUTTON_SET_PROFILE, "set", "pf"))
    rows = [
        first_row,
        [
            NS.button(t.BUTTON_SET_LAST_NAMES, "set", "ln"),
            NS.button(t.BUTTON_SET_EMAIL, "set", "em"),
        ],
    ]
    if not own:
        rows.append([NS.button(t.BUTTON_SET_COMMUNITIES, "set", "cm")])
    if not draft.missing():
        rows.append([NS.button(t.BUTTON_SAVE, "save")])
    rows.append([NS.button(texts.BUTTON_CANCEL, "drop")])
    await edit_or_reply(
        update, await _form_text(staff, draft), reply_markup=InlineKeyboardMarkup(rows)
    )
    return Step.FORM


# --- the answers -----------------------------------------------------------------------------


async def choose_profile(update: Update, context: BotContext) -> Next:
    """A profile button: only those the person may give (a forged one is refused)."""
    found = await _form_step(update, context)
    if found is None:
        return END
    value = callback_arg(update)
    if value not in {choice for choice, _ in await role_choices(found.staff)}:
        await refuse(update, StaffErrorReason.PROFILE_NOT_ALLOWED)
        return None
    found.draft.profile = value
    return await advance(update, context, found.staff, found.draft)


async def _take_text(update: Update, context: BotContext, step: Step) -> Next:
    """A typed field, checked as the domain will check it at "Guardar"."""
    found = await _form_step(update, context)
    if found is None:
        return END
    draft, text = found.draft, typed(update)
    try:
        if step is Step.EMAIL:
            email = clean_email(text)
            if await email_in_use(found.staff, email, exclude_id=draft.existing_id()):
                raise StaffError(StaffErrorReason.EMAIL_TAKEN, step.value)
            draft.email = email
        elif step is Step.SECOND_LAST_NAME:
            draft.second_last_name = clean_optional_name(text, step.value)
        elif step is Step.LAST_NAME:
            draft.last_name = clean_name(text, step.value)
        else:
            draft.first_name = clean_name(text, step.value)
    except StaffError as error:
        await reply(update, t.STAFF_ERRORS[error.reason])
        return None
    return await advance(update, context, found.staff, draft)


async def type_first_name(update: Update, context: BotContext) -> Next:
    """The typed nombre."""
    return await _take_text(update, context, Step.FIRST_NAME)


async def type_last_name(update: Update, context: BotContext) -> Next:
    """The typed apellido paterno."""
    return await _take_text(update, context, Step.LAST_NAME)


async def type_second_last_name(update: Update, context: BotContext) -> Next:
    """The typed apellido materno."""
    return await _take_text(update, context, Step.SECOND_LAST_NAME)


async def skip_second_last_name(update: Update, context: BotContext) -> Next:
    """ "Omitir": no apellido materno."""
    found = await _form_step(update, context)
    if found is None:
        return END
    found.draft.second_last_name = None
    return await advance(update, context, found.staff, found.draft)


async def type_email(update: Update, context: BotContext) -> Next:
    """The typed e-mail (valid and not already used in the administración)."""
    return await _take_text(update, context, Step.EMAIL)


async def toggle_community(update: Update, context: BotContext) -> Next:
    """A ☐/☑ community button: add or remove it (only the person's communities)."""
    found = await _form_step(update, context)
    if found is None:
        return END
    staff, draft = found.staff, found.draft
    community_id = callback_id(update)
    allowed = {c.id for c in await assignable_communities(staff)}
    if community_id is None or community_id not in allowed:
        await refuse(update, StaffErrorReason.COMMUNITY_OUT_OF_SCOPE)
        return None
    chosen = set(draft.community_ids) ^ {community_id}
    draft.community_ids = sorted(chosen)
    draft.save(context)
    await _show_communities(update, staff, draft)
    return None


async def communities_done(update: Update, context: BotContext) -> Next:
    """ "Listo": at least one community, then the next step."""
    found = await _form_step(update, context)
    if found is None:
        return END
    if not found.draft.community_ids:
        await alert(update, t.PICK_ONE_COMMUNITY)
        return None
    return await advance(update, context, found.staff, found.draft)


async def change_field(update: Update, context: BotContext) -> Next:
    """A field button of the form: ask that field again, then back to the form."""
    found = await _form_step(update, context)
    if found is None:
        return END
    key = callback_arg(update)
    steps = FORM_FIELDS.get(key)
    if steps is None:
        await stale(update)
        return None
    if found.draft.own() and key in NOT_ON_SELF:
        await refuse(update, StaffErrorReason.SELF)
        return None
    found.draft.queue = [step.value for step in steps]
    return await advance(update, context, found.staff, found.draft)


async def save(update: Update, context: BotContext) -> Next:
    """ "Guardar": create the user (and invite them) or save the edit, re-checking everything."""
    found = await _form_step(update, context)
    if found is None:
        return END
    staff, draft = found.staff, found.draft
    fields = draft.complete()
    if fields is None:
        return await show_form(update, context, staff, draft)
    if await actor(update, context, Action.MANAGE_USERS) is None:
        drop_draft(context)
        return END
    question = draft.question(fields)
    if question is not None:
        text, markup = question
        await edit_or_reply(update, text, reply_markup=markup)
        return Step.FORM
    try:
        text = await draft.commit(context, staff, fields)
    except StaffError as error:
        await refuse(update, error.reason)
        if error.reason in FIXABLE:
            return None
        drop_draft(context)
        return END
    drop_draft(context)
    await edit_or_reply(
        update, text, reply_markup=back_keyboard(context), disable_web_page_preview=True
    )
    return END


async def drop(update: Update, context: BotContext) -> Next:
    """ "Cancelar" in the form: nothing is saved."""
    drop_draft(context)
    await edit_or_reply(update, texts.CANCELLED)
    return END
