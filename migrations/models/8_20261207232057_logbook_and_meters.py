"""Migration logbook_and_meters: generated for SQLite and PostgreSQL by scripts/makemigration.py."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "logbook_category" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(40) NOT NULL,
    "active" INT NOT NULL,
    "position" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_logbook_cat_communi_5d7eb6" UNIQUE ("community_id", "name")
) /* A category of the community's logbook ("Seguridad"…). */;
        CREATE TABLE IF NOT EXISTS "logbook_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "sequence" INT NOT NULL,
    "kind" VARCHAR(8) NOT NULL /* NOTE: nota
HANDOVER: turno */,
    "author_label" VARCHAR(300) NOT NULL,
    "category_name" VARCHAR(40) NOT NULL,
    "priority" VARCHAR(8) NOT NULL /* NORMAL: normal
ALTA: alta */,
    "property_name" VARCHAR(300),
    "text" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "photos" JSON NOT NULL,
    "summary" JSON,
    "corrects_id" INT,
    "created_at" TIMESTAMP NOT NULL,
    "prev_hash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "author_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "category_id" INT REFERENCES "logbook_category" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "property_id" INT REFERENCES "property" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_logbook_ent_communi_055b1b" UNIQUE ("community_id", "sequence")
) /* One line of the book: never edited, never deleted; chained by `prev_hash` \\/ `hash`. */;
CREATE INDEX IF NOT EXISTS "idx_logbook_ent_correct_797a5a" ON "logbook_entry" ("corrects_id");
CREATE INDEX IF NOT EXISTS "idx_logbook_ent_created_9b0041" ON "logbook_entry" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_logbook_ent_communi_abb095" ON "logbook_entry" ("community_id", "created_at");
        CREATE TABLE IF NOT EXISTS "logbook_handover" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "from_label" VARCHAR(300) NOT NULL,
    "handed_at" TIMESTAMP NOT NULL,
    "received_label" VARCHAR(300),
    "received_at" TIMESTAMP,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "entry_id" INT NOT NULL REFERENCES "logbook_entry" ("id") ON DELETE CASCADE,
    "from_staff_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "received_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL
) /* A shift handed over (its entry) and who received it, once. */;
CREATE INDEX IF NOT EXISTS "idx_logbook_han_handed__26292b" ON "logbook_handover" ("handed_at");
CREATE INDEX IF NOT EXISTS "idx_logbook_han_communi_79489f" ON "logbook_handover" ("community_id", "received_at");
        CREATE TABLE IF NOT EXISTS "meter" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* COLD_WATER: agua_fria
HOT_WATER: agua_caliente
GAS: gas
ELECTRICITY: electricidad
COMMON: comun */,
    "name" VARCHAR(100),
    "unit" VARCHAR(8) NOT NULL /* CUBIC_METRE: m3
KWH: kwh */,
    "serial" VARCHAR(50),
    "active" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "property_id" INT REFERENCES "property" ("id") ON DELETE CASCADE
) /* A meter of a property (kind per property) or of the community (a named common one). */;
CREATE INDEX IF NOT EXISTS "idx_meter_communi_24b9a1" ON "meter" ("community_id", "kind", "active");
        CREATE TABLE IF NOT EXISTS "meter_reading" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "community_id" INT NOT NULL,
    "period" DATE NOT NULL,
    "value" VARCHAR(40) NOT NULL,
    "previous_value" VARCHAR(40),
    "consumption" VARCHAR(40),
    "read_at" TIMESTAMP NOT NULL,
    "author_label" VARCHAR(300) NOT NULL,
    "photo_file_id" VARCHAR(255),
    "meter_change" INT NOT NULL,
    "change_reason" VARCHAR(300),
    "jump_confirmed" INT NOT NULL,
    "replaces_id" INT,
    "correction_reason" VARCHAR(300),
    "superseded_at" TIMESTAMP,
    "superseded_by_id" INT,
    "current_period" DATE,
    "created_at" TIMESTAMP NOT NULL,
    "author_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meter_readi_meter_i_4619e5" UNIQUE ("meter_id", "current_period")
) /* One reading; a correction supersedes it with a new row (history is kept). */;
CREATE INDEX IF NOT EXISTS "idx_meter_readi_communi_305f9c" ON "meter_reading" ("community_id");
CREATE INDEX IF NOT EXISTS "idx_meter_readi_meter_i_088fdd" ON "meter_reading" ("meter_id", "period");
CREATE INDEX IF NOT EXISTS "idx_meter_readi_communi_16f78f" ON "meter_reading" ("community_id", "period");
        CREATE TABLE IF NOT EXISTS "meter_round" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* COLD_WATER: agua_fria
HOT_WATER: agua_caliente
GAS: gas
ELECTRICITY: electricidad
COMMON: comun */,
    "period" DATE NOT NULL,
    "meter_ids" JSON NOT NULL,
    "position" INT NOT NULL,
    "started_at" TIMESTAMP NOT NULL,
    "finished_at" TIMESTAMP,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "started_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL
) /* A reading round of one kind in one period: the meters in order and where it stands. */;
CREATE INDEX IF NOT EXISTS "idx_meter_round_communi_755299" ON "meter_round" ("community_id", "kind", "period");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "logbook_category" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(40) NOT NULL,
    "active" BOOL NOT NULL,
    "position" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_logbook_cat_communi_5d7eb6" UNIQUE ("community_id", "name")
);
COMMENT ON TABLE "logbook_category" IS 'A category of the community''s logbook ("Seguridad"…).';
        CREATE TABLE IF NOT EXISTS "logbook_entry" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "sequence" INT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "author_label" VARCHAR(300) NOT NULL,
    "category_name" VARCHAR(40) NOT NULL,
    "priority" VARCHAR(8) NOT NULL,
    "property_name" VARCHAR(300),
    "text" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "photos" JSONB NOT NULL,
    "summary" JSONB,
    "corrects_id" INT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "prev_hash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "author_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "category_id" INT REFERENCES "logbook_category" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "property_id" INT REFERENCES "property" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_logbook_ent_communi_055b1b" UNIQUE ("community_id", "sequence")
);
CREATE INDEX IF NOT EXISTS "idx_logbook_ent_correct_797a5a" ON "logbook_entry" ("corrects_id");
CREATE INDEX IF NOT EXISTS "idx_logbook_ent_created_9b0041" ON "logbook_entry" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_logbook_ent_communi_abb095" ON "logbook_entry" ("community_id", "created_at");
COMMENT ON COLUMN "logbook_entry"."kind" IS 'NOTE: nota
HANDOVER: turno';
COMMENT ON COLUMN "logbook_entry"."priority" IS 'NORMAL: normal
ALTA: alta';
COMMENT ON TABLE "logbook_entry" IS 'One line of the book: never edited, never deleted; chained by `prev_hash` / `hash`.';
        CREATE TABLE IF NOT EXISTS "logbook_handover" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "from_label" VARCHAR(300) NOT NULL,
    "handed_at" TIMESTAMPTZ NOT NULL,
    "received_label" VARCHAR(300),
    "received_at" TIMESTAMPTZ,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "entry_id" INT NOT NULL REFERENCES "logbook_entry" ("id") ON DELETE CASCADE,
    "from_staff_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "received_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_logbook_han_handed__26292b" ON "logbook_handover" ("handed_at");
CREATE INDEX IF NOT EXISTS "idx_logbook_han_communi_79489f" ON "logbook_handover" ("community_id", "received_at");
COMMENT ON TABLE "logbook_handover" IS 'A shift handed over (its entry) and who received it, once.';
        CREATE TABLE IF NOT EXISTS "meter" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(100),
    "unit" VARCHAR(8) NOT NULL,
    "serial" VARCHAR(50),
    "active" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "property_id" INT REFERENCES "property" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_meter_communi_24b9a1" ON "meter" ("community_id", "kind", "active");
COMMENT ON COLUMN "meter"."kind" IS 'COLD_WATER: agua_fria
HOT_WATER: agua_caliente
GAS: gas
ELECTRICITY: electricidad
COMMON: comun';
COMMENT ON COLUMN "meter"."unit" IS 'CUBIC_METRE: m3
KWH: kwh';
COMMENT ON TABLE "meter" IS 'A meter of a property (kind per property) or of the community (a named common one).';
        CREATE TABLE IF NOT EXISTS "meter_reading" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "community_id" INT NOT NULL,
    "period" DATE NOT NULL,
    "value" DECIMAL(15,3) NOT NULL,
    "previous_value" DECIMAL(15,3),
    "consumption" DECIMAL(15,3),
    "read_at" TIMESTAMPTZ NOT NULL,
    "author_label" VARCHAR(300) NOT NULL,
    "photo_file_id" VARCHAR(255),
    "meter_change" BOOL NOT NULL,
    "change_reason" VARCHAR(300),
    "jump_confirmed" BOOL NOT NULL,
    "replaces_id" INT,
    "correction_reason" VARCHAR(300),
    "superseded_at" TIMESTAMPTZ,
    "superseded_by_id" INT,
    "current_period" DATE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "author_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meter_readi_meter_i_4619e5" UNIQUE ("meter_id", "current_period")
);
CREATE INDEX IF NOT EXISTS "idx_meter_readi_communi_305f9c" ON "meter_reading" ("community_id");
CREATE INDEX IF NOT EXISTS "idx_meter_readi_meter_i_088fdd" ON "meter_reading" ("meter_id", "period");
CREATE INDEX IF NOT EXISTS "idx_meter_readi_communi_16f78f" ON "meter_reading" ("community_id", "period");
COMMENT ON TABLE "meter_reading" IS 'One reading; a correction supersedes it with a new row (history is kept).';
        CREATE TABLE IF NOT EXISTS "meter_round" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "period" DATE NOT NULL,
    "meter_ids" JSONB NOT NULL,
    "position" INT NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "started_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_meter_round_communi_755299" ON "meter_round" ("community_id", "kind", "period");
COMMENT ON COLUMN "meter_round"."kind" IS 'COLD_WATER: agua_fria
HOT_WATER: agua_caliente
GAS: gas
ELECTRICITY: electricidad
COMMON: comun';
COMMENT ON TABLE "meter_round" IS 'A reading round of one kind in one period: the meters in order and where it stands.';""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP TABLE IF EXISTS "meter";
        DROP TABLE IF EXISTS "logbook_entry";
        DROP TABLE IF EXISTS "logbook_handover";
        DROP TABLE IF EXISTS "meter_reading";
        DROP TABLE IF EXISTS "meter_round";
        DROP TABLE IF EXISTS "logbook_category";""",
    "postgres": """
        DROP TABLE IF EXISTS "meter_round";
        DROP TABLE IF EXISTS "logbook_entry";
        DROP TABLE IF EXISTS "logbook_handover";
        DROP TABLE IF EXISTS "logbook_category";
        DROP TABLE IF EXISTS "meter_reading";
        DROP TABLE IF EXISTS "meter";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXWtz4kbW/itd1FsVTxUza3vGTpZsbRW2yQwbG1wGJ5kNW5pGakCx6GZ1McPu5r+/3S"
    "0J3VogCQFC0x+SMVIfCZ6+nfP0ufy3MScaMqx3bW2uY92yTWjrBDda4L8NDOeI/pHSogka"
    "cLEI7rMLNhwbXAQm247ZJ9WmdyfQsBC9pCFLNfWF975GGyxMskCmvXo7hxhO0RxhG6hkvo"
    "B49SPAxJ7peArIBBCMgG4B9IpM8KpbOn0psAmArAky37HXaUSl76PtS3+yg/V/O0ixyRSx"
    "a/T5v/+LXtaxhr4iy/+4eFEmOjK0CJC6xh7Aryv2asGvdbH9E2/IvvRYUYnhzHHQeLGyZw"
    "SvW+vYZlenCCMKLWKPt02HgYkdw/DQ9/F1v2nQxP2KIRkNTaBjsC5h0u4XCK41FKXXHyqD"
    "zlBRGonu8iVCOHuXVIJZV9OvavFfP2Vf4e3lxYfvP/zw/vrDD7QJ/5rrK9//6b46AMYV5P"
    "D0ho0/+X1oQ7cFxzgAlf+bgPV2Bk0xrn77GLL0K8eR9XGsLrRz+FUxEJ7aM4bn+fkGIH9p"
    "P91+aj+d0VZv2CsJnYzuXO15ty7dewztAF3TsfOA6zUvhK2H3Bpav0mAbbBwHBzci8sM2F"
    "5cpkLLbkWRVU3EsFCgAOA7esfW50gMclQyhrXmib7z/ygyqo8NPf2BWh8bK29UbIB+2H3o"
    "DIbth0f2urll/dvg+LWHHXbnkl9dxa6eXce6af0Q8Gt3+Amwj+Cf/V6Hw0sse2ryNwbthv"
    "9ssO8EHZsomCwVqIWmvn/VR+1Pth9MXkKLF7swhurLEpqaErkTGh5kPqf9YevISo6PG0/4"
    "p5+fkLHeYmMjwdu2b70HrU5wIPzpD33/ajAgwkhhmyoWO8PEn1JXkExi7DqQnugj6gqPZc"
    "PJZDd4BuwRzxYqpEZUFSO2UpFLkrZ2JW/NL+fxK1zj1rx3szf59oSj6fY9mTZEtoZ/b7OV"
    "wVophtdsq4Hx64wAdQYx/TZgOYN2Eyx1ewaoFg9o/9sIjNGEmIhq+xqAExuZLfceQtp3Fh"
    "g16IuAhmxIu1Ejo0bSztjHC6S5US1zw9+XV0oueONi24E+AQ25FKgDaOnkJaZCfywy8tgc"
    "MbFy7LpjQxsxPt5nsuzeb7Ds3ictOwqbt5/lAFq8A9YB4+ssEF+nI3ydAJiM/0Cq7YKUA+"
    "WYmIQ6O9SiFXkr0ML1uAaMRfkou9pLEuJ/DPo9McSBRJyl0FUb/A8YunWC+94GXBkUESbC"
    "x/Psof1bHOrb+/5NnGJgD7iJr9RMVcwD+1pAol4c9dPi5w6qYteLnkuqoLk0+7CI1OoFWn"
    "3kKDAntiJZCbILcoJWTsM8CfhPdFfWp/hntOK4d+l3g1gVbdSpZ7+nhXcawUUvm3C55k7E"
    "A47+QUFAtqtPtge37btOI7lslABzHg7xVBEOLZcRYOkXAL3n+/vGn+nHI/ukI4NzEgEfGT"
    "lESSck1UizDB4PY0c3NO57YAIKnUbY8HPmwPuWYLwCEINgVKr6yDk/n7zHIieH3R4mIBp/"
    "FywkHBgKpOieShFp/EvSk9+sN8Sxd9X9+0OgOdRzsZNrgfoxDJdXH7IAfPUhHWB2Lwrwgo"
    "KUawSvBWoIcLYBvGH8SneeQ7nzUBuTmqGCI/YNfHogUj+E93JmwRWMHAj77esH71UWdK/S"
    "wb1KYGvNyFJRAy+YmCcEIQaCWAxzXDQG95jK7kubWF85LON40+/fRyitm+4wBvXzw02Hri"
    "G8B2gj3bVykvyIawEV4RmjkiXwjNtH/CFV5ROhFX2QNvKKC8ecFurjiOBBurgqpP7J9fFp"
    "HRhIh96STgwqQW9XrsNLPkTwlIu8PldhIXlscALHBlUbx+WdGzzRheapeztsiMZ1CVBn91"
    "+v2JjOCnF0Nuc+OgjpYm4s4M6BFY9eTGGNhnVkbLL4x12jKn5hz6gTQDueQG0NyHiAeDUk"
    "7P8Z533RqIyjnoJsmPP8Zymx4zf/R5pswFFFOS1Iipi8F17QyofYWy7WHeTdirtj2zOTON"
    "PZWipykCc8/6XXlfjBU5aQktwdvFNcyUn1cuSX5utqDrbiUNn8He7KFuzxLUfK7p4sPFBe"
    "b9ebjpODRlsPkwcIaeD8/AKMGrfU3OJHwEyaWCN6ezkjANo2wpoFqPGja4h20nf0TzpOLN"
    "sCZ+gtO6hiR8f8QIU2BgaClv0medK81zfJeBd5oFwZNUAeKMsD5VoBXPqBsiQ906GXpKck"
    "PSU7VwHqKIdXb2VTc1RsXzlKxoAuftXt1PxkobvNTVaVHm2XwUuX6gNv2SYEbPKCMLBn1G"
    "QZ68zAgWBIx9DUhHMAVZU42ObpwgC3KQGzR5mdA9eGkMhtt+SnSwOqWgYU71VlBq1ZHiU0"
    "KlW7XGXXWRT963Q9/zqh5qOvC53OgwKKaFSyhoroiSiemZws6KJXxNgIiUknmsr373il2N"
    "7GJ7QtbvRp6raU8oAanf7/9fLy/fvvL8/fX/9w9eH7769+OF9vWclbm/aum+5Htn1F+jrp"
    "emGiV7oXFZl0UUk576o87ySPkz7t6svj+H03zpvNKi5Xo+W1NJ813yrLB21MSgKbBDZx2J"
    "sR2oScBHcr6RhgVgLh+A2EtyfG2PbkAf6MLwHgp9Cj6olvbHncjm6wVckBnMnNMr61VypJ"
    "w9rnUsD/hv0x09nfRbjVdu4XAx3PHcTqQJwxqv5NC4wad2hhE3BxfjGiTxk1bqEFwcWlKC"
    "NsAXlhHoaId5KbgkGSutIrpgo+BReZvGIuNnjFXCS9YuZkrBu5EA4k6ue2cXGdBeG4HRkC"
    "+Fq6bUhz/7i5qyvXzfu1myIb9s6hPfWr4JFQO2NjrLh3xtrnWHBukKfaRXZT6lQwj7pwqS"
    "qyLIX+QnNnP5Y2f1aHPqpOQ/RowVAV00WO4uqznn4CQy88NdMNvTCtksXJRyXMNNSRDU2d"
    "ML8a/wEt+peK9FdksUqBOh3qTTCHK2Do+EXgoiNy8Sn12UIDMWzWuh7i0kD8ZgzEii0Y9Y"
    "uaqNqWdYCwCZOk2d8d7MwTmmv0DIvsYIkXwpqufzpW9QU0Gvkgbzw+dXu33cf2fQusnzHC"
    "g85tv3fXfvrcAhZSHayxhTu+sGcy3UtPNFfYM+YwHjFHWMQP7BBjQMtWXPU5L3kSE5UuMd"
    "IlRnJk1eLIfEU6H0UWk5IM2XaGLGyx7EiQ1TATSzPGj8UGWHF6LIh+2ZHNiIbbnOQ2dWBK"
    "g3AoknSGpy1voDL8FlloDMeyyRwwEXBmBZka2FusUeNNC0DAvoBbhJRqtzYgE16GlC6LM2"
    "Lq/+F9CvjLv7OAW/TPErIae3rVCI/wkLayZyZCVCsnE50+kMkOHju3gBUtgN9fAmgi/jBW"
    "9sB+q2P+RSz+shl8RQATemUJZshE70Db/Zr0GS90zI3wl9v+w8Nzrzv8/AVQpZiOC6Db66"
    "8ACN3bgI7580PhfkCdEQthMCEmbZ6/bIKkZL4VSqZq+8wBzuzZxCrKGPiyVca60b576Pa6"
    "g+FTe9jt91qRSiqErlnrJaXF1gz6bTSoFeIMSj/up6rDXLcs8aafXkcwJrZTNcFitM7fJg"
    "7mS7K7yut0d2Dv+3tOlqcM+1UWGZQ2ZqSdTJ9Rvf1fps+ofvoM5hy/o+1ZQz/s8jKLbkxP"
    "kjv95E7ORyeVfjLyS+PpJ4N0rdHEk3G/pXjeyVAO0t1zjLo7yUaSIZgZAqYhMm3S6YZozE"
    "8W0sFNSDJH8zEyW2DAywpCqj2CYI3UiNmMfmR+ELe0c5D5BxLRC+U8NKN9Ln0mjm+gT3TT"
    "spW8ZnpUqsoGZJWMdX4SmRfqiJBEOhvSFmK1WJVCgItk6+chtBfYpYfQ3hOrusR8UcovJF"
    "5lxBuD58fOk8K5vxawHKqAKFx9GGHvmvfptt+77XaePnYY++cqIIXIv3o7DFVBgTmwv5Bu"
    "KTaiC7g4iH5jYcW4qCysmKOwIgWPHee9ClaobaAHcgdE3J8JJwu4dIyTjnHy0EIeWshDi0"
    "bxpFEBX5gR25CEzGeUBHRJzBf6PqVg7HOauIRaHrhVrpqkOGYnfxapbCXlKjaaM2eQCtbL"
    "DJAm5n8J+NYw7X8c5LRlc4eyndJxWZ4en+rpcVALMt/pcSKbYAllCzMcIj8i06LbD9IGdJ"
    "6ghijXWrRFc2PGNb+tYq0bbz1T7mME3CH11qch346JDfyH0VHHQueJqYEzhs9f1Bm0/8Ja"
    "sONFtywG7btX2pxPdUEZw/28Qnje7Lu3sm6VZ8zHPGNOd1IW43oKjslFD4VKLwbHhncebN"
    "3mtYR2DzkP2JhOwpvuve23P7zb9nF41L04aDsLrSDXGZWUXGdVuE4Bxb3WoBN5bI+S4Zad"
    "giDtmY8fofIVa7JZ+/IbK07QOoNL3zr1kCsGoMG6ewVmEGsG0prAIrzyGH2hTlUgdoPlMA"
    "KuywpAkwlShbmQynkwjxH0nvSd5T9L17zQvalJlk0wdmwWwbdiroSmDeCUjl1wBm1g0neR"
    "OYATGzEtbonQC1jqdIY69gi7z7J+BBOTtrkAyxnCLHyRyozJV/oyNHeoek/1P/5Y9kYAMS"
    "CGxhXDMbQQC33E9NvQH8cqXGvEze80wjwckl1yX/IOfJlQYJDJUo/YX4DOar5p+hRZ61BJ"
    "tyF9KyuyjbD9YxQcFZosf9sIs7YWffo78ESWFliaOqvBDcaImhwIhN5Cv/9Xro67UZL0e6"
    "L5wl6xb7Vr/Tj3u+Yv2RMWK+dUoAo67EHcDNI13WDi59+74rKH2b0O2kenuXllOagLzfU8"
    "2nhM7IC5mxoH0cnLKTlYES2h79h0L3qgcxROhTpCtMFGDYHwpso81DaDfuCmKwRLqNu0D1"
    "hd0jHdgOgG1WTMCNuNPO6E7mNsw2O3wNngYdAE6C1ztWTNGKMiYGZKf7qsiVotFkbXqM5B"
    "GMW2UnKSBgLR2lVHvchEzVxs4GYukuQMnQ0YoxSX6O3uuiHxKhM2DboGtIA1pxpx56HdvW"
    "8B7tc9whSXYYsvCfHlJkuP/JChP35I7Y0fEskVkaovdGHNn/SRHxGqch9UyUndpquF4Zm9"
    "WYEOy9Qv2qL80stHISYrhvGheUnLGf+B1FzrR0ikfqP6fSbG/f0Gxv19knEfE02gmwzR1x"
    "T1z29fi8V5k0Xc+W24eUSvDeL7fu+j3zw+zKNgz+y5QDlJB9tvX4exfGisoW1DdTYXV8lI"
    "X7hjYnL93iHxzxFL8VQyiXOZ1WFtRzCss5k5gfQhk5cjrDGI8iHceOz07rq9jy3gybO05d"
    "4Vy7/S7Sl3/ecbavroWNGIM7Z5qyFvQv++69x3f+k8de5awDtTQNoI/0QtJ3ZpQk0n9nnw"
    "c/fxkV2wXvTFAhXLapYtyHdDjG98e6bLETu6EPR1eiBCSORw8QfnJzJ1MN1sFQ+iAqcGAv"
    "GDBHIdwS2w6ucEmeK4eNAdMk0iCEtN17uiUlL7yq99LUzyqmsp1cvT7beYWB2Q3zczcVqR"
    "ivL8s5TzT6bYFOjxkJgMP67atlWRY9dwoUPBoWusDmL6kWuo+GLWQuTcLZ1g7mwE/GoA31"
    "mgTaFimdQ1XleuR1hudf8CM8VFp6u7PGpr9Tn6LoWaWWN6L+7q/ju/yaeVoKE8fj3U8Svr"
    "zHU3FLGSIw+oMtvZaD8PP/Wfuv9kxmswnJnd2+uya5goweVCZm3pybrDc6RI54TlK903T8"
    "/DFjCZy+VjezB47D/RjwtowQUxbTTC/eGnzlMLENusSOW10IKVQ22PSlW5QyoTRzKhb82f"
    "BzIsVEOY9+IUYqIp8wU2qaUzXim5c+aliNcQ/b04J5yWeSqDS8qxT2VIUd16PS2kSNYVPE"
    "jKpMgmlC93kkBUZvaRpRszgZw1F0qm0o2pA7oEjGtYLSOOsWgi5841s0/m8Bfd0u2GgDN0"
    "bzQ3sYWv6yaZ0mYYOkZ+9CAXBQaZtsByRoBK393k1QuXM12drcm/Jv0MeawkJ/osYEFdaw"
    "Li2CqZC4oz7O812yM1fm9Ecp6ENGHJIh6URZQ8leSpqr1DS57q4FGWe2Gp+HHDbn59sUdU"
    "eXjnO7MY4efefXcw5N55OlbYD4XVOMhAmGtkyS7bmH49JHXA5OvHOXsvMfk6famqI3OKFI"
    "pDWphfmlNxQrTK86NKESKnxeBKR8mCCe+P6KxfuUlVMnsXLD45sY2KSdYuCe3xKOcaAruB"
    "Dj1WbuiqLQ1ZybqNSaGFjOhxCOeKjeIy+OaABhWuwZJszjZ+o3tPpYjmwdy6cVgmvYaAbA"
    "5uNjcWAJ5byjhol8E5VYU2NMjUQYD7tLbAiBp5hgVZbccRfQj9B/DsPP939e78/FzklFrk"
    "ETKvT7Uo4bxcWLk0WJUy+OylkiydlipxRFljUkduREYaIEItWVeRohqLXDpySEaiKkC1UO"
    "VFWXaxEPN3UhyU9CfbTkqleRHmiIIKrW+Oqc6gJSrnkqdqDlUdH70nneBASFPtd62bs00V"
    "X0MmVsbDiG5WxxfhlpncQFwFHoxZvRibO2OwciWe5d3iThhj3TBYek2/yskLWtgAvSIMdN"
    "evY+yskAnogv2KrJQKKvt5jVTsq6XYu72c+6w7JlbDUyWp6Fd8TEtFf7+o8rU7/5lzTKyG"
    "K8Nezpt9NaBQUv+YrDxzrvKZs6c0KQtk6kSg0rC+TplaCclNPX2C82xDN7OuSyxQXAfJpR"
    "ZGZOSyn7rs5wR1lZa86Js9VZZeJvLE/vgr6W4n9uLC2cH54a4HyuEzy5riG9lvMoG7Ejn3"
    "y8N6EbTBrlO1g/p7IgwJ8+40t3GCBskYFTZ4GICpCTEr+uZTauAMgjnB9uw7C0DDIEs2Ut"
    "yixr6h8AZArLkhW7oFDDTxi9LNk1Tgfl4hacBq0YDp1ZO3R2CcQiXlxkO/N/x0/7nljltj"
    "NcKPz8waH3RaIEzBHz/5sTfZcgzykITUEYV5BOb02V4e7oyYRmQkqgJUX6Gh013VJPO8fF"
    "VUsoan03Wiq9DXhU4fV4CWjEpKUrLKvZyfjJQkZLBb5y11GBGqnYvkdRaV6DpdJbpOBuNJ"
    "Am1/h6ee8pszligqJVlfyUweP5YoZMbtTk3m8Imr2EDOHE4UncNigI9GoT2QV8QKkjXEPN"
    "r6dnMbmTYPt8zkYEefh7D2lmBjBQykTZHpRq78CL7AOfPE+cI4LWgs4coCVBPTmXNzE3xh"
    "RMgXMKUfLO79ZtExJ/atK/0Nkk+TfNpB+bSPT21Wa4xrsiM8YBXLWsBio3qEnzo/PbOPJp"
    "o47HPnt8fu0+cW4AbhKj4hsqiUJVdpdudYjmEfCEgdUkiwTZCJvLGc1QiKCO2p5tER48Su"
    "MhHDVxuY4auEHZTTzNzFwIxjWyH78jKT/93lBv+7S5nv5dukuSSRsL9NwCB2PlQDAYnndv"
    "7A8wnY3bD1PBBODN2sRm0wqLYTBpKS2Qclc0Snm+UNNFg3DWzIv5TYASfaqrndGWepjF0J"
    "nmcyY6TerzPXVSYUNMe8ZbS5jnUmaxPTAkuqAVMznwWzroBNDA3otgW8t3HHGbJMMgjlPl"
    "pSB9WiDuhcwLlzawZCBwywX1852Qh7BlvugLyokCw2Hge1QmVwqsnMS1OqbFPq5DeEHAkg"
    "klpUJo22j9GQ0P8dQp89anfsUZvdSUO9J1Mi0kn59Y1aqOG3yHR6ZVH1D2msZgdpMRWRKQ"
    "3gH4+dj8wBG9pgThcCcH1+PnLOz7Xv6R8RT+0XOt8xgGPi0I+CGsN7eYOw9DBthUzFPwxx"
    "P9GeipcelsrpIZXTaKcUOd2KPqHSZ1ztu4durzsYPrWH3X6vFbKwVNpihG/7Dw/Pve7wc4"
    "sZYvTbaFArcrpVfoL+9WzJPgPCIpKPE6i1fyyQwIH8RsfQXIkh9SXiJtnKdnM2nRigm0yy"
    "+/5NRHGlY/Om22s/fT57aP/2JqK93vd7H/32YaX05vOw047bZ7pGZ0j2QbxuL0ewYATPkD"
    "6d5bF0AwGJpyhUnk5kxdL/Izj2To+VD8tIVAWoWjN4eXWd55w7kKiyOlHUmzpLeerr9OrU"
    "14ni1BXiZ6oGfZ0IGr+z8pbOTchJ5+6th7MBZmWc0dY/dj8xxioVwL/mvm5MiDX39yZom2"
    "Sj5iYOJ2CbxuH2WTLwh8741BnRVV6clZEvPwJMgEmWYI4gdh2CvR4FZ+xD6ESQPu07iwsJ"
    "sn3u6R3yYLFa3I3bsUV5m0D6gKUto4xLIx/whfibEe7R/diruOjxrsfnc6TKJlU2qbLVKA"
    "vbyW80UhmutDIsj4RP4Uj4lph091gQCgpFvmujeUNoaSRabTE1wu0V3RfIYGvQ32ojswkW"
    "0FQRBZJC67DYSZbbi3CfQ/Y0sIS6zfL+s6IAZ/S/GbVoeHqwNwAC+m6dvllwdryH5wtPji"
    "NDnoWksaS5KgUqcXgcaxuUETeRivRXV2/6lzRTZOhkicfK953hsPNEbQ5o2nCEH6na37lv"
    "0TlB32qjEb7r3z4/dFh0pT89yAj3h5+YDLHNYiZJ6WnKLDqvRKkqN9D0a4k9RfsdkaXfS7"
    "UITOx8Rfe89vWD9yoTvFcb4L0SpNyfEZtt3ik5xNNxTgjWD/DLq6ssMZZXV+kxluxePEzY"
    "21Spppu7roRQuMrrfEHk91JdIqzOJDDfTCDFRGV8a5UJpIWuvjgLV9fNs6BFxWo4q7Iwsu"
    "mEbIKPjRgVeYCOydVv4ygZ6MAiK2IOBNIHPLPgfUyVdv/rZLYLWA6Vbu8jtQT8J1BboHPf"
    "/aXz1Llr8QRBaAo1WA39X0MG3RbMQntKXFZG+lR5Uwl6yyZ5Fru4XP0Wu71kIglgK6Imi6"
    "XrB/1e1ORKHREdG+6Sj98iAzMXvAJJeb4pqoJJFsjMO3ZjUnLoCtObBdRDLnCTgnLgykS5"
    "Rzm0FK0UJQD8GHpUTfGNrZDb4Q3N+hIQ/gYcIJLLZIoHRJo+IWHOArNAj6qm2/WA9hy0HR"
    "M1NvldB62a2RyvrYjAVm+IYcS7WdVZNPvkPXNxXj8I6HP6U7ibAsEo4kVtogUxbYtVSgvi"
    "4wW+13t7i/S+rpZbgwwfTkdPhg9Xd0TL8GEZPnxKqMrwYRk+XMEt7uROfWQsioxFORFkZS"
    "yKjEU5mQFf1ViUezIdE/JyS3GcEnPVEGcqjDRpbklayBorarh1lnB3r71XLj5Cd3jPBGej"
    "xgBNHZMH7DZGzuX55bU4rn2nh20PLuEAyYyEx+RV+L85tH2/fQ11/Q9ZXCI+pHtEfEg4RN"
    "C5qr8K4N2YizwQOmAucn9In2wqcrfKn5vkIOvZfUhEpiFP6NgnVdHpsMsGqwrRx8bKmzgn"
    "Yrd6c/x00pIfu5ulo8aJa/QHO3v1VPsOK0LbSFf93fuZ9H60bpopa7mhY+Rr6UyefkP0ys"
    "rianTH1JreJxcv7UegzijQSAPjFfiyMNGrMoPW7Av4C/jC/xDnLd/DO7abCBaiDdjY3xJ7"
    "Htp0ZMD5QS2IdQ9lhzYsIrcKgfJ1WkH8LHIaNvJB26D3OhROwmL4P7V7d/1fWIC+7Zi4UI"
    "R+2SWOHQqemT9+IC5XQzN5P6EDHtOk5OUjEoIHHPY5h3xlaImFqRNTqHhmW2HC8gddZcw5"
    "NPKvM08P7Xu20jDpEW7fD9stAA27UCBgycvM2jk277BPCMoQpUzrjI2+CviMIb0qxtlvX4"
    "t1fBNP0fltGKEofBTFHmR+8xDqt8ypLJ7jBprqTMmLeUysBgv6oYHnGVYEYd//GPR7KevJ"
    "WiLO1+mqDf5HbT9rb3p5428TB6sMUzB2dMPWsfWOve/vR+gOhtDm7ogj34xycOwBiXngzO"
    "fQFGy36f0REtmpQyq2wh8aeZ7LT7WtvGxmRGpPHjinxwGc6uGATIdTMB2Oz9rl00xDQrVQ"
    "m/btEZoXYQluDnA9QibX+h+Rkf6XguXfJ13ybatRKQlsxR1ba4bt8RI81HDQynPtIyYgcP"
    "enEuD9BjyyI3t5hrj4sL/tjugK/H3riXFsY8+A8nFSaJwovJsyaBw76cBgpk/sTxBr5JW7"
    "byQ8X6INmllcX2bh1hlc3i32Cr/IARMEZ7pt8YSPqzeAXgbLGQF+lgyg201A6JASObzv8q"
    "jtGQNiLiuySMKedb90n5WJSeb5D/ejUjU0v/dy5ObOpgJUYURQMoVVZgrXS1nxvPQy2eYJ"
    "56SvGPx1mlqSEtofJcT1uny4hkUkpgJMuZJkMWIhH7AJOUm1yVSqksmsAsz7YzLXUS7lUG"
    "3r+JqaAhzefLaDG6yokirOgm5iB8pAZMpktftKVnscPvOBfg8hj+neaG7iL+frJhlIS96Y"
    "RdNB4PO74IyF7gD69/rSG17ZNZZ8g6UrZd9O45cIZmlNhek79vKO3DSnH4/k5TWQTKcsB1"
    "tmOdjb/v2d8mubl4SFU4eiYOospIyKhK+q0PBqQn1sD1pgCq0R7tx3bodP3dvu8HML0CVI"
    "pV2l8jw2+Lb/8NDvtdjod3B8amXhfC6yVPK6SC/ldZGo5XXQTC0V210OUC2WrVdFJ4ovW+"
    "2J8nzTvVUeOsOnTgvM34/wz79+aoGX5azI8C45DoqqPDrMxRsHEvUb31fZqvVuKNYrExEd"
    "LRHRabnGH3aUy7w5kqWXjpuS7qz2+N0f3Snd3kpyeztyuidOBj3Rzcz9nWKyyL/f3MoZKW"
    "aoaaZ0T57AjwACL1iRRc9aDgXMQrQ90G2w1O0ZvY/REphkCc5mumWzXK66BV7QwhYwRqU+"
    "WZjaaU2RqQ59NrYV+lidaILkTuuWfosm+D25XYakJaV0KEqp4rrO6UEd2iDcAS00HFLUnL"
    "XEJoPhdHdhEW5M4Y8B9woNR2Df3iFVn0NDDN1aJo6cK/TOE64Zdp3b7kP7/uziqvk+ZsuG"
    "cwnFNXD0qhPHUorAnBTeGe9qajSlwc0e78wX4nTGG7GOSUqgNwPNlJ1C/pOwxizNibAymZ"
    "wnZRq/wzol8zRC9IEGEuqGG7JGxAXrx+pfXl1lAJy2SgWc34sC7tqP6gziaV56Py56QJJ/"
    "feV0WX4OGzPcLdEmvSFfZVywfgN9LyvLH1StYZzRRDfnSLC0bBzqSWE52HMMdhMtDKiinF"
    "m0YlKSgBel+/AZtiIriUhYriaZVpM1n1lE/U8IywCqKtsAoe7KGzUhEpXrmGAdi7L5wvmU"
    "soglJHekMSuGdD4WU/qOfBMrksxJt4c1yDVnc2EaFpGeN9sdRNZnsjv6LqxjKU4M3qyeC+"
    "FxJbN5lYlslmxex3QJIQ6OOiAk7zYzuIOsG2YIJPIcNgAXYnE8BCPAg3x0HrUDXNWqxeN7"
    "+PMtfsfUkOllNEImYm4dbHxpliiQaC/vKBxIJL0+ZCBR+WvVtxNIJJ1MCppn/r6eq7JGRO"
    "jwxTWOA95eijnIEs8lm0x0tTaL0Q1RSUk3VJpumOhYt2aF+jkmKonuKvdzxf1yT44JES2V"
    "uU8Q4nKSupNxSEePQwpGpaSdsiCcmMWVop7a1DpTZw0B7eTdaW6inGDQZhvblI7rdi5Hkj"
    "WHJGtekWkJLaV0d5KQSJVpmio5X7JJlQNhr3kN0d1LQhb6RhthgcmSzrWERCTTkpNpSShk"
    "h9zM/vx/vl5l4w=="
)
