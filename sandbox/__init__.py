"""The sandbox: a local Telegram Bot API emulator, a simulator API and a web chat page.

It imports nothing of the product (an import-linter contract): the composition root
(`bot.sandbox_app`) feeds it the demo personas and the outbox sources. See docs/sandbox.md.

- `server`: `BotApiEmulator`, the aiohttp application composing the parts below;
- `state`: what it remembers (people, chats, the update queue, revisions) and `files`;
- `botapi` and `messages`: the Bot API methods; `calls`, `limits` and `telegram_html`: reading
  a call and refusing what Telegram refuses;
- `people` (what simulated people do), `views` (what the simulator shows), `simulator` (the
  `/sandbox/api/*` endpoints) and `web` (the web chat page).
"""

from sandbox.server import BotApiEmulator
from sandbox.simulator import TimeControls
from sandbox.web import STATIC_DIR

__all__ = ["STATIC_DIR", "BotApiEmulator", "TimeControls"]
