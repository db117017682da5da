"""Migration init: generated for SQLite and PostgreSQL by scripts/makemigration.py."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "administration" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "rut" VARCHAR(12),
    "created_at" TIMESTAMP NOT NULL
) /* A property-management company; nothing of one is ever visible to another. */;
CREATE TABLE IF NOT EXISTS "community" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(20),
    "rut" VARCHAR(12),
    "address" VARCHAR(300),
    "code" VARCHAR(50),
    "created_at" TIMESTAMP NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_community_adminis_c0cc64" UNIQUE ("administration_id", "name")
) /* A building or condominium managed by an administración. */;
CREATE TABLE IF NOT EXISTS "property" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "mobile" VARCHAR(16),
    "created_at" TIMESTAMP NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_property_communi_b23c21" UNIQUE ("community_id", "name")
) /* An inmueble (unit): "Depto 101", "Casa 12". */;
CREATE TABLE IF NOT EXISTS "resident" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200),
    "email" VARCHAR(254) NOT NULL,
    "role" VARCHAR(12) NOT NULL /* PRINCIPAL: principal
SECONDARY: secundario */,
    "telegram_id" BIGINT,
    "last_access" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "property_id" INT NOT NULL REFERENCES "property" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_resident_propert_a5e8a1" UNIQUE ("property_id", "email")
) /* A copropietario or resident: receives notices, may link a Telegram account. */;
CREATE INDEX IF NOT EXISTS "idx_resident_telegra_69ecfb" ON "resident" ("telegram_id");
CREATE TABLE IF NOT EXISTS "staff_user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "second_last_name" VARCHAR(100),
    "email" VARCHAR(254) NOT NULL,
    "profile" VARCHAR(12) NOT NULL /* SUPER_ADMIN: super_admin
ADMIN: admin
CONCIERGE: conserje */,
    "telegram_id" BIGINT UNIQUE,
    "is_test_user" INT NOT NULL,
    "is_active" INT NOT NULL,
    "last_access" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE RESTRICT,
    "working_community_id" INT REFERENCES "community" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_staff_user_adminis_769233" UNIQUE ("administration_id", "email")
) /* A staff member: Súper Administrador, Administrador or Conserje. */;
CREATE TABLE IF NOT EXISTS "audit_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "community_id" INT,
    "actor_label" VARCHAR(300) NOT NULL,
    "action" VARCHAR(60) NOT NULL,
    "object_type" VARCHAR(60) NOT NULL,
    "object_id" VARCHAR(60),
    "before" JSON,
    "after" JSON,
    "created_at" TIMESTAMP NOT NULL,
    "actor_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "administration_id" INT REFERENCES "administration" ("id") ON DELETE CASCADE
) /* Who changed what, with the state before and after: the seed's "log detallado". */;
CREATE INDEX IF NOT EXISTS "idx_audit_log_created_277f5d" ON "audit_log" ("created_at");
CREATE TABLE IF NOT EXISTS "invitation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "used_by_telegram_id" BIGINT,
    "revoked_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "created_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE CASCADE,
    "staff_user_id" INT REFERENCES "staff_user" ("id") ON DELETE CASCADE
) /* A one-time token that binds a Telegram account to a staff user or a resident. */;
CREATE TABLE IF NOT EXISTS "persisted_state" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "data" JSON NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_persisted_s_kind_4b9785" UNIQUE ("kind", "key")
) /* One python-telegram-bot persistence record (user\\/chat\\/bot data or a conversation). */;
CREATE TABLE IF NOT EXISTS "processed_update" (
    "update_id" BIGINT NOT NULL PRIMARY KEY,
    "processed_at" TIMESTAMP NOT NULL
) /* A Telegram update already handled, so a redelivery has no second effect. */;
CREATE INDEX IF NOT EXISTS "idx_processed_u_process_eca69e" ON "processed_update" ("processed_at");
CREATE TABLE IF NOT EXISTS "outbox_message" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "idempotency_key" VARCHAR(120) NOT NULL UNIQUE,
    "channel" VARCHAR(8) NOT NULL /* SMS: sms
EMAIL: email
CHAT: chat */,
    "recipient" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(300),
    "body" TEXT NOT NULL,
    "html" TEXT,
    "attachments" JSON,
    "community_id" INT,
    "status" VARCHAR(10) NOT NULL /* PENDING: pending
SENDING: sending
IN_DOUBT: in_doubt
SENT: sent
DELIVERED: delivered
FAILED: failed
SKIPPED: skipped */,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP,
    "last_error" TEXT,
    "provider_id" VARCHAR(64),
    "created_at" TIMESTAMP NOT NULL,
    "sent_at" TIMESTAMP
) /* A notice waiting to be sent, or the record of one sent (SMS, e-mail or chat). */;
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_communi_0fd0f9" ON "outbox_message" ("community_id");
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_next_at_9c52b3" ON "outbox_message" ("next_attempt_at");
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_created_ac71d0" ON "outbox_message" ("created_at");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS "staff_community" (
    "staff_user_id" INT NOT NULL REFERENCES "staff_user" ("id") ON DELETE CASCADE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_staff_commu_staff_u_21686c" ON "staff_community" ("staff_user_id", "community_id");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "administration" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "rut" VARCHAR(12),
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "administration" IS 'A property-management company; nothing of one is ever visible to another.';
CREATE TABLE IF NOT EXISTS "community" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(20),
    "rut" VARCHAR(12),
    "address" VARCHAR(300),
    "code" VARCHAR(50),
    "created_at" TIMESTAMPTZ NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_community_adminis_c0cc64" UNIQUE ("administration_id", "name")
);
COMMENT ON TABLE "community" IS 'A building or condominium managed by an administración.';
CREATE TABLE IF NOT EXISTS "property" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "mobile" VARCHAR(16),
    "created_at" TIMESTAMPTZ NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_property_communi_b23c21" UNIQUE ("community_id", "name")
);
COMMENT ON TABLE "property" IS 'An inmueble (unit): "Depto 101", "Casa 12".';
CREATE TABLE IF NOT EXISTS "resident" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200),
    "email" VARCHAR(254) NOT NULL,
    "role" VARCHAR(12) NOT NULL,
    "telegram_id" BIGINT,
    "last_access" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "property_id" INT NOT NULL REFERENCES "property" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_resident_propert_a5e8a1" UNIQUE ("property_id", "email")
);
CREATE INDEX IF NOT EXISTS "idx_resident_telegra_69ecfb" ON "resident" ("telegram_id");
COMMENT ON COLUMN "resident"."role" IS 'PRINCIPAL: principal
SECONDARY: secundario';
COMMENT ON TABLE "resident" IS 'A copropietario or resident: receives notices, may link a Telegram account.';
CREATE TABLE IF NOT EXISTS "staff_user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "second_last_name" VARCHAR(100),
    "email" VARCHAR(254) NOT NULL,
    "profile" VARCHAR(12) NOT NULL,
    "telegram_id" BIGINT UNIQUE,
    "is_test_user" BOOL NOT NULL,
    "is_active" BOOL NOT NULL,
    "last_access" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE RESTRICT,
    "working_community_id" INT REFERENCES "community" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_staff_user_adminis_769233" UNIQUE ("administration_id", "email")
);
COMMENT ON COLUMN "staff_user"."profile" IS 'SUPER_ADMIN: super_admin
ADMIN: admin
CONCIERGE: conserje';
COMMENT ON TABLE "staff_user" IS 'A staff member: Súper Administrador, Administrador or Conserje.';
CREATE TABLE IF NOT EXISTS "audit_log" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "community_id" INT,
    "actor_label" VARCHAR(300) NOT NULL,
    "action" VARCHAR(60) NOT NULL,
    "object_type" VARCHAR(60) NOT NULL,
    "object_id" VARCHAR(60),
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMPTZ NOT NULL,
    "actor_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "administration_id" INT REFERENCES "administration" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_audit_log_created_277f5d" ON "audit_log" ("created_at");
COMMENT ON TABLE "audit_log" IS 'Who changed what, with the state before and after: the seed''s "log detallado".';
CREATE TABLE IF NOT EXISTS "invitation" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "used_by_telegram_id" BIGINT,
    "revoked_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "created_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE CASCADE,
    "staff_user_id" INT REFERENCES "staff_user" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "invitation" IS 'A one-time token that binds a Telegram account to a staff user or a resident.';
CREATE TABLE IF NOT EXISTS "persisted_state" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(20) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "data" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_persisted_s_kind_4b9785" UNIQUE ("kind", "key")
);
COMMENT ON TABLE "persisted_state" IS 'One python-telegram-bot persistence record (user/chat/bot data or a conversation).';
CREATE TABLE IF NOT EXISTS "processed_update" (
    "update_id" BIGINT NOT NULL PRIMARY KEY,
    "processed_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_processed_u_process_eca69e" ON "processed_update" ("processed_at");
COMMENT ON TABLE "processed_update" IS 'A Telegram update already handled, so a redelivery has no second effect.';
CREATE TABLE IF NOT EXISTS "outbox_message" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "idempotency_key" VARCHAR(120) NOT NULL UNIQUE,
    "channel" VARCHAR(8) NOT NULL,
    "recipient" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(300),
    "body" TEXT NOT NULL,
    "html" TEXT,
    "attachments" JSONB,
    "community_id" INT,
    "status" VARCHAR(10) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "last_error" TEXT,
    "provider_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ NOT NULL,
    "sent_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_communi_0fd0f9" ON "outbox_message" ("community_id");
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_next_at_9c52b3" ON "outbox_message" ("next_attempt_at");
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_created_ac71d0" ON "outbox_message" ("created_at");
COMMENT ON COLUMN "outbox_message"."channel" IS 'SMS: sms
EMAIL: email
CHAT: chat';
COMMENT ON COLUMN "outbox_message"."status" IS 'PENDING: pending
SENDING: sending
IN_DOUBT: in_doubt
SENT: sent
DELIVERED: delivered
FAILED: failed
SKIPPED: skipped';
COMMENT ON TABLE "outbox_message" IS 'A notice waiting to be sent, or the record of one sent (SMS, e-mail or chat).';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS "staff_community" (
    "staff_user_id" INT NOT NULL REFERENCES "staff_user" ("id") ON DELETE CASCADE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS "uidx_staff_commu_staff_u_21686c" ON "staff_community" ("staff_user_id", "community_id");""",
}

_DOWNGRADE = {
    "sqlite": """
        """,
    "postgres": """
        """,
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXVtz4jgW/isqXjZdlfQEcuks+0QSuoftBFKBzMzOZMolbAHqYImx5aSpmfz3lXzBN9"
    "nYXI3bLwnI58jm0+2cT0fHf9d0qqGp+bGl6ZhgkxmQYUpqTfB3jUAd8Q8JEsegBmcz/7oo"
    "YHA4tVVgXHYovqmMXx3BqYl4kYZM1cAz9361FpgZdIYMNj/RIYFjpCPCgEr1GSTz/wBC2Q"
    "STMaAjQAkC2AToFRngFZuY3xQwCqAQQcZHcTuNqvx+XH7jNVsE/2UhhdExEmW8/j/+5MWY"
    "aOg7Mr2vsxdlhNFUCwGJNVGBXa6w+cwu6xD22RYUDz1UVDq1dOILz+ZsQslCGhMmSseIIA"
    "4tEtUzwxJgEms6ddH38HWe1BdxHjGgo6ERtKaiSYS28wB+WU1Rur2B0m8PFKUWay5PI4Cz"
    "W6RSIpqaP6pp//qxeISTRv380/nV2eX5FRexH3NR8undubUPjKNow9Md1N7t65BBR8LG2A"
    "fV/h+D9WYCDTmunnwEWf7IUWQ9HIsLrQ6/K1NExmwi8Dw9TQHyl9bjzc+txyMu9UHckvLB"
    "6IzVrnup4VwTaPvoGhbLA64rvhK2LnILaD0RH1t/4tg5uPVGBmzrjURoxaUwsqqBBBYKlA"
    "B8y68wrCM5yGHNCNaaq/rR+7BKr9439PwHaj0ynbu9IgX6Qee+3R+07h/E7XTT/Gtq49ca"
    "tMWVhl06j5QeXUaaaVEJ+LUz+BmIr+D3Xrdtw0tNNjbsO/pyg99r4pmgxahC6JsCtcDQ90"
    "o91N7FejB6CUxeomAI1Zc3aGhK6Eqge1Bd5+3BMDLj/ePaVf789RFNF0tspCe4y/aNW9H8"
    "ADvCu9f1vVK/Q/hImQyORuth1BdVPJlopSWgqBiJXkYbNKnfxS/pDT1aYltLmntvcSfPFr"
    "Q0zO7oWGonetfSLUQhpUxdsaXG4a8TCtQJJPxpwNsEsmPwhtkEcAsM8PZnCAzRiBqIW2oa"
    "gCOGjKZzDSHtXyZ4rvEbAQ0xyJtRo8+1uI24jRtUpmKxTEVvTp0rueCNqi0H+gCsm41A7U"
    "PLBy81FP5j0TSPvRhR24xNvm9oQ4bjWSar/CzFKj+LW+UcNnc9ywG0fAUsA8aXWSC+TEb4"
    "MgYwHX5DKnNAyoFyRK2COjvUshl5KdDS+bgE3ubmUXaslzjE/+33unKIfY2oh4lVBv4BU2"
    "we4LqXgquAIuRFenge3bd+i0J9c9e7jrqHooLr6EwtTMU8sC8UKtRXR/2wuJWdmtjlolbi"
    "Jmguyz6oUln1Eqs+tI2TE1uZbgWyA3KMEkzCPA74Z74q4zH5iuY27h3+bJCosoU6cd/usP"
    "BOIrh4sQHfFtyJvMPxDxwExBx7stW/ad22a/FpYwMw5+EQDxXhwHQZApY/AOg+3d3V3pOp"
    "7W3SkT7HLeEjQwR4MiGphsQy7FYPLTzV7H1jA3DoNCq6n6UD9ynBcA4gAX6vVPGzdXo6Oi"
    "OyDer1KpMQjX9IJhIbmD8rCvKH3a3e98q5/f1qpEOci4FcKJSPRWhcnGcB+OI8GWBxLQzw"
    "jIOUqwcvFEoIcLYOnNJ/q3CLXYVbcD+Su5qSvfQUztxXKR/CW9mXULlZlQdhT7588F5kQf"
    "ciGdyLOLYHxWlV8UIbIrUKwcAUrsHLTsEUDfDNcTCPfEQ8dm4GaVRBwNp04rbXDoJ7cOO/"
    "SwT9uvFdSwPo7iGZD6j4uwUGrFhef0r3tn+bEqGUQr/UEL2PL69JkZvUsNvjBc0XYCsW13"
    "VHx6LBXIFotBGbGNQaT3zdEFEl5Td5uRIlXd5TCbQOecUs8eRH4OpxGoWGw3IZODTuGp4I"
    "owMw+oIIYBPIwJD3ARNAMOC/a2xAHUBVpRZh9kEMYGMABH6CKoOAL7VYQ4TJSLUN116F8x"
    "WLS7NbVZlAc5LH5whrle4UyGUWzucymfK5jDE+6PsM83GwguMR1iyh43EgjoaHSaqnwSe9"
    "VZzLgNoGGrhgPn3p2nc4V5i78El9yWs8TlyWEioo0Zb+vxuNs7NPjdOzy6uL80+fLq5OF0"
    "tW/FLa2nXd+SKWr1Bbx6MrDPTK16JVBl1Ysxp3RR53FW+XPOzKy9t5bTfMe9Ykqlei6XVj"
    "YWmeV5YP2ohWBWwc2Bg5kRHamF4F7lKS2cdsAwTzDxB8Futjy0P7vBG/AYAfA1WVE9/I9L"
    "gcXX+pqjpwFoBjS3uhQigXOyQS/je4e5LM/s6CUsu5XwIw0S0kMuwcCTr7QxM8127RjFFQ"
    "P60/81qeazfQhKDekJ3XXkFfGiUZYtOrAMm9k7pVgKQfBJUpRKeeEqJTj4fo6HSIp7kQ9j"
    "XKF6ZTv8yCcNSPDAB8WYXpVO7+fjNLFK6Zt+s3hRbsNa3OMuZGipmdkT4mN+yzBON4HsKa"
    "sTg5XKlDwXyruZYWeEks8yCWyZZ50A/OEpWhUmHLY8SggakIhPAqaPJPKsKvyBRJM7GKzG"
    "OgwzmYYvIiiamQxWRstG6pRR/0Q5zTHZVF/8NY9IW2Nstw4qloU/IOjjwZNMlhahNLj5ka"
    "4U0HuobrtBLWfP7DRMUzOK3lg7z28Njp3nQeWndNsKjjmfTbN73ubevxf01gItUimpi4ox"
    "P7fs70rBzKsJsQhj1M4juOYJhCkyl8QZYerEr3diOqVQxDFcNQkRrFIjU8QzofpxHRqiiN"
    "5ZRG0GNZk9Eo4UGX4wihEelgq/MZ/nGFNRmN8PmIg1ymdktp+Lu9Ek4jtBWcTGqE4yey0B"
    "rO4Q4d6UORvblvJ1CBvCsB/3ieRo3j8FdBUdxwcJDxDcn4jM1UmjGBS0Vn7J/OGGGDW655"
    "SY2wVgk9761sVtpOQl6oQ0oV0tmQ5q49JZqyEuAy3fKRd1uBvSLvtp6vyKCjxICH5fxdQL"
    "3IiNf6Tw/tR6V1e9/pNoFpcQNEsc2HZ+KWud9uet2bTvvxS7sp0szZBkjF5cUmniIYMDum"
    "8rCpMMQncHlA8jWlUwRJguUYUY00wZDrbmukLEp2S+Bd93p3IRLnuhMBuPt0f93mQ8AeAV"
    "wIs2TcxbsZXiUz1DLQfb0dIu6NhIMFvOKsK8664qzLyllX+bJ2cU7sjRov/H7KimGPSerV"
    "qbEqNVkhUpOl9vUNgJ4n7rRg/Tsr3EljPPehp2q/Zsfp4FLfPJs7KdxaIdYHlRQu9EujSe"
    "H8HHvhdHDR4RHNBhc79bqBdHCO1ZR+GhAZJp8rkdYX7z6tyc4EhiWOU08GerKKuRBeul/X"
    "Iwg4XerEo3hOhpQBrzLe60TEMDU0cCTw+UmdQPaTkBBbN076Nt52r1zcHuof4rt327mFdC"
    "+Pz4V284lmrfbv9rl/57VEVsbdky8y/btyPHKmcOQc+etF986DrSNeSmi3EOot+nQc3uR3"
    "CXrya71KsGg4p8C6lXcJWjNtRR4prFnxSEXhkST04cKCjuVb2EsmBsEwI+3J7j9S4ysikm"
    "59ecKK5UtnCJdanLhy1ACciuaegwkk2hRpx8CkdoZcfkPMTSBxQRzdAk44AECjEVKlR8A2"
    "V/EaGXmde+dPghhU2ww3WARrayebjck2md9F88+yUd3qna0FmWaT6PqCTLM9iw3p93vede"
    "BYOsmGBVKnWGqLKnpANsME6xxzBW8QM/HmP0bBEPFJjrBj4VryCc1zPulIpDK3L4Gj/n3/"
    "GKATEQdkvyyQu6QS13bjtVfJz4vlxmIN6TMqOIq5ktPrkqiWLg16PZNvW09xbutx75aPBk"
    "JQQrze8liygHqRPd4anwOawNTNZ9K+b3XumsAOOnwmHJdB054SotNNlha5ytAeV4mtcRU7"
    "lItUPMPS5H4p78sLKhW5DYoUQWlaw2/c4M6Dc0ClfIHAW3lz3pBqkjl8gL4nLJOefCk6cZ"
    "pB2/5tkE7pLOzZu173iyce5XnCYE+YLpnEk8H25MvQl3eNNWQMqhNdnjYombqMqK3FYB5O"
    "C2yFwNxnbrJCJknYZLpsZiW8Una5Oehr7zI5CCLiNfO1nCbhQ7t72+l+aQJXX6QFcUtMr6"
    "TTVW57T9fcRMRE0ag1ZLbUwBbhn2/bd51f2o/t2yZwmT2kPZPP3MIURSNuYorv/a+dhwdR"
    "YL7g2Qxpq5ia9WwndVIO6sTeHswY95lkU1hyNGFAZXdBhKcHMnQIX2wVF6IVSD+J+k6isf"
    "cQf1J0mi9TMLYdOY8Mg0rOliTbXWGtyvrKb33NDPqKtYTXOST7bxG1MiC/7bfkHdZxg2r7"
    "YiOnDYRhs0KLB9SqM0RFW7YKsj3VQgZWJzXJvpR75ThtQwr6Mss2opIbttryKdaWj4gzlR"
    "76SF7IAyqlYAqjdPdFJrr7IoXuvoi5enxQ5UDYFS8hultJeMHvyKSbNslUYEClCmTMyQPu"
    "dTF7/z8L7Lfq"
)
