"""Migration administration_home: generated for SQLite and PostgreSQL by scripts/makemigration.py.

SQLite cannot add a foreign-key constraint to an existing table: there the new columns carry
their REFERENCES clause instead, and the role_community pairs get a unique index on both
dialects (edited by hand after generation)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "contact" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(20),
    "created_at" TIMESTAMP NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE CASCADE
) /* Seed 001 "Crear contactos": who attends residents' requests (e-mail or phone at least). */;
        CREATE TABLE IF NOT EXISTS "role" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* ADMINISTRATION: administracion
COMMUNITY: comunidad */,
    "permissions" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_role_adminis_adb080" UNIQUE ("administration_id", "name")
) /* A custom role (seed 001 "Roles"): a name and a set of the authorization table's actions. */;
        CREATE TABLE IF NOT EXISTS "community_signature" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "jpeg" BLOB NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "byte_size" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "updated_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL UNIQUE REFERENCES "community" ("id") ON DELETE CASCADE
) /* The administración's signature image for one community's reports (a clean JPEG). */;
        ALTER TABLE "community" ADD "show_contact" INT NOT NULL DEFAULT 0;
        ALTER TABLE "community" ADD "purged_at" TIMESTAMP;
        ALTER TABLE "community" ADD "contact_id" INT REFERENCES "contact" ("id") ON DELETE SET NULL;
        ALTER TABLE "community" ADD "deleted_at" TIMESTAMP;
        ALTER TABLE "staff_user" ADD "role_id" INT REFERENCES "role" ("id") ON DELETE RESTRICT;
        CREATE TABLE "role_community" (
    "role_id" INT NOT NULL REFERENCES "role" ("id") ON DELETE CASCADE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE
);
        CREATE UNIQUE INDEX "uid_role_commun_role_id_community" ON "role_community" ("role_id", "community_id");
        CREATE UNIQUE INDEX "uid_community_adminis_9ff466" ON "community" ("administration_id", "code");
        CREATE INDEX "idx_community_deleted_5face0" ON "community" ("deleted_at");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "contact" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(20),
    "created_at" TIMESTAMPTZ NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "contact" IS 'Seed 001 "Crear contactos": who attends residents'' requests (e-mail or phone at least).';
        CREATE TABLE IF NOT EXISTS "role" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "permissions" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "administration_id" INT NOT NULL REFERENCES "administration" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_role_adminis_adb080" UNIQUE ("administration_id", "name")
);
COMMENT ON COLUMN "role"."kind" IS 'ADMINISTRATION: administracion
COMMUNITY: comunidad';
COMMENT ON TABLE "role" IS 'A custom role (seed 001 "Roles"): a name and a set of the authorization table''s actions.';
        CREATE TABLE IF NOT EXISTS "community_signature" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "jpeg" BYTEA NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "byte_size" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "updated_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL UNIQUE REFERENCES "community" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "community_signature" IS 'The administración''s signature image for one community''s reports (a clean JPEG).';
        ALTER TABLE "community" ADD "deleted_at" TIMESTAMPTZ;
        ALTER TABLE "community" ADD "purged_at" TIMESTAMPTZ;
        ALTER TABLE "community" ADD "contact_id" INT;
        ALTER TABLE "community" ADD "show_contact" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "staff_user" ADD "role_id" INT;
        CREATE TABLE "role_community" (
    "role_id" INT NOT NULL REFERENCES "role" ("id") ON DELETE CASCADE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE
);
        CREATE UNIQUE INDEX "uid_role_commun_role_id_community" ON "role_community" ("role_id", "community_id");
        ALTER TABLE "community" ADD CONSTRAINT "fk_communit_contact_726c95dc" FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_community_adminis_9ff466" ON "community" ("administration_id", "code");
        CREATE INDEX IF NOT EXISTS "idx_community_deleted_5face0" ON "community" ("deleted_at");
        ALTER TABLE "staff_user" ADD CONSTRAINT "fk_staff_us_role_054e0654" FOREIGN KEY ("role_id") REFERENCES "role" ("id") ON DELETE RESTRICT;""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "idx_community_deleted_5face0";
        DROP INDEX IF EXISTS "uid_community_adminis_9ff466";
        DROP TABLE IF EXISTS "role_community";
        ALTER TABLE "community" DROP COLUMN "show_contact";
        ALTER TABLE "community" DROP COLUMN "purged_at";
        ALTER TABLE "community" DROP COLUMN "contact_id";
        ALTER TABLE "community" DROP COLUMN "deleted_at";
        ALTER TABLE "staff_user" DROP COLUMN "role_id";
        DROP TABLE IF EXISTS "contact";
        DROP TABLE IF EXISTS "community_signature";
        DROP TABLE IF EXISTS "role_community";
        DROP TABLE IF EXISTS "role";""",
    "postgres": """
        ALTER TABLE "staff_user" DROP CONSTRAINT IF EXISTS "fk_staff_us_role_054e0654";
        DROP INDEX IF EXISTS "idx_community_deleted_5face0";
        DROP INDEX IF EXISTS "uid_community_adminis_9ff466";
        DROP TABLE IF EXISTS "role_community";
        ALTER TABLE "community" DROP CONSTRAINT IF EXISTS "fk_communit_contact_726c95dc";
        ALTER TABLE "community" DROP COLUMN "deleted_at";
        ALTER TABLE "community" DROP COLUMN "purged_at";
        ALTER TABLE "community" DROP COLUMN "contact_id";
        ALTER TABLE "community" DROP COLUMN "show_contact";
        ALTER TABLE "staff_user" DROP COLUMN "role_id";
        DROP TABLE IF EXISTS "role_community";
        DROP TABLE IF EXISTS "role";
        DROP TABLE IF EXISTS "community_signature";
        DROP TABLE IF EXISTS "contact";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXXtz4ka2/ypd1K0aT5Vn1vbEnlly61ZhD5mQ2OACnGQSUppGakCxULNSY4bdzXe/p/"
    "VArxZIIEBo+o/NDlKfbvnXr/M+/6lNqUYM+21Dm+qmbjMLM52atTr6T83EUwL/SGlxjmp4"
    "Ngve8wcMDw2HBCfbDvkvlcHbETZsAo80YquWPvPGqzXQzKIzYrHlmyk28ZhMicmQSqczbC"
    "6/RyZlE90cIzpC1CRItxF5IRZ60W0dBkWMIsybEOstH06jKowH7QvveW7q/5oThdEx4c+g"
    "/z/+hMe6qZGvxPZ/zp6VkU4MLQKkrvEOnOcKW86cZy2T/eA05B89VFRqzKdm0Hi2ZBNqrl"
    "rrJuNPx8QkAC3h3TNrzsE054bhoe/j635p0MT9xBCNRkZ4bvAp4dTuBwTPaorS7vSVXrOv"
    "KLXEdPkUIZy9Ryo1+VTDp9rOXz/mn/Dm6vK79999eHfz3Qdo4nzm6sn7v92hA2BcQgeedr"
    "/2t/MeM+y2cDAOQHX+PwHr3QRbYlz99jFk4ZPjyPo4lhfaKf6qGMQcswnH8+JiDZC/NLp3"
    "Pza6Z9DqNR+SwmZ092rbe3XlvuNoB+hac5YHXK/5Vth6yK2g9ZsE2AYHx8HBvbzKgO3lVS"
    "q0/FUUWdUiHAsFCwD+CG+YPiVikKOUMaw1j/St/49tVvWxoYc/UOuYxtJbFWug77cemr1+"
    "4+GRDze17X8ZDn6NfpO/uXKeLmNPz25i07TqBP3a6v+I+E/0e6fddOClNhtbzohBu/7vNf"
    "5NeM6oYtKFgrXQ1vef+qj9ze+D0XPo8OIPhlh9XmBLUyJvQsuDTqcwH0wndnJ93HrEP/zc"
    "Jcbqio2tBO/avvM6Wp7gQvjbX/r+02BBhJEyGTAWO8Pk9FJVkCxq7LqQutBFVeGxGR6Ndo"
    "Onx7t4sslWbERZMeInFb2iaWdX8tX0ahp/4nDcmjc2H8mXJ+aazu7puCaSNfx366UM3kox"
    "vGYbBYxfJxSpE2zC16DFBLNztNDZBAEXj2D+GUFDMqIWAW5fQ3jEiFV33xGivbLRoAYDIY"
    "0wDNOo0UEtKWfsYwApbpRL3PDv5aWSC9442WagT4BDLgTqAFrYvNRS4I8lRh6ZI0ZWjFx3"
    "bGgjwse7TJLduzWS3bukZAewefdZDqDFN2AVML7JAvFNOsI3CYDp8C+iMhekHCjHyCTU2a"
    "EWncgbgRaexxXQWBSPssu9JCH+qddpiyEOKOJaCl1l6L/I0O0TvPfW4MqhiGgifDzPHhq/"
    "xaG+u+/cxlUMvIPb+EnNWcU8sK8IJOrbo35a+rmDstjVUs8lWdBcnH2YRHL1Aq4+YgrMia"
    "2IVoLsgpxQK6dhngT8B7iV9bH5M1k6uLfg27Cpii7qVNvvaeGdpuCCxxZerHQn4gUH/wAQ"
    "CHP5yUbvrvGxWUseGwXAnEeHeKoIh47LCLDwAaj9dH9f+zvdPLJPdWRgJxHoIyNGlHSFpB"
    "pplsHjYTjXDc3xPbAQQKdRvvzmU+R9JRouETZRsCpVfTC/uBi9M0VODrt1JlA0/iE4SBxg"
    "AEjROxUQqf0p1ZPfrDfEsW/V/ftDkCnWc2knVwTV0zBcXX+XBeDr79IB5u+iAM8ApFwreE"
    "VQQYCzLeA161e68xzKnQdkTBBDBSb2Nfr0gKR6CO/FZuEwGDkQ9ttXD97rLOhep4N7ncDW"
    "ntCFogZeMDFPCEoNgk0xzHHSGNxDoN0XN7F6cliN422ncx9Rad22+jGonx5um3CGODMAjX"
    "RXyknqR1wJaBs9Y5SyAD3j5hV/SFb5RNSKPkhr9YqzuTXeao4jhAeZ4rIo9U9ujk/LYCAd"
    "eguyGJRCvV26CS/YiOAxF3l9rsJE0mxwAmaDsq3j4uwGXThouq27fk20rguAOrv/esnWdF"
    "aIo7s5t+kgxIu5sYA7B1Y8ejGFFVrWkbXJ4x93jar4hfdRJYB2tEBtDMh4wOayT/l/M+77"
    "baMyjmoFWbPnnT9LiZnf/D/S4gsOGOW0IClqObPwTJY+xN5xsZog71XcHZtNLDofT1ZUEU"
    "Oe0P4Lz5W44SlLSEnuCd4pruSkZjnyl+abagdsZQ60+Sfcpd1yxjeYlN07WWhQXl3X68zJ"
    "QaONxuQeIRq6uLhEg9odiFuOCZhTU3sArxcTijBjxNRsBMKPrhGYpFfwT1gnNrPRGXnDDV"
    "XcdOwYVKAxMgi22eukpXmvI8l4F2lQLg0bIA3K0qBcKYALNyhLpWc69FLpKZWeUjtXAtVR"
    "Dq/e0qbmKNm9cpSMAS3zRWep+clCb8/XSVV6tF0GL13gB97wSwgx+kxMxCYgsgx1LuBg1I"
    "c1NLbwFGFVpXOTOenCkCNTIi6PcjkHrwQhkdtuwb1LAapcApQzq8oE25M8TGiUqnK5ym6y"
    "MPo36Xz+TYLNJ19nOuyDLRjRKGUFGdETYTwzOVnAobeNsBEik040pZ/f4VJh3sUnlC1u9X"
    "HqtZTSQYWs//+8unr37v3VxbubD9ffvX9//eFidWUlX627u25bn/j1FZnrpOuFRV7gLtpm"
    "00Up5b4r876Tepz0bVddPY4/d8O82azidBU6XgvzWfOlsnzQxqgksElgE8bejNAm6CS4G5"
    "WOAWYFKBy/gfD2xBrbnDzA3/EFANwNdVVNfGPH42Z0g6tKLuBMbpbxq71USRpWPpcC/W/Y"
    "HzNd+zsLt9qs+zWRbk7nhNeBOOOq+td1NKh9JDNG0eXF5QB6GdTusI3R5ZUoI+wW9MI8DB"
    "HvJDcFg1TqSq+YMvgUXGbyirlc4xVzmfSKmdKhbuRCOKContvG5U0WhONyZAjgG+m2IcX9"
    "4+auLt0071duilzYO4f2VK+CR4LtjK2x7b0zVj7HArtBnmoX2UWpU8E86sKlqsS2FfgLrZ"
    "39WBpOX03oqkpL9GjBUCXjRY7i6rPafgJBL7w10wW9sFoli5OPSrloqBOGLZ1yvxq/gzr8"
    "SyX6C7F5pUAdlvo5muIlMnTzWeCiI3LxKbRvoYAYFmtdD3EpIH4zAmLJDozqRU2U7co6QN"
    "iERdPk76Y5nyY416gNi+4giW+FNZx/uqnqM2zU8kFee+y22netx8Z9Ha36GJi95l2n/bHR"
    "/VxHNlHnpsYP7vjBnkl0LzzR3NaeMYfxiDnCIX5ghxgD20xx2ee8ypMYqXSJkS4xUkdWLh"
    "2Zz0jnU5HFqKSGbLOGLCyx7Kggq2AmlvOYfiy2wLZXjwXRLztqM6LhNid5TR1YpUEdKJLq"
    "DI9bXqPK8FtkUWPMbUaniJOgMzvI1MBHsQe113WEEf8AtwgpcLcM0ZFThhSOxQm19H87c4"
    "qcwV/ZyC36Zwu1GnsaamAOzD60YhOLEODK6UiHDjlt77F5h3jRAvz+CmGLOJ3xsgfsjW46"
    "H2I7g03wC0EmhScLNCEWeYsa7mdCH8+w5gbml7vOw8NTu9X//AUBUwzrAuls9QmIwt2GdN"
    "PpPxTuh9QJtYmJRtSC5vnLJkiVzLeikinbPXMAmz3fWNtqDHzaMmNda3x8aLVbvX630W91"
    "2vVIJRUKZ9bqSKnzMwO+RsPaVjqDws39wDpMddsWX/rpdQRjZDtVE9xOrfO/o7npHMnuKa"
    "/D7cDH+7+cWp4i5FdZZFDKmJF2Mn1G+e5/mT6j/OkzuHP8jrJnBf2wi8ssujY9Se70kzs5"
    "H51U+snIXxpPPxmka40mnoz7LcXzToZykO6eY9S9SdYqGYKdIdA0RLZNurohGvOTRengJi"
    "SZkumQWHXUc8oKYuAeUXBGatQ6j/7kfhB3MDnE+ouI1AvFdJpRPpc+E8cX0Ee6ZTMlr5ge"
    "pSqzAFkmYd2xROaFOkIkkc6GtE14LVZlK8BFtNXzENoL7NJDaO+JVV3F/LYqvxB5mRGv9Z"
    "4em13F0f3VkT0HBkRx2IeB6T3zft112netZvdTk2v/XAZkK+VftR2GysDAHNhfSLcVRuAA"
    "FwfRry2sGCeVhRVzFFYE8Lg570VwQm0CPaA7IOL+TjhZwKVjnHSMk0YLabSQRova9kmjAn"
    "1hRmxDFDKfURLQBbWeYTxly9jnNHIJtTS4la6apDhmJ38WqWwl5Uq2mjNnkArOywyQJvZ/"
    "AfhWMO1/HOS0Y3OHsp3ScVlaj0/VehzUgsxnPU5kEyygbGEGI/IjsWy4fojWg31CaqJca9"
    "EW52szrvltFXvVeKNNuWMS5C6pN74a8s2QMuR3BquOh85TS0NnHJ9/qBPM/sFbcPOiWxYD"
    "5u4FmjtbXVDGcD9DCO3Nvnsrn1ZpYz6mjTndSVmM6yk4Jm9rFCq8GBxf3nmwdZtXEto95D"
    "zgazoJb7r3tt/+8G7bx9Gj7sVBez7TttR1RimlrrMsuk6BinvFQSfy2B4lwy23ghDtyVk/"
    "QuYr1mQ99+U3VuZB6wwufavUQy4Zwgaf7iWaYFMziHaObOpUHoMBdWCB+Auewwi5LiuIjE"
    "ZEFeZCKqZjJ0bQ6+mV7fela17o3tiii3M0nDMewbfkroQWQ3gMaxedYYYsGItOER4xwrm4"
    "BSHPaKHDDp2zgen2ZX+PRha0uUSLCTF5+CLQDOlXGIxM58DeA//ndMtHRNhE1NAcxnCIbc"
    "JDH034GvjjeIVrjbr5nQamEw7JH7mDvEVfRgAMsXjqEfYF6bzmm6aPib0KlXQbwqi8yDYx"
    "2fdRcFRs8fxtA5O3taH3t6hLFzZaWDqvwY2GBEQOgkKjwPd/ddhxN0oSvpNMZ2zJv2rX+n"
    "Hut+Yv2RMmK8YqUAYe9iBuBumcbrDx899dcdrD3F4HnaPTvLyyGOpCez0PNx4jO2DuptpB"
    "ePJiSg6WhEvozBncRQ+wR/FYyCNEG6zlEKjTVJmG2mbgD9x0hWiBdQZzwOuSDuECggvqnG"
    "tG+G3k6U7gHuMXHn+FznoPvXNE3nBXS96Ma1QEmpnCe5c1UculhdE14DkoV7EtlZxKAwFp"
    "5aqjXmZSzVyu0c1cJpUzsBtMk6S4RG921w2Rl1lhU4MzoI7sKXDEzYdG676OHL/ugQm49O"
    "vOkRA/brLMyIcM8/EhdTY+JJIrElWf6cKaP+krP0JU5jkok5M6g9PC8MTerECHaaoXbVF8"
    "6eWjKCZLhvGh9ZL2fPgXUXOdHyGS6q3qd5k07u/WaNzfJTXuQ6oJeJM++ZrC/vntK3E4r5"
    "OIm7/116/olUB832l/8pvHl3kU7AmbCpiTdLD99lVYy4fGGjOG1clUXCUj/eCOkcnze4fE"
    "P0csxVPKJM5FVodlc8GyzibmBNSHTF5OTI1DlA/h2mOz/bHV/lRHHj1PW+49sf0nrbbysf"
    "N0C6KPbioanQ+Z06rvNIF/f2zet35pdpsf68izKRBtYP4AkhN/NALRif/u/dx6fOQP7Gd9"
    "NiPbZTXLFuS7JsY3fj3DccRNF4K5Tg9ECJEcLv7g4kS2jgmXreJBtIXVQEB+kECuI7gFlt"
    "1OkCmOywm6I5ZFBWGp6XxXlEpyX/m5r5lFX3QtpXp5uvwWI6sC8vvWTJxWpKK0fxZi/+SM"
    "zRYzHiKT4cdlu7ZKYnYNFzoUGF1jdRDTTa6h4otZC5E7bunUdJyNkF8N4JWNGgAVz6SuOX"
    "Xl2pTnVvcfcFFcZF3dpauN1edgLAXErCG8i7u6/+G8dLaVoKE0vx7K/MonczUN20jJkQ7K"
    "rO2sNZ76P3a6rd+58BosZy73tlv8mUmV4PFWYm3hybrDe2SbyQnTl3puuk/9OrK4y+Vjo9"
    "d77HTh5wzbeEYtRgZmp/9js1tHlFklqbwWOrBysO1RqjJPSGniSEYwav48kGGiCsK8F6cQ"
    "i4y5L7AFks5wqeTOmZdCXkH09+KccFriqQwuKUY+lSFFVZv1tJAiWVfwICmTIpdQvtxJAl"
    "KZ2UeWbswEctZcKJlKN6Yu6AIwrmC1jDjGoo2cO9fMPjWHv+i2zmoCnaH74nydtvBl1SRT"
    "2gxDN4kfPeiQIoOO62gxoUiFsc+d6oWLia5OVsq/c/iNnVhJR9FnIxvr2jmic6bSqaA4w/"
    "6G2Ryp8UctkvMkxAlLLeJBtYhSTyX1VOW+oaWe6uBRlnvRUjnmht38+mJdlHl557NZDMyn"
    "9n2r13e883RT4X8oLochg5gOR5acsrXp10NUB0y+fhzbe4HJ12FQVSfWmCiAQ1qYX5pTcY"
    "K0zPujTBEip6XBlY6SWya8P6Kzfuk2VcHau+DwyYltlExq7ZLQHk/lXEFg16hDj5UbumxH"
    "Q1Zl3dqk0EKN6HEUziVbxUXomwM1qPAMlsrmbOs3eveUStHcm9q3c55JryZQNgcvz9cWAJ"
    "7ayjBol8E5VcUMG3Q8J8jxaa2jAQh5ho15bccBdAL/h5zsPP9z/fbi4kLklLpNFzKvT7lU"
    "wnl1YcWqwcqUwWcvlWRhW6p0Lsoak7pyIzRSABFyybpKFNWY5eKRQzQSVQGqW1VelGUXt9"
    "L8nZQOSvqTbVZKpXkR5oiCCp1vc0udYFtUziVP1RxgHR+9nk5wIaSx9rvWzdnEiq8gEzPj"
    "YUTXs+OzcMtMbiAuA4+GvF4Mc5wxeLkST/KuO04YQ90weHpNv8rJM5kxRF6IiXTXr2M4Xx"
    "ILwYH9QuyUCir7GUYy9uVi7N1Zzm3rjpFV0KokGf2Sr2nJ6O8XVefszm9zjpFV8GTYi73Z"
    "ZwO2Suofo5U25zLbnD2mSZkRS6cClobPdcrWSlCum+kT3GdrpplPXeKAcniQXGxhhEYe+6"
    "nHfk5Ql2nJi75Zq7L0MpEW++OfpLtZ7MWFswP74a4G5bDNsqL4Ru6bTOAuRc790lgvgja4"
    "dcpmqL+nwpAw7835Jp2gQTNGhfUeemhsYZMXffNVaugMoyk12eSVjbBh0AVfKW5RY19QeI"
    "2wqbkhW7qNDDLyi9JNk6rA/Qwh1YDlUgOmV0/eHIFxCpWUaw+ddv/H+891d90ay4H5+MSl"
    "8V6zjsIq+OMnP/Y2W45FHqKQPKIwj8AU+vbycGfENEIjURWg+oINHW5Vi07z6quilBW0Tl"
    "dJXUW+znTobgu1ZJRSKiXLPMv5lZFSCRnc1nlLHUaIKucieZOFJbpJZ4luksF4UoG2P+Op"
    "x/zmjCWKUkmtr9RMHj+WKCTG7a6azOETV7KFnDmcKLqHxQAfTYX2QF8IL0hWE+vRVq/PNy"
    "nTpuGWmRzsoD9iam+oaSyRQbQxsdzIle/RFzzlnjhfuE4LGwu8tBFwYjp3bj5HX7gi5Asa"
    "ww/b8X6zYc2JfesKH0Hq06Q+7aD6tE/dBq815nCyA7PHK5bVkc1X9cDsNn944j8tMprz38"
    "3fHlvdz3XkCITL+IbIwlIWXKXZ3WM5ln1AIHlIoYJtRCzireWsQlCEaE81j44YJ3adSTF8"
    "vUYzfJ2Qg3KKmbsImHFsSyRfXmXyv7ta4393JfO9fJtqLqlI2N8lYFCWD9WAQOK5WX/g+Q"
    "TsLth6Hggnhm5WoTZYVJsVBlIlsw+VzBGdbha32ODT1GPY+SixA0601flmZ5yFMnQpnDyT"
    "GSP1fp24rjKhoDnuLaNNdVPntIxaNloABwxiPg9mXSJGDQ3pzEbeaI7jDF0kNQjFdi1VB+"
    "VSHcBeMHPn1gyIDhhgv3pyshH2HLbcAXlRIllsPA5qicrglFMzL0WpokWpk78QciSASHJR"
    "mTjajkn6FP5zCH72qNOxR252Jw71no6piCd1nq/lQg2/RSbrlQ3sH9F4zQ5a5ywiZxrQT4"
    "/NT9wBGzM0hYMA3VxcDOYXF9p7+EfEU/sZ9ruJ8JDO4aegxvBeRhCWHoZWxFJ8Y4j7C2Yq"
    "XnpYMqeHZE6jk7KNdSvaQ6ltXI2PD612q9fvNvqtTrsekrBUaDEw7zoPD0/tVv9znQti8D"
    "Ua1raxbhWfoH+1W7LvgDCJ1McJ2Nq/ZkTgQH6rm9haiiH1KeIi2ZK5OZtODNB1Itl95zbC"
    "uMLavG21G93PZw+N315HuNf7TvuT3z7MlN5+7jcbcflM12CHZF/Eq/ZyBQtW8ITo40keST"
    "cgkHiKQuVhIyu2/m+B2Ts9Vj5MI1EVoGpP8NX1TR47d0BRZnZiW2/qLOWpb9KrU98kilOX"
    "SD9TNuirpKDxJytv6dwEnXTu3micDTArwkZb/dj9xBorVQD/Svd1a2FTc//ehNom2eh8nQ"
    "4n0DYNw+2zZOAP2fjUCdVVpzgrV758j0yKLLpAU4JN1yHYm1F0xn+ELILQ2yvbIRJk+9zT"
    "GNKwWC7djTux2+ptAuoDlraMalxq+YDfSn8zMNtwH3sVFz296/H1OZJlkyybZNkqlIXt5C"
    "8ayQyXmhmWJuFTMAnfUQtujxkFUAD5FiPTmlDSSLTaIGqE2yu6T5BB1oC/lRHrHM2wpRIA"
    "EqCd89hJntuLOj6HvDe0wDrjef95UYAz+N8EJBonPdhrhBGMrcPIAtvxHvoXWo4jS56HpP"
    "GkuSoAlTAex9oGZcQtohL9xeWb/pRiigydLNCsfN/s95tdkDmwxfDAfAS2v3lfhz0BozIy"
    "MD927p4emjy60t8edGB2+j9yGsqs7USSwtOU2bCvRKkq16jpVxR7ivY7opZ+L9UiTMryFd"
    "3z2lcP3utM8F6vgfdakHJ/Qhm/vFNyiKfjnCCsHuBX19dZYiyvr9NjLPm7eJiwd6kCp5u7"
    "roSQuMzn/JbI76W6RJidSWC+XoEUI5XxrWVWIM109Xk+c3ndPAdalKyCuyqLRjZdIZvQx0"
    "aEijxAx+iqd3EUDHQgkW0jDgTUB7RZOHMMTLv/OZnlAp5DpdX+BJKA3wPIAs371i/NbvNj"
    "3UkQRMZYw+Xg/zViwLVgbXWnxGllpE+ZL5VgthjNc9jF6ap32O0lE0kA2zZsspi6etDvhU"
    "0ulYno2HAXbH6LLMxc8AoopX1TVAWTzoiVd+3GqOTSFaY3C1QPucBNEsqFKxPlHsVoKTop"
    "CgD4MdRVRfGNnZCb4Q3t+gIQ/gYcIJLHZIoHRBo/IWHOArOAjyqn23UPZg6zuUVq6/yug1"
    "bn2Ryv7QjBRm+IfsS7WdV5NPvoHXdxXnWE9Cn8KY6bAjVJxIvaIjNqMZtXSgvi4wW+13sb"
    "RXpfl8utQYYPp6Mnw4fLu6Jl+LAMHz4lVGX4sAwfLuEVd3JWHxmLImNRTgRZGYsiY1FOZs"
    "GXNRalQSxdndQEGhfvzfk6LQsO2mxSrKQjJVUW5VJZvBDL9sKus/LSIZIKMtN78YrmmyoH"
    "wl7zCqK7lxgKGJERUXrvn3qddhqXtSKJyyi6ytB/kaHbpyhprwGXgxERTHxMV/q3ENx3Au"
    "0b7+B21zzGu15mf/8/5Snaag=="
)
