"""/auditoria reads as Spanish sentences, not internal codes (issue 12, item 16)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.demo import LOS_AROMOS
from handlers.audit_text import ACTIONS
from models import access, correspondence, logos
from models.core import Community, Property, StaffUser
from models.images import prepare_logo
from tests.e2e.test_users import content, send
from tests.models.test_images import RED, jpeg

SOFIA, ANDRES, CARLA = 1001, 1002, 1003
MODELS = Path(__file__).resolve().parents[2] / "models"
FILE_SUFFIXES = {"jpg", "jpeg", "png", "csv", "xlsx", "pdf"}


def audit_actions() -> set[str]:
    """Every "feature.verb" string in the models that write the audit log."""
    found: set[str] = set()
    for path in MODELS.rglob("*.py"):
        source = path.read_text()
        if "audit.record" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = re.fullmatch(r"[a-z]+\.([a-z_]+)", node.value)
                if match and match.group(1) not in FILE_SUFFIXES:
                    found.add(node.value)
    return found


def test_every_audit_action_has_a_spanish_sentence() -> None:
    actions = audit_actions()
    assert {"staff.create", "correspondence.log", "resident.add"} <= actions
    assert actions <= set(ACTIONS), sorted(actions - set(ACTIONS))


async def test_the_log_names_things_as_people_do(sim) -> None:
    carla = await StaffUser.get(telegram_id=CARLA)
    andres = await StaffUser.get(telegram_id=ANDRES)
    aromos = await Community.get(name=LOS_AROMOS)
    depto = await Property.get(community=aromos, name="Depto 101")
    logged = await correspondence.log_item(carla, aromos.id, depto.id, "carta", sender="Banco")
    await correspondence.deliver(
        carla, aromos.id, item_id=logged.item.id, collected_by="Ana Residente"
    )
    await access.register_visit(
        aromos.id,
        property_id=depto.id,
        doc_type="rut",
        doc_number="12345678-5",
        full_name="Juan Soto",
        list_status="sin_lista",
        entered=True,
        concierge=carla,
    )
    await access.add_entry(depto.id, "autorizado", "rut", "11.111.111-1", "Luisa Pérez", andres)
    await logos.save_logo(
        logos.Owner.community(aromos.id),
        prepare_logo(jpeg(600, 600, RED)),
        andres,
        community_id=aromos.id,
    )
    text = content(await send(sim.person(SOFIA), "/auditoria", "Últimos cambios"))
    assert "Juan Soto (RUT 12.345.678-5)" in text
    assert "registró la llegada de una carta para Depto 101" in text
    assert "Autorizado" in text
    for code in ("correspondence.", "access.", "visit.", "logo.", "sha256", "comunidad:"):
        assert code not in text, code
    assert not re.search(r"#\d", text), text
    english = ("kind", "owner", "width", "height", "bytes", "list_type", "doc_", "sender")
    for word in english:  # ("bytes" would be Spanish too, but it is a detail nobody needs)
        assert not re.search(rf"\b{word}", text), word
