"""How one audit entry reads in /auditoria: a Spanish sentence, never an internal code.

The domain stores codes (actions, enum values, an actor source); each becomes words here.
Keys without a label are internal (ids, hashes, references) and are not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.kit.replies import esc
from handlers.texts import access as ta
from handlers.texts import communities as tm
from handlers.texts import contacts as tk
from handlers.texts import correspondence as tc
from handlers.texts import logbook as tb
from handlers.texts import logos as tl
from handlers.texts import meters as tmr
from handlers.texts import properties as tp
from handlers.texts import roles as tr
from handlers.texts import users as t
from models.access import ListStatus, ListType
from models.core import AuditLog, Profile, RoleKind
from models.documents import DocumentType, format_document
from models.logos import LogoChoice
from models.permissions import Action

VALUE_LIMIT = 40
OBJECT_LIMIT = 80
ACTOR_LIMIT = 40
EMPTY: tuple[object, ...] = (None, "", [])
ACTION_VALUES = frozenset(a.value for a in Action)
PROFILE_VALUES = frozenset(p.value for p in Profile)

# Each feature's audit words, merged: the users texts hold the first features', the later
# features' modules add their own here.
ACTIONS: dict[str, str] = {
    **t.AUDIT_ACTIONS,
    **tm.AUDIT_ACTIONS,
    **tk.AUDIT_ACTIONS,
    **tb.AUDIT_ACTIONS,
    **tmr.AUDIT_ACTIONS,
}
FIELDS: dict[str, str] = {
    **t.AUDIT_FIELDS,
    **tm.AUDIT_FIELDS,
    **tk.AUDIT_FIELDS,
    **tb.AUDIT_FIELDS,
    **tmr.AUDIT_FIELDS,
}
OBJECT_TYPES: dict[str, str] = {
    **t.AUDIT_OBJECT_TYPES,
    **tk.AUDIT_OBJECT_TYPES,
    **tb.AUDIT_OBJECT_TYPES,
    **tmr.AUDIT_OBJECT_TYPES,
}


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _enum(labels: dict[Any, str], kind: type[Any]) -> Callable[[Any], str | None]:
    def label(value: Any) -> str | None:
        try:
            return labels.get(kind(value))
        except ValueError:
            return None

    return label


# Values that are codes: each key's value shown with its Spanish label.
ENUM_VALUES: dict[str, Callable[[Any], str | None]] = {
    "profile": _enum(texts.PROFILE_LABELS, Profile),
    "list_type": _enum(ta.LIST_LABELS, ListType),
    "list_status": _enum(ta.STATUS_LABELS, ListStatus),
    "doc_type": _enum(ta.DOC_LABELS, DocumentType),
    "choice": _enum(tl.CHOICE_LABELS, LogoChoice),
    "kind": tc.KIND_LABELS.get,
    "role": tp.ROLE_LABELS.get,
    "status": t.AUDIT_ITEM_STATUS.get,
}
# Keys that name the object: shown in the sentence, so not again in the details.
OBJECT_KEYS: dict[str, frozenset[str]] = {
    "access_entry": frozenset({"full_name", "doc_type", "doc_number", "property"}),
    "visit": frozenset({"full_name", "doc_type", "doc_number", "property"}),
    "correspondence_item": frozenset({"kind", "property"}),
    "resident": frozenset({"email", "property"}),
    "property": frozenset({"property"}),
    "sms_purchase": frozenset({"bundle"}),
    "contact": frozenset({"name"}),
    "community": frozenset({"name"}),
}


def _permissions(value: Any) -> str | None:
    """A role's permissions (action codes) as their Spanish names."""
    if not isinstance(value, list):
        return None
    labels = tr.PERMISSION_LABELS
    return ", ".join(
        labels.get(Action(v), str(v)) if v in ACTION_VALUES else str(v) for v in value
    )


def _moved_to(value: Any) -> str | None:
    """Where a deleted role's users went: a built-in profile's label or a role's name."""
    return texts.PROFILE_LABELS.get(Profile(value)) if value in PROFILE_VALUES else str(value)


ENUM_VALUES.update(
    {
        "staff_role": str,
        "role_kind": _enum(tr.KIND_SHORT, RoleKind),
        "permissions": _permissions,
        "moved_to": _moved_to,
    }
)


def value_text(key: str, value: Any) -> str:
    """A snapshot value in words (plain text, not escaped)."""
    if value is None or value == "" or value == []:
        return t.AUDIT_NONE
    if key == "telegram" and isinstance(value, bool):
        return t.AUDIT_TELEGRAM[value]
    if isinstance(value, bool):
        return t.AUDIT_YES if value else t.AUDIT_NO
    if key in ENUM_VALUES:
        label = ENUM_VALUES[key](value)
        if label:
            return label
    if key == "doc_number":
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def diff_text(entry: AuditLog, limit: int) -> str:
    """A compact "campo: antes → después" of what changed (plain text, not escaped)."""
    if limit <= 0:
        return ""
    before, after = entry.before or {}, entry.after or {}
    named = OBJECT_KEYS.get(entry.object_type, frozenset())
    parts: list[str] = []
    for key in [*before, *(k for k in after if k not in before)]:
        label = FIELDS.get(key)
        if label is None:
            continue  # an internal key (id, hash, reference)
        old = _shorten(value_text(key, before.get(key)), VALUE_LIMIT)
        new = _shorten(value_text(key, after.get(key)), VALUE_LIMIT)
        if key in before and key in after:
            if before[key] != after[key]:
                parts.append(t.AUDIT_CHANGE.format(campo=label, antes=old, despues=new))
        elif key in named or (before if key in before else after).get(key) in EMPTY:
            continue
        elif key in after:
            parts.append(t.AUDIT_VALUE.format(campo=label, valor=new))
        elif after:
            parts.append(t.AUDIT_CHANGE.format(campo=label, antes=old, despues=t.AUDIT_NONE))
        else:  # removed: what it was
            parts.append(t.AUDIT_VALUE.format(campo=label, valor=old))
    return _shorten("; ".join(parts), limit)


def _person(snapshot: dict[str, Any]) -> str:
    """ "Juan Soto (RUT 12.345.678-5), Depto 101" as a concierge names a visitor."""
    document = ""
    if snapshot.get("doc_number"):
        try:
            kind = DocumentType(str(snapshot.get("doc_type")))
            number = format_document(kind, str(snapshot["doc_number"]))
            document = ta.DOCUMENT.format(tipo=ta.DOC_LABELS[kind], numero=number)
        except ValueError:
            document = str(snapshot["doc_number"])
    name = snapshot.get("full_name") or ""
    if name and document:
        text = t.AUDIT_PERSON.format(nombre=name, documento=document)
    else:
        text = name or document or t.AUDIT_NO_NAME
    if snapshot.get("property"):
        text = t.AUDIT_IN_PROPERTY.format(objeto=text, inmueble=snapshot["property"])
    return text


def _item(snapshot: dict[str, Any]) -> str:
    place = str(snapshot.get("property") or "")
    kind = t.AUDIT_ITEM_KINDS.get(str(snapshot.get("kind")))
    if kind is None:
        return t.AUDIT_ITEM_OF.format(inmueble=place) if place else ""
    return t.AUDIT_ITEM.format(tipo=kind, inmueble=place) if place else kind


def _logo(snapshot: dict[str, Any]) -> str:
    kind = str(snapshot.get("owner") or "").split(":", 1)[0]
    return t.AUDIT_LOGO_OWNERS.get(kind, t.AUDIT_OBJECT_TYPES["logo"])


def object_text(entry: AuditLog, staff_names: dict[str, str]) -> str:
    """What the change was about, in words (plain text, not escaped)."""
    snapshot = {**(entry.before or {}), **(entry.after or {})}
    kind = entry.object_type
    if kind == "staff_user":
        if entry.action == "identity.bind" and entry.object_id == str(entry.actor_id):
            return ""  # "vinculó su Telegram": the object is the actor
        name = staff_names.get(entry.object_id or "") or snapshot.get("name")
        return _shorten(str(name or t.AUDIT_OBJECT_TYPES[kind]), OBJECT_LIMIT)
    if kind in ("access_entry", "visit"):
        return _shorten(_person(snapshot), OBJECT_LIMIT)
    if kind == "correspondence_item":
        return _shorten(_item(snapshot), OBJECT_LIMIT)
    if kind == "logo":
        return _logo(snapshot)
    if kind == "resident" and snapshot.get("email"):
        return _shorten(
            t.AUDIT_RESIDENT.format(
                correo=snapshot["email"], inmueble=snapshot.get("property") or ""
            ),
            OBJECT_LIMIT,
        )
    for key in ("property", "bundle", "name", "full_name"):
        if snapshot.get(key):
            return _shorten(str(snapshot[key]), OBJECT_LIMIT)
    return OBJECT_TYPES.get(kind, "")


def action_text(entry: AuditLog) -> str:
    return ACTIONS.get(entry.action) or t.AUDIT_UNKNOWN_ACTION


def actor_text(entry: AuditLog) -> str:
    """Who acted: a person's name, or the source the domain stored as a code."""
    if entry.actor_id is None and entry.actor_label in t.AUDIT_SOURCES:
        return t.AUDIT_SOURCES[entry.actor_label]
    return _shorten(entry.actor_label.split(" <", 1)[0], ACTOR_LIMIT)


def entry_text(entry: AuditLog, staff_names: dict[str, str], zone: ZoneInfo, limit: int) -> str:
    """One entry: when, who, a Spanish sentence, and what changed (HTML)."""
    when = entry.created_at.astimezone(zone).strftime("%d-%m-%Y %H:%M")
    text = t.AUDIT_LINE.format(
        fecha=when,
        actor=esc(actor_text(entry)),
        accion=esc(action_text(entry)),
        objeto=esc(object_text(entry, staff_names)),
    ).rstrip()
    diff = diff_text(entry, limit)
    if diff:
        text += t.AUDIT_DIFF.format(cambios=esc(diff))
    return text
