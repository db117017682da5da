"""The sandbox's demo data: fixed personas that people and tests can rely on (docs/sandbox.md)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from models.clock import SYSTEM_CLOCK, Clock
from models.core import (
    Administration,
    Community,
    Profile,
    Property,
    Resident,
    ResidentRole,
    StaffUser,
)
from models.sms import grant_monthly_all
from models.sms_purchases import seed_catalogue

log = logging.getLogger(__name__)

ADMINISTRATION = "Administradora Demo SpA"
ADMINISTRATION_RUT = "76086428-5"
LOS_AROMOS = "Edificio Los Aromos"
VISTA_CORDILLERA = "Condominio Vista Cordillera"
DEPTO_101_MOBILE = "+56961234567"
DEPTO_101_EMAIL = "residente101@example.com"


@dataclass(frozen=True)
class Persona:
    user_id: int
    first_name: str
    last_name: str
    email: str
    profile: Profile | None  # None: a resident
    communities: tuple[str, ...]
    is_test_user: bool = False
    resident_role: ResidentRole = ResidentRole.PRINCIPAL  # for a resident of Depto 101

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def profile_label(self) -> str:
        from handlers.texts import PROFILE_LABELS

        if self.profile is None:
            return "Residente"
        label = PROFILE_LABELS[self.profile]
        return f"{label} (prueba)" if self.is_test_user else label


PERSONAS: tuple[Persona, ...] = (
    Persona(
        1001,
        "Sofía",
        "Súper",
        "sofia@example.com",
        Profile.SUPER_ADMIN,
        (LOS_AROMOS, VISTA_CORDILLERA),
    ),
    Persona(1002, "Andrés", "Admin", "andres@example.com", Profile.ADMIN, (LOS_AROMOS,)),
    Persona(1003, "Carla", "Conserje", "carla@example.com", Profile.CONCIERGE, (LOS_AROMOS,)),
    Persona(1004, "Rodrigo", "Residente", DEPTO_101_EMAIL, None, ()),
    Persona(
        1005,
        "Pablo",
        "Prueba",
        "pablo@example.com",
        Profile.ADMIN,
        (LOS_AROMOS,),
        is_test_user=True,
    ),
    Persona(
        1006,
        "Valentina",
        "Conserje",
        "valentina@example.com",
        Profile.CONCIERGE,
        (VISTA_CORDILLERA,),
    ),
    # The other shift at Los Aromos: handovers and logbook entries need two concierges.
    Persona(1007, "Tomás", "Turno", "tomas@example.com", Profile.CONCIERGE, (LOS_AROMOS,)),
    # A second resident of Depto 101: approvals go to both, the first answer wins.
    Persona(
        1008,
        "Daniela",
        "Residente",
        "daniela@example.com",
        None,
        (),
        resident_role=ResidentRole.SECONDARY,
    ),
)


async def load_demo_data(*, clock: Clock = SYSTEM_CLOCK) -> None:
    """Create the demo administración, communities, properties and personas; idempotent."""
    async with in_transaction():
        administration, _ = await Administration.get_or_create(
            name=ADMINISTRATION, defaults={"rut": ADMINISTRATION_RUT}
        )
        if administration.rut is None:
            administration.rut = ADMINISTRATION_RUT
            await administration.save(update_fields=["rut"])
        communities: dict[str, Community] = {}
        for name, prefix, count in ((LOS_AROMOS, "Depto", 10), (VISTA_CORDILLERA, "Casa", 5)):
            community, _ = await Community.get_or_create(administration=administration, name=name)
            communities[name] = community
            for n in range(1, count + 1):
                unit = f"{prefix} {100 + n if prefix == 'Depto' else n}"
                await Property.get_or_create(community=community, name=unit)
        depto_101 = await Property.get(community=communities[LOS_AROMOS], name="Depto 101")
        if depto_101.mobile is None:
            depto_101.mobile = DEPTO_101_MOBILE
            await depto_101.save(update_fields=["mobile"])
        for persona in PERSONAS:
            if persona.profile is None:
                resident, _ = await Resident.get_or_create(
                    property=depto_101,
                    email=persona.email,
                    defaults={"name": persona.name, "role": persona.resident_role},
                )
                if resident.telegram_id is None:
                    resident.telegram_id = persona.user_id
                    await resident.save(update_fields=["telegram_id"])
                continue
            staff, _ = await StaffUser.get_or_create(
                administration=administration,
                email=persona.email,
                defaults={
                    "first_name": persona.first_name,
                    "last_name": persona.last_name,
                    "profile": persona.profile,
                    "is_test_user": persona.is_test_user,
                    "telegram_id": persona.user_id,
                },
            )
            await staff.communities.add(*(communities[c] for c in persona.communities))
    # The SMS catalogue and this month's 30-SMS allowance (both idempotent).
    await seed_catalogue()
    await grant_monthly_all(clock=clock)
