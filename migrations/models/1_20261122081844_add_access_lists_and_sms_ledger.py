"""Migration add_access_lists_and_sms_ledger: generated for SQLite and PostgreSQL by scripts/makemigration.py."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "sms_bundle" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "sms_count" INT NOT NULL,
    "price_clp" INT NOT NULL,
    "active" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* A catalogue entry: "Bolsa 100", 100 SMS, $5.000. */;
        CREATE TABLE IF NOT EXISTS "access_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "list_type" VARCHAR(16) NOT NULL /* AUTHORIZED: autorizado
DENIED: no_autorizado */,
    "doc_type" VARCHAR(12) NOT NULL /* RUT: rut
PASSPORT: pasaporte
OTHER: otro */,
    "doc_number" VARCHAR(20) NOT NULL,
    "full_name" VARCHAR(120) NOT NULL,
    "registered_by_email" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "property_id" INT NOT NULL REFERENCES "property" ("id") ON DELETE CASCADE,
    "registered_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_access_entr_propert_f3c333" UNIQUE ("property_id", "doc_type", "doc_number")
) /* A person on a property's Autorizado or No autorizado list. */;
CREATE INDEX IF NOT EXISTS "idx_access_entr_doc_typ_3b2a7f" ON "access_entry" ("doc_type", "doc_number");
        CREATE TABLE IF NOT EXISTS "visit" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "doc_type" VARCHAR(12) NOT NULL /* RUT: rut
PASSPORT: pasaporte
OTHER: otro */,
    "doc_number" VARCHAR(20) NOT NULL,
    "full_name" VARCHAR(120) NOT NULL,
    "list_status" VARCHAR(16) NOT NULL /* AUTHORIZED: autorizado
DENIED: no_autorizado
UNLISTED: sin_lista */,
    "entered" INT NOT NULL,
    "concierge_label" VARCHAR(300) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "concierge_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "property_id" INT REFERENCES "property" ("id") ON DELETE SET NULL
) /* One line of the visit log: who came, for which property, what the lists said, outcome. */;
CREATE INDEX IF NOT EXISTS "idx_visit_created_367c96" ON "visit" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_visit_communi_05dad0" ON "visit" ("community_id", "created_at");
        CREATE TABLE IF NOT EXISTS "sms_purchase" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "bundle_name" VARCHAR(100) NOT NULL,
    "sms_count" INT NOT NULL,
    "price_clp" INT NOT NULL,
    "buyer_label" VARCHAR(300) NOT NULL,
    "purchased_at" TIMESTAMP NOT NULL,
    "billing_period" DATE NOT NULL,
    "bundle_id" INT NOT NULL REFERENCES "sms_bundle" ("id") ON DELETE RESTRICT,
    "buyer_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE RESTRICT
) /* One bundle bought for a community: the billing record (kept even if the buyer leaves). */;
CREATE INDEX IF NOT EXISTS "idx_sms_purchas_purchas_b8b913" ON "sms_purchase" ("purchased_at");
        CREATE TABLE IF NOT EXISTS "sms_lot" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(10) NOT NULL /* MONTHLY: monthly
PURCHASE: purchase */,
    "granted" INT NOT NULL,
    "remaining" INT NOT NULL,
    "valid_from" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "period" DATE NOT NULL,
    "grant_key" VARCHAR(60) NOT NULL UNIQUE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "purchase_id" INT REFERENCES "sms_purchase" ("id") ON DELETE CASCADE
) /* SMS granted together (a month's allowance or a purchase) and what is left of them. */;
CREATE INDEX IF NOT EXISTS "idx_sms_lot_expires_3c82f3" ON "sms_lot" ("expires_at");
        CREATE TABLE IF NOT EXISTS "sms_movement" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(8) NOT NULL /* GRANT: grant
SPEND: spend
REFUND: refund
EXPIRY: expiry */,
    "amount" INT NOT NULL,
    "reference" VARCHAR(150),
    "key" VARCHAR(200) UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "lot_id" INT NOT NULL REFERENCES "sms_lot" ("id") ON DELETE CASCADE
) /* One append-only ledger entry; `amount` is always positive, `kind` gives the sign. */;
CREATE INDEX IF NOT EXISTS "idx_sms_movemen_referen_54180e" ON "sms_movement" ("reference");
CREATE INDEX IF NOT EXISTS "idx_sms_movemen_created_9e09de" ON "sms_movement" ("created_at");
        CREATE TABLE IF NOT EXISTS "sms_low_balance_state" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "warned" INT NOT NULL,
    "warn_count" INT NOT NULL,
    "updated_at" TIMESTAMP,
    "community_id" INT NOT NULL UNIQUE REFERENCES "community" ("id") ON DELETE CASCADE
) /* Whether a community's administrators were already told its balance is low. */;""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "sms_bundle" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "sms_count" INT NOT NULL,
    "price_clp" INT NOT NULL,
    "active" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "sms_bundle" IS 'A catalogue entry: "Bolsa 100", 100 SMS, $5.000.';
        CREATE TABLE IF NOT EXISTS "access_entry" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "list_type" VARCHAR(16) NOT NULL,
    "doc_type" VARCHAR(12) NOT NULL,
    "doc_number" VARCHAR(20) NOT NULL,
    "full_name" VARCHAR(120) NOT NULL,
    "registered_by_email" VARCHAR(254) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "property_id" INT NOT NULL REFERENCES "property" ("id") ON DELETE CASCADE,
    "registered_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_access_entr_propert_f3c333" UNIQUE ("property_id", "doc_type", "doc_number")
);
CREATE INDEX IF NOT EXISTS "idx_access_entr_doc_typ_3b2a7f" ON "access_entry" ("doc_type", "doc_number");
COMMENT ON COLUMN "access_entry"."list_type" IS 'AUTHORIZED: autorizado
DENIED: no_autorizado';
COMMENT ON COLUMN "access_entry"."doc_type" IS 'RUT: rut
PASSPORT: pasaporte
OTHER: otro';
COMMENT ON TABLE "access_entry" IS 'A person on a property''s Autorizado or No autorizado list.';
        CREATE TABLE IF NOT EXISTS "visit" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "doc_type" VARCHAR(12) NOT NULL,
    "doc_number" VARCHAR(20) NOT NULL,
    "full_name" VARCHAR(120) NOT NULL,
    "list_status" VARCHAR(16) NOT NULL,
    "entered" BOOL NOT NULL,
    "concierge_label" VARCHAR(300) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "concierge_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "property_id" INT REFERENCES "property" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_visit_created_367c96" ON "visit" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_visit_communi_05dad0" ON "visit" ("community_id", "created_at");
COMMENT ON COLUMN "visit"."doc_type" IS 'RUT: rut
PASSPORT: pasaporte
OTHER: otro';
COMMENT ON COLUMN "visit"."list_status" IS 'AUTHORIZED: autorizado
DENIED: no_autorizado
UNLISTED: sin_lista';
COMMENT ON TABLE "visit" IS 'One line of the visit log: who came, for which property, what the lists said, outcome.';
        CREATE TABLE IF NOT EXISTS "sms_purchase" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "bundle_name" VARCHAR(100) NOT NULL,
    "sms_count" INT NOT NULL,
    "price_clp" INT NOT NULL,
    "buyer_label" VARCHAR(300) NOT NULL,
    "purchased_at" TIMESTAMPTZ NOT NULL,
    "billing_period" DATE NOT NULL,
    "bundle_id" INT NOT NULL REFERENCES "sms_bundle" ("id") ON DELETE RESTRICT,
    "buyer_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_sms_purchas_purchas_b8b913" ON "sms_purchase" ("purchased_at");
COMMENT ON TABLE "sms_purchase" IS 'One bundle bought for a community: the billing record (kept even if the buyer leaves).';
        CREATE TABLE IF NOT EXISTS "sms_lot" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(10) NOT NULL,
    "granted" INT NOT NULL,
    "remaining" INT NOT NULL,
    "valid_from" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "period" DATE NOT NULL,
    "grant_key" VARCHAR(60) NOT NULL UNIQUE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "purchase_id" INT REFERENCES "sms_purchase" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_sms_lot_expires_3c82f3" ON "sms_lot" ("expires_at");
COMMENT ON COLUMN "sms_lot"."kind" IS 'MONTHLY: monthly
PURCHASE: purchase';
COMMENT ON TABLE "sms_lot" IS 'SMS granted together (a month''s allowance or a purchase) and what is left of them.';
        CREATE TABLE IF NOT EXISTS "sms_movement" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(8) NOT NULL,
    "amount" INT NOT NULL,
    "reference" VARCHAR(150),
    "key" VARCHAR(200) UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "lot_id" INT NOT NULL REFERENCES "sms_lot" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_sms_movemen_referen_54180e" ON "sms_movement" ("reference");
CREATE INDEX IF NOT EXISTS "idx_sms_movemen_created_9e09de" ON "sms_movement" ("created_at");
COMMENT ON COLUMN "sms_movement"."kind" IS 'GRANT: grant
SPEND: spend
REFUND: refund
EXPIRY: expiry';
COMMENT ON TABLE "sms_movement" IS 'One append-only ledger entry; `amount` is always positive, `kind` gives the sign.';
        CREATE TABLE IF NOT EXISTS "sms_low_balance_state" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "warned" BOOL NOT NULL,
    "warn_count" INT NOT NULL,
    "updated_at" TIMESTAMPTZ,
    "community_id" INT NOT NULL UNIQUE REFERENCES "community" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "sms_low_balance_state" IS 'Whether a community''s administrators were already told its balance is low.';""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP TABLE IF EXISTS "sms_lot";
        DROP TABLE IF EXISTS "visit";
        DROP TABLE IF EXISTS "sms_low_balance_state";
        DROP TABLE IF EXISTS "sms_movement";
        DROP TABLE IF EXISTS "access_entry";
        DROP TABLE IF EXISTS "sms_bundle";
        DROP TABLE IF EXISTS "sms_purchase";""",
    "postgres": """
        DROP TABLE IF EXISTS "sms_lot";
        DROP TABLE IF EXISTS "sms_bundle";
        DROP TABLE IF EXISTS "access_entry";
        DROP TABLE IF EXISTS "visit";
        DROP TABLE IF EXISTS "sms_low_balance_state";
        DROP TABLE IF EXISTS "sms_purchase";
        DROP TABLE IF EXISTS "sms_movement";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXftz2zYS/lcwmptpOqPkbCd2cupPsq0kam3JI8l9qsNCJCSxJgEdCdrR3eV/P4AP8Q"
    "VSpJ4Ug5lOaoFYUPrw2v2wu/hvwyQaMuw3bc3UsW5TC1Kd4EYL/LeBoYnYHxk1mqABF4vw"
    "OS+gcGK4IjBdd8I/qZQ9nULDRqxIQ7Zq6Qv/fY02WFhkgSy6fG1CDGfIRJgClZgLiJc/AE"
    "zoXMczQKaAYAR0G6BnZIFn3dbZSwElAPIqyHrDX6cRlb2P1d95yw7W/+0ghZIZ4mWs/T/+"
    "ZMU61tAXZAcfF0/KVEeGFgNS13gDbrlClwu3rIvpR7ci/9ITRSWGY+Kw8mJJ5wSvauuY8t"
    "IZwohBi3jz1HI4mNgxDB/9AF/vm4ZVvK8YkdHQFDoG7xIu7X2BsKyhKL3+SBl2RorSSHVX"
    "IBHB2S9SCeZdzb6q7f76Gf8Kry/O371/9+Ht1bsPrIr7NVcl7796rw6B8QRdeHqjxlf3Oa"
    "TQq+FiHILq/j8F680cWmJcg/oJZNlXTiIb4FhdaE34RTEQntE5x/PsLAfIn9uDm8/twStW"
    "63v+SsImozdXe/6jC+8ZRztE13JoGXD96hth6yO3gjaoEmIbLhwHB/f8ogC25xeZ0PJHcW"
    "RVC3EsFCgA+JY9obqJxCDHJRNYa77om+CPTUb1saFnP1DrY2Ppj4oc6Efd+85w1L5/4K8z"
    "bfvfhotfe9ThTy7c0mWi9NVVoptWjYBfuqPPgH8Ev/d7HRdeYtOZ5b4xrDf6vcG/E3QoUT"
    "B5UaAWmfpBaYDaV74fTJ8iixcvmED16QVamhJ7EhkexDRZf1Ad2enxce0Lf/xpgIzVFpsY"
    "Cf62feM3tDzBgfA1GPpBaTggQqRsCqfT7TAa8iYebbTRFlBVjPgoIxcka9ylH5kXZrLE1Z"
    "Y0/938TYEu6Gg6vSMzoZ4YPMvXEHktxfCrrVUOf5kToM4hZt8GvMwhbYIXnc4B08AA63+K"
    "wARNiYWYpqYBOKXIannPENK+s8G4wV4ENEQh60aNjBtpHXEfL5CqYrVUxWBNXSql4E2KrQ"
    "f6BLSbnUAdQssmL7EU9mORUUZfTIjtRic/NrQxxfFtIa38bY5W/jatlTPY/P2sBNDiHbAO"
    "GF8VgfgqG+GrFMBk8jdSqQdSCZQTYhLq4lCLVuS1QAvX4xpYm7tH2dNe0hD/OOz3xBCHEk"
    "kLU1cp+B8wdPsE970cXDkUMSsywPPVffvXJNQ3d/3rpHnIG7hOrtRcVSwD+0pAor456qfF"
    "rRxUxa4XtZJWQUtp9lERqdULtPrYMU5JbEWyEmQP5BQlmIV5GvCPbFfWZ/gntHRx77LvBr"
    "Eq2qgzz+1OC+8sgosVW/BlxZ2IBxz7g4GAqKdPtoc37dtOI71s7ADmMhziqSIcWS5jwLIv"
    "AHqPd3eNr9nU9j7pyJDjFvCRMQI8m5BUY9UKnFZPHN3Q3HNjCzDoNMKHn2MC/1uCyRJADM"
    "JRqepj5+xs+haLDqi3a0xANP4hWEhcYP6UFOQ3e1p97J1z/+fVyIR6KQZyJVA/FuHi8l0R"
    "gC/fZQPMn8UBXjCQSo3glUANAS42gHPGr3S3OJS7BbMjmakpOEvP4cxDkfohvJdzCZWpVW"
    "UQDurXD97LIuheZoN7mcb2pDgt6S+0I1KrEgxM5Tq87hRM1QDfHQczYDNi0L0Z5VEFEW3T"
    "89ve2gnuwff/rhH0sWWC+6rTLTH6mbdRJ4C2ZJzWehjeQ7wcEf7vHijCatEiOfPf/W1Kgn"
    "OL/VKLDz2mf2S5thLL7Y8ntFyBrThM1l8+Vh3mV0i6Y9G5RZzZPJSNMXlCApiVK0lW6msu"
    "w9jFzzrNDI2JPG3mcYx6vF4BkpHZzq+5VgYoeUIY0DmkYMLGgA0gGLHfNbOgCaCqEgdTN1"
    "IFuBgAjh/nEiFguoiuIUxFrOOOW5f+jtUiG91eVebQnpcxyuJStQuTuSpCil1lc2JXKUoM"
    "fVnobB5sYJnFJWtomZ2IJRZgkmuKsUVvE+s7IraDDq4Y6VG7/p0sFepvfEJj+1qfZW5LGQ"
    "3UyOfhXxcXb9++vzh7e/Xh8t3795cfzlZbVvpR3t513f3Et69YX6fdTyz0zPaiTSZdXFLO"
    "uyrPO0lsZk+7+hKbQd9NygbjJOVqtLzuzG8vsMrKQZuQksCmgU2REwWhTclJcNey8CFmO2"
    "DgvwHvvNQYW+/7GMz4HQA8iDRVT3wTy+N6dMOtSg7gIgCntvZK+ZiujpAE/G/0eCmb/V1E"
    "a63nfjHQsekgnoLoFaezv2+BceMWLSgB52fnY9bKuHEDbQjOL0QB7RvIC91IY2y69CA9Oq"
    "krPUhDL7FCPkznOT5M52kfJpNMdKMUwqFE/fyYzq+KIJy0IyMAX0k/JmnuHzf1RuW6eb92"
    "U2zD3lLrrGPyqJTamRhjYsW+iLdSYCFs6YhTwpQ6FcwTEXcqsm2F/UJra8eutttWhzVVpy"
    "F6NN+uiukiR8lttpp+AkMvOjWzDb0orVLEyUcl3DTUEYWWTrhfTdBAi/2lIv0Z2TxJrc6G"
    "ehOYcAkMHT8JXHRELj47bVtoIEbNWi+aShqI34yBWLEFo34RhlXbsg4QYmiRLPu7gx0zpb"
    "nGz7DIFpb4Rliz9U/Hqr6ARqMc5I2HQbd3031o37XAqo0xHnZu+r3b9uC3FrCR6mCNL9zJ"
    "hb2Q6b7zGLqNPWMO4xFzhEX8wA4xBrSp4qnPZcmThKh0iZEuMZIjqxZHFijS5SiyhJRkyN"
    "YzZFGLZUuCrIaBZc0EP5YYYJvTY2H0y5ZsRjzc5iS3qcNSGqHzgIDTiHkWZJMacXecIrSG"
    "FytkInPCs6UP3YRFkA0lEIbDasRqxj9yiuKGgYOsv5GIz9hNowUTJkk64/h0xlS3mOZalt"
    "SIS9XQ8t7L2bdrJJSFOiYkkS6GNDPtCdaUjQAXydaPvNsL7JK823t+MItMM/1n1vN3EfEq"
    "I94YPj50Bkr79r7bawHbYQqI4qoPY+yX+Z9u+r2bbmfwqdPiaR1dBURyeamFpwoKzIGpPN"
    "1WKGILuNi//ZoQA0GcoTkmRBNdMGGy+5opq5LDEnjX/f5djMS57iYA7j3eX3fYFHBnAKuk"
    "02zc+V0oz4IVah3oodwBEQ9mwskCLjlryVlLzrqunLXMT3eIsMMXYj2x9ykbetFmicsgRJ"
    "kKsBKpAHPH+g5AL+PGXLHxXRTurDleOoZOntccOLtg7k3PpXMMbuWxf1I5BmO/NJljMEzZ"
    "GM8umJweyeSCqSDqHWQX9LSm/OBSZNlsrUTakN813BCFmMZrNHMDTYO6ir2qvPa8ro8R8I"
    "bU64DieT0hFASNsVHHPYaJpYFXHJ9/qnNI/8lr8KMbLxsg67tnVt2d6t+nT+/28wrhWR5b"
    "C93u490qz++OeX4X9ERRxj2oX2X6d2N/5ELuyCXui+DDuwy2XvVaQrsHV28+ptPwZt/dGd"
    "Tf6urOquGcA+te7u50FtqGPFJcUvJIVeGRBPThSoNOpe84SmIPzjAj7dEdP0LlK1ElX/sK"
    "KitOWLuAu9Qq4soTA9Dg3b0Ec4g1A2lNYBM34TJ7oc5UIP6Ah24Bzx0AoOkUqcIQsN01vE"
    "WCZ+/d5XNqRsV2ww1WQds6yGFjtk4WDtHyq2xSVt6RXJFlNouur8gy23fohHy5Z0MHzoSL"
    "bLxC7hJL3KqKGalbYIH1wlzBC9Qpv2mTEjBBbJHDtMlNS7agBcYnmfLM+O4j8Gp4P2wC9J"
    "r7AbmXczKTVGDa7rx1mUu/WmasriFzQThHsVRKWl0C0dpl1T8vZNue5xi352nrls0GjFGG"
    "v956X7KIeJUt3gZbA1rANu0x7ty3u3ct4DodjjHDZdRyl4TkclOkRz4U6I8Pmb3xIRWUi1"
    "R9oQtzRebcTxkVqnIfVMmD0nYmfzOFuwzOEZH6OQLv5abKCdEEa/gIfcnYJoP6tRjEeQpt"
    "59dRPqWz0mfv+r1PQfUkzxMHe05NwSKeDXZQvw5j+dBYQ0qhOjfFWaiyqcuE2FYM5un0wF"
    "4IzGOmuqtkkoRdZl+nTsYVzuvVwVD6kMlBENY4RCVVwodO77bb+9QCvjxPC+KX2EFJt6fc"
    "9h+vmYqoY0UjzoS6tUZuFfb3beeu+3Nn0LltAZ/ZQ9oYf2QaJi+aMhWTfx7+1H144AX2k7"
    "5YIG0TVfO8WKROTqBO6rZuSpnNJFrCsr0JIyKHcyI8O5Gpg9lmq/gQbUD6CcQP4o19BP+T"
    "qtN8hZyxXc95ZFlEEFuSrXfFpaT2VV77WljkWdcybgfJtt8SYnVAft+XLp5WuIE8vthJtA"
    "FXbDbo8YiYjCGq2rZVkeOpaCJhweFUIs9w9tFUJLlx0Ys+XP9HggH7D4Ig2853NmgzqCz9"
    "P1Bz87b2CIBhATfFRadQ2zS1Nrsre5c3c/y/mck1YfWS/pV/5FaUR1aHOrLiHbvqhk0s5l"
    "gDVWY+G+3H0ef+oPs7N2TDoc1t4F6Xl2GihMUbmbg7vwcjOkc26ZyofKX7ZvA4agHLoWP8"
    "0B4OH/oD9nEBbbggFkVj3B997gxagFCrIllOIwtWCRU+LlXlDqmM8/KUvbV8YqeoUA1h3s"
    "tBuoVmPL7C8i5XK50EJ0O8hujv5UD3tExV6dG8G1tV+rHXrdez/NhlDt9DnGDEN6GSF1un"
    "RWXuA5kmuRDIRQPwC6VJzhzQO8D4G7ghWDSRK3VJsHfPloA/XF3Alc0cPq+qFIrVNnT2D5"
    "m6nuWuKDDIrAVe5gSo7N1NMCUW+6Sr8xUR2GSfIXUlOLVjAxvqWhMQh6rEFGRb3t9r1nu3"
    "Jy4ejmjCkkU8KIsoeSrJU1V7h5Y8VQTSxkFA3gtL5R43bOfjl2iiysO73JnFGD/27rrDke"
    "upp2OF/1BYjYMMhF2NLN1luflUI1IHzKZ6nHP4HWZTZS9VdWTNkMJwyAqNynIwTolWeX5U"
    "KVrktBhc6TS5YQZbeUf93ti7cPEpiW1cTLJ2aWiPRznXENgcOvRYCUmrtjQUJetyM5EKGd"
    "HjEM4VG8W74JtDGlS4Bkuyudj4je89lSKah6Z97fD0TQ0B2Rw+bObe6GfayiSsV8BRVYUU"
    "GmTmIOD6t7bAmBl5hg35ZU1j1gj7H3Azmvzj8s3Z2ZnIQXWTJmQulGpRwmW5sN3SYFXKer"
    "KXq+HYtFSJI8q0kTlyYzLSABFqybqKFNVYlNKRIzISVQGqG12lJO9R2oj5OykOSvqTrSel"
    "dpCwL7K+OZY6h7boDoEyVzUw1fHBb+kEB0KWar/fy7UjkImV8Sii+er4IlqzkBuIp8CDCb"
    "+kgLrOGDxHvm95t1wnjIluGDwlYZBa/wktKEDPCAPd8+uYOEtkAbZgPyM7I23/fl4jFftq"
    "KfZeL5c+606I1fBUSSr6FR/TUtHfL6ru2l3+zDkhVsOVYS/nzYEasFF+7oSsPHOu8pmzrz"
    "QpC2TpRKDS8L7OmFopybyePsF5ltPNvOtSC5Srg5RSC2MyctnPXPZLgrrMSmT0zZ4qSy8T"
    "eWJ//JV0uxN78W2t4fnhtgfK0TPLmuIb228KgbsUOffLw3oRtOGuU7WD+jsiDAnznzTXcY"
    "IGKRgVNrwfgpkFMetbEFBq4BUEJsF0/p0NoGGQFz5SvJs0A0PhewCx5oVs6TYw0JT68V5m"
    "mgrczyskDVgtGjD7ys71ERincH1n477fG32++63ljVtjOcYPj9waH3ZaIErBHz8Rsj/ZSg"
    "zyiITUEYV5BEzWtp+TuyCmMRmJqgDVZ2jobFe1iFmWr4pL1vB0uk50Ffqy0FlzG9CScUlJ"
    "Sla5l8uTkZKEDHfrstfDxYRq5yJ5VUQluspWia7SwXiSQNvf4amv/JaMJYpLSdZXMpPHjy"
    "WKmHHbU5MlfOIqNpALhxPF57AY4KNRaPfkGfHLyRpiHm31uLmOTDOjNQs52LH2ENZeE2ws"
    "gYG0GbK8yJUfwF/Q5J44f3FOCxovcGkDponp3Lm5Cf7iRMhfYMY+2K73m83GnNi3budvkH"
    "ya5NMOyqd9GrT5vWOuJjvGQ357WQvYfFSP8aDz8ZF/tNDU4Z87vz50B7+1gGsQLpMToohK"
    "ueObbb05VmLYhwJShxQSbFNkIX8sFzWCYkJ7uv/oiHFil4WI4cscZvgyZQeVNDO3MTCT2F"
    "bIvrwo5H93keN/dyHzvXybNJckEva3CRiElkM1FJB4rucPfJ+A7Q1b3wPhxNAtatSGg2o9"
    "YSApmX1QMkd0unm5hgbvpiGF7pcSO+DEazXXO+O8KBNPws0zWTBS75e55yoTCZrj3jKaqW"
    "Ody1Ji2eCFacDMzOfBrEtAiaEBndrAf5vrOENe0gzCbpuW1EG1qAM2F3Dp3Jqh0AED7Fcl"
    "Jxthz2ErHZAXF5IXjydBrdA1ONVk5qUptWtT6uQ3hBIJINJaVCGNto/RiLB/DqHPHrU79q"
    "jNbnfdMLJ0dS7SSv0nuZooDOusUz2zkZKqXrVUvWdk2X5ulqKcbkSkyudDm1K7l5dFqN3L"
    "y5zLGC9Tpz0LQWKAbIT96jVEdy8pLdgbKRLpzz8O+70sHWAlktTxdJWC/7l3CJ0g2jngcj"
    "Biml2A6av79q9JuG/u+tdJlY03cL2torDtZvb1/2stpJ8="
)
