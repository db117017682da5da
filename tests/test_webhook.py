"""Webhook mode: only Telegram (with the secret) can hand the bot an update."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_application
from bot.settings import Settings
from bot.webhook import SECRET_HEADER, build_webhook_app, webhook_path

UPDATE = {
    "update_id": 10,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 1003, "type": "private"},
        "from": {"id": 1003, "is_bot": False, "first_name": "Carla"},
        "text": "hola",
    },
}


async def test_webhook_accepts_only_the_secret() -> None:
    settings = Settings(
        _env_file=None,
        telegram_bot_token="123:abc",
        webhook_url="https://bot.example.cl/telegram/abc",
        webhook_secret="s3cret",
    )  # type: ignore[call-arg]
    app = create_application(settings)
    server = build_webhook_app(app, path=webhook_path(settings.webhook_url or ""), secret="s3cret")
    async with TestClient(TestServer(server)) as client:
        wrong = await client.post("/telegram/abc", json=UPDATE, headers={SECRET_HEADER: "nope"})
        assert wrong.status == 403
        missing = await client.post("/telegram/abc", json=UPDATE)
        assert missing.status == 403
        assert app.update_queue.qsize() == 0
        bad = await client.post(
            "/telegram/abc", data=b"{not json", headers={SECRET_HEADER: "s3cret"}
        )
        assert bad.status == 400
        ok = await client.post("/telegram/abc", json=UPDATE, headers={SECRET_HEADER: "s3cret"})
        assert ok.status == 200
        queued = app.update_queue.get_nowait()
        assert queued.update_id == 10
        assert queued.message.text == "hola"
        health = await client.get("/healthz")
        assert (await health.json()) == {"ok": True}
