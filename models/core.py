"""Core tenancy and identity models: administraciones, comunidades, inmuebles, people."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Profile(StrEnum):
    """Staff profiles from the seed's "Gestionar perfiles de usuarios"."""

    SUPER_ADMIN = "super_admin"
    ADMIN = "admin"
    CONCIERGE = "conserje"


class ResidentRole(StrEnum):
    PRINCIPAL = "principal"
    SECONDARY = "secundario"


class RoleKind(StrEnum):
    """Seed 001, "Roles": two kinds of workspace."""

    ADMINISTRATION = "administracion"  # every community of the administración
    COMMUNITY = "comunidad"  # only the communities chosen for the role


class Administration(Model):
    """A property-management company; nothing of one is ever visible to another."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    rut = fields.CharField(max_length=12, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    communities: fields.ReverseRelation[Community]

    class Meta:
        table = "administration"


class Community(Model):
    """A building or condominium managed by an administración."""

    id = fields.IntField(primary_key=True)
    administration: fields.ForeignKeyRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="communities", on_delete=fields.RESTRICT
    )
    administration_id: int
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=20, null=True)
    rut = fields.CharField(max_length=12, null=True)
    address = fields.CharField(max_length=300, null=True)
    code = fields.CharField(max_length=50, null=True)
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="communities", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    # Seed 001 "Mostrar": the contact block goes into this community's resident e-mails.
    show_contact = fields.BooleanField(default=False)
    # Deleted communities vanish at once and are purged by a job after 30 days (restorable).
    # Who deleted it is in the audit log (a foreign key to staff_user would make a cycle).
    deleted_at = fields.DatetimeField(null=True, db_index=True)
    # Set by the purge: the row stays as a tombstone for the SMS purchases and ledger (billing
    # records), everything else of the community is gone; it can no longer be restored.
    purged_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    properties: fields.ReverseRelation[Property]

    class Meta:
        table = "community"
        unique_together = (("administration", "name"), ("administration", "code"))


class Contact(Model):
    """Seed 001 "Crear contactos": who attends residents' requests (e-mail or phone at least)."""

    id = fields.IntField(primary_key=True)
    administration: fields.ForeignKeyRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="contacts", on_delete=fields.CASCADE
    )
    administration_id: int
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=20, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    communities: fields.ReverseRelation[Community]

    class Meta:
        table = "contact"


class Role(Model):
    """A custom role (seed 001 "Roles"): a name and a set of the authorization table's actions.

    The three profiles of SPEC §2 are the built-in roles and have no row here. A role of kind
    `COMMUNITY` grants its actions only in the communities chosen for it.
    """

    id = fields.IntField(primary_key=True)
    administration: fields.ForeignKeyRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="roles", on_delete=fields.CASCADE
    )
    administration_id: int
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(RoleKind, max_length=16)
    permissions: fields.JSONField[list[str]] = fields.JSONField(default=list)
    communities: fields.ManyToManyRelation[Community] = fields.ManyToManyField(
        "models.Community", related_name="roles", through="role_community"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "role"
        unique_together = (("administration", "name"),)


class Property(Model):
    """An inmueble (unit): "Depto 101", "Casa 12"."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name="properties", on_delete=fields.CASCADE
    )
    community_id: int
    name = fields.CharField(max_length=100)
    mobile = fields.CharField(max_length=16, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    residents: fields.ReverseRelation[Resident]

    class Meta:
        table = "property"
        unique_together = (("community", "name"),)


class Resident(Model):
    """A copropietario or resident: receives notices, may link a Telegram account."""

    id = fields.IntField(primary_key=True)
    property: fields.ForeignKeyRelation[Property] = fields.ForeignKeyField(
        "models.Property", related_name="residents", on_delete=fields.CASCADE
    )
    property_id: int
    name = fields.CharField(max_length=200, null=True)
    email = fields.CharField(max_length=254)
    role = fields.CharEnumField(ResidentRole, max_length=12, default=ResidentRole.PRINCIPAL)
    telegram_id = fields.BigIntField(null=True, db_index=True)
    last_access = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "resident"
        unique_together = (("property", "email"),)


class StaffUser(Model):
    """A staff member: Súper Administrador, Administrador or Conserje."""

    id = fields.IntField(primary_key=True)
    administration: fields.ForeignKeyRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="staff", on_delete=fields.RESTRICT
    )
    administration_id: int
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100)
    second_last_name = fields.CharField(max_length=100, null=True)
    email = fields.CharField(max_length=254)
    profile = fields.CharEnumField(Profile, max_length=12)
    # A custom role replaces the profile's permissions (None: the profile's built-in role).
    role: fields.ForeignKeyNullableRelation[Role] = fields.ForeignKeyField(
        "models.Role", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    role_id: int | None
    communities: fields.ManyToManyRelation[Community] = fields.ManyToManyField(
        "models.Community", related_name="staff", through="staff_community"
    )
    working_community: fields.ForeignKeyNullableRelation[Community] = fields.ForeignKeyField(
        "models.Community", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    working_community_id: int | None
    telegram_id = fields.BigIntField(null=True, unique=True)
    is_test_user = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    last_access = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_user"
        unique_together = (("administration", "email"),)

    @property
    def full_name(self) -> str:
        parts = [self.first_name, self.last_name, self.second_last_name or ""]
        return " ".join(p for p in parts if p)


class Invitation(Model):
    """A one-time token that binds a Telegram account to a staff user or a resident."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    staff_user: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="invitations", null=True, on_delete=fields.CASCADE
    )
    staff_user_id: int | None
    resident: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="invitations", null=True, on_delete=fields.CASCADE
    )
    resident_id: int | None
    created_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by_telegram_id = fields.BigIntField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "invitation"


class AuditLog(Model):
    """Who changed what, with the state before and after: the seed's "log detallado"."""

    id = fields.IntField(primary_key=True)
    administration: fields.ForeignKeyNullableRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name=False, null=True, on_delete=fields.CASCADE
    )
    administration_id: int | None
    community_id = fields.IntField(null=True)
    actor: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_id: int | None
    actor_label = fields.CharField(max_length=300)
    action = fields.CharField(max_length=60)
    object_type = fields.CharField(max_length=60)
    object_id = fields.CharField(max_length=60, null=True)
    before: fields.JSONField[Any] = fields.JSONField(null=True)
    after: fields.JSONField[Any] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "audit_log"
