"""Communities (SPEC §4.9; seed 001 "Crear / editar / eliminar / ingresar a una comunidad")."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.core import Community, StaffUser


class CommunitySignature(Model):
    """The administración's signature image for one community's reports (a clean JPEG)."""

    id = fields.IntField(primary_key=True)
    community: fields.OneToOneRelation[Community] = fields.OneToOneField(
        "models.Community", related_name=False, on_delete=fields.CASCADE
    )
    community_id: int
    jpeg = fields.BinaryField()
    width = fields.IntField()
    height = fields.IntField()
    byte_size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField()
    updated_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    updated_by_id: int | None

    class Meta:
        table = "community_signature"
