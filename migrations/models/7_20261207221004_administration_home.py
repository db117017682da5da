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
        ALTER TABLE "community" ADD "deleted_at" TIMESTAMP;
        ALTER TABLE "community" ADD "contact_id" INT REFERENCES "contact" ("id") ON DELETE SET NULL;
        ALTER TABLE "community" ADD "show_contact" INT NOT NULL DEFAULT 0;
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
        ALTER TABLE "community" ADD "contact_id" INT;
        ALTER TABLE "community" ADD "show_contact" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "community" ADD "deleted_at" TIMESTAMPTZ;
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
        ALTER TABLE "community" DROP COLUMN "deleted_at";
        ALTER TABLE "community" DROP COLUMN "contact_id";
        ALTER TABLE "community" DROP COLUMN "show_contact";
        ALTER TABLE "staff_user" DROP COLUMN "role_id";
        DROP TABLE IF EXISTS "contact";
        DROP TABLE IF EXISTS "role_community";
        DROP TABLE IF EXISTS "role";
        DROP TABLE IF EXISTS "community_signature";""",
    "postgres": """
        ALTER TABLE "staff_user" DROP CONSTRAINT IF EXISTS "fk_staff_us_role_054e0654";
        DROP INDEX IF EXISTS "idx_community_deleted_5face0";
        DROP INDEX IF EXISTS "uid_community_adminis_9ff466";
        DROP TABLE IF EXISTS "role_community";
        ALTER TABLE "community" DROP CONSTRAINT IF EXISTS "fk_communit_contact_726c95dc";
        ALTER TABLE "community" DROP COLUMN "contact_id";
        ALTER TABLE "community" DROP COLUMN "show_contact";
        ALTER TABLE "community" DROP COLUMN "deleted_at";
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
    "eJztXftz4ka2/le6qFs1nirPrO2JPbPk1q3CHjIhscEFOMkkpDSN1IBioWalxgy7m//9nt"
    "YDvVoggQCh6R82O0h9JPnr1znfefR/alOqEcN+29CmuqnbzMJMp2atjv5TM/GUwD9SWpyj"
    "Gp7Ngvv8AsNDwxHBybZD/ktlcHeEDZvAJY3YqqXPvPfVGmhm0Rmx2PLNFJt4TKbEZEil0x"
    "k2l98jk7KJbo4RHSFqEqTbiLwQC73otg4vRYwizJsQ6y1/nUZVeB+0L/zJc1P/15wojI4J"
    "vwbP/+NPuKybGvlKbP/n7FkZ6cTQIkDqGn+Ac11hy5lzrWWyH5yG/KOHikqN+dQMGs+WbE"
    "LNVWvdZPzqmJgEoCX88cyaczDNuWF46Pv4ul8aNHE/MSSjkRGeG7xLuLT7AcG1mqK0O32l"
    "1+wrSi3RXb5ECGfvkkpN3tXwqbbz14/5J7y5uvzu/Xcf3t189wGaOJ+5uvL+b/fVATCuoA"
    "NPu1/727mPGXZbOBgHoDr/n4D1boItMa5++xiy8MlxZH0cywvtFH9VDGKO2YTjeXGxBshf"
    "Gt27HxvdM2j1mr+SwmR052rbu3Xl3uNoB+hac5YHXK/5Vth6yK2g9ZsE2AYLx8HBvbzKgO"
    "3lVSq0/FYUWdUiHAsFCwD+CHeYPiVikKOSMaw1T/St/49tRvWxoYc/UOuYxtIbFWug77ce"
    "mr1+4+GRv25q2/8yHPwa/Sa/c+VcXcaunt3Eumn1EPRrq/8j4j/R751204GX2mxsOW8M2v"
    "V/r/FvwnNGFZMuFKyFpr5/1Uftb74fjJ5Dixe/MMTq8wJbmhK5ExoedDqF/mA6sZPj49YT"
    "/uHnLjFWW2xsJHjb9p33oOUJDoS//aHvXw0GRBgpk4FisTNMzlOqCpJFjV0HUhceUVV4bI"
    "ZHo93g6fFHPNlkKzWirBjxlYpe0bS1K3lrejWNX3E0bs17N3+Tb0/MNZ3d03FNZGv499Zb"
    "GbyVYnjNNhoYv04oUifYhK9Biwlm52ihswkCLR5B/zOChmRELQLavobwiBGr7t4jRHtlo0"
    "ENXoQ0wjB0o0YHtaSdsY8XSHOjXOaGvy8vlVzwxsU2A30CGnIhUAfQwuSllgJ/LDHy2Bwx"
    "sWLsumNDGzE+3mWy7N6tsezeJS07gM3bz3IALd4Bq4DxTRaIb9IRvkkATId/EZW5IOVAOS"
    "Ymoc4OtWhF3gi0cD2uAGNRPMqu9pKE+Kdepy2GOJCIsxS6ytB/kaHbJ7jvrcGVQxFhInw8"
    "zx4av8Whvrvv3MYpBv6A2/hKzVXFPLCvBCTq26N+WvzcQVXsatFzSRU0l2YfFpFavUCrj7"
    "gCc2IrkpUguyAnaOU0zJOA/wC7sj42fyZLB/cWfBs2VdFGner7PS280wguuGzhxYo7EQ84"
    "+AeAQJirTzZ6d42PzVpy2SgA5jwc4qkiHFouI8DCB6D20/197e9098g+6cjATyLgIyNOlH"
    "RCUo00yxDxMJzrhubEHlgIoNMoH37zKfK+Eg2XCJsoGJWqPphfXIzemaIgh90eJiAa/xAs"
    "JA4wAKTongqI1P6U9OQ3Gw1x7F11//EQZIr1XOzkSqB6DMPV9XdZAL7+Lh1gfi8K8AxAyj"
    "WCVwIVBDjbAF4zfmU4z6HCecDGBDNU4GJfw6cHItVDeC8+C0fByIGw37568F5nQfc6Hdzr"
    "BLb2hC4UNYiCiUVCUGoQbIphjovG4B6C7L60idWVwzKOt53OfYTSum31Y1A/Pdw2YQ1xeg"
    "Aa6a6Vk+RHXAtoG54xKlkAz7h5xB9SVT4RWtEHaS2veFpksgz2LIhNLgX1WboOL5hg9jae"
    "vPE4YSFJKZ8ApVy2cVwcp9yFhabbuuvXROO6AKizxzaXbExnhTg6m3PTyiH2wc0T2zno/t"
    "HLN6vQsI6MTZ4bt2vE/S/8GVUCaEfvxMZg/QdsLvuU/zfjvN82Yv+oDPmaOe/8WUrMNeP/"
    "kRYfcKAopyXQUMvphWey9CH2lotVB3m34qG6bGLR+Xiykoo4eYS+QbiuxJ0SWdINcnfwTj"
    "kHJ9XLkb80X1c7YCtzkM3f4a7slj2+wd3o7slCZ+Nqu17nagwabXQ09gjR0MXFJRrU7sDc"
    "ctyDXJraA7i9mFCEGSOmZiMwfnSNQCe9gn/COLGZjc7IG+7E4G5Fh2yHxsgg2Gavk17Ivb"
    "5J5kJIZ2Np1ADpbJTOxkoBXLizUZKe6dBL0lOSnpKdKwF1lCPis7RlG0q2rxwlm7xlvugs"
    "tXZV6O75OqtKj7bLEMEJ+sAbvgkhRp+JidgETJahzg0cjPowhsYWniKsqnRuMqeUFHJsSs"
    "TtUW7n4JUhJArpLPjp0oAqlwHl9KoywfYkjxIalapcHaubLIr+Tbqef5NQ88nXmQ7zYAtF"
    "NCpZQUX0RBTPTEEWsOhtY2yExA4SQyP7d5f+HS4V5m18QtviVh+nbkspD6iQ9/+fV1fv3r"
    "2/unh38+H6u/fvrz9crLas5K11e9dt6xPfviJ9nQy9sMgL7EXbTLqopJx3ZZ53ksdJn3bV"
    "5XH8vhvmrXQUl6vQ8lpYzJpvleWDNiYlgU0Cm3D2ZoQ2ISfB3Ug6BpgVQDh+A6nPiTG2Ob"
    "Hcn/EFANwNPaqa+MaWx83oBluVHMCZwizjW3upEvhXMZcC/jccj5nO/s7CrTZzvybSzemc"
    "8DMCzjhV/7qOBrWPZMYoury4HMBTBrU7bGN0eSWqFrqFvDBHPxKd5KbnS1JXRsWUIabgMl"
    "NUzOWaqJjLZFTMlA51IxfCgUT1wjYub7IgHLcjQwDfyLANae4ft65x6bp5v3ZTZMPeObWn"
    "eqc7JNTO2BjbPjpjFXMs8BvkOQkhuyl1KpjHypmpxLYV+AutneNYGs6zmvCoKg3RoyVDlU"
    "wXOUqoz2r6CQy98NRMN/TCtEqWIB+VctNQJwxbOuVxNf4D6vAvlegvxOanyOkw1M/RFC+R"
    "oZvPghAdUYhPoc8WGohhs9aNEJcG4jdjIJZswahe1kTZtqwDpE1YNM3+bprzaUJzjfqw6A"
    "6W+FZYw/qnm6o+w0YtH+S1x26rfdd6bNzX0eoZA7PXvOu0Pza6n+vIJurc1PjCHV/YM5nu"
    "hRch2zoy5jARMUdYxA8cEGNgmymu+pyXPImJypAYGRIjObJycWS+Ip2PIotJSYZsM0MWtl"
    "h2JMgqWInlPMaPxQbY9vRYkP2yI5sRTbc5yW3qwJQGdaBI0hmetryGyvBbZKEx5jajU8RF"
    "0JkdVGrgb7EHtdd1hBH/APeAStBuGaIj54hKWBYn1NL/7fQpcl7+ykbugXC2kNXY06sG5s"
    "DsQys2sQgBrZyOdHggl+09Nu8QL2iP318hbBHnYbwkPnujm86H2M7LJviFIJPClQWaEIu8"
    "RQ33M+EZzzDmBuaXu87Dw1O71f/8BYFSDOMC6Wz1CYjC3oZ003l+KN0PqRNqExONqAXN85"
    "fUl5TMt0LJlG2fOYDPnk+sbRkDX7bMWNcaHx9a7Vav3230W512PXLKBoU1a7Wk1PmaAV+j"
    "YW0rzqBwdz+oDlPdtsWbfvoZczGxnU6a247W+d/R3HSWZHeV12F34O/7v5wsTxH2qzyATt"
    "qYkXayfEb59n9ZPqP85TN4cPyOtmcF47CLqyy6tjxJ7vKTOwUfnVT5ychfGi8/GZRrjRae"
    "jMctxetOhmqQ7l5j1N1J1pIMwcwQMA2RaZNON0RzfrKQDm5BkimZDolVRz3nyDkM2iMK1k"
    "iNWufRnzwO4g46h1h/ERG9UMxDM9rnMmbi+Ab6SLdspuQ106NSZTYgy2SsO57IvFBHhCTS"
    "2ZC2CT+nU9kKcJFs9SKE9gK7jBDae2FVl5jflvILiZcZ8Vrv6bHZVRzur47sOSggiqM+DE"
    "zvmvfrrtO+azW7n5qc/XMVkK3Iv2oHDJVBgTlwvJBuK4zAAi5Ool976F5cVB66l+PQPQCP"
    "u/NeBCvUJtADuQMi7s+EkwVcBsbJwDjptJBOC+m0qG1fNCrgCzNiG5KQ9YySgC6o9QzvU7"
    "bMfU4Tl1BLh1vpTpMU5+zkryKV7Ui5ko3mzBWkgvUyA6SJ+V8AvhUs+x8HOW3Z3OHYThm4"
    "LL3Hp+o9Ds6CzOc9TlQTLODYwgxO5Edi2bD9EK0H84TURLXWoi3O11Zc89sq9qrxRp9yxy"
    "TIHVJvfBryzZAy5D8MRh1PnaeWhs44Pv9QJ5j9g7fg7kX3WAzouxdo7kx1wTGG+3mF0N/s"
    "h7fybpU+5mP6mNODlMW4nkJg8rZOocIPg+PDOw+2bvNKQruHmgd8TCfhTY/e9tsfPmz7OD"
    "zqXgK05zNtS64zKim5zrJwnQKKe6VBJ+rYHqXCLfeCEO3JGT9C5SvWZL325TdW5kHrDCF9"
    "q9JDrhjCBu/uJZpgUzOIdo5s6pw8Bi/UQQXiN3gNI+SGrCAyGhFVWAupmAc7OYLek17Z/r"
    "N0zUvdG1t0cY6Gc8Yz+JY8lNBiCI9h7KIzzJAF76JThEeMcC1uQcgzWugwQ+dsYLrPsr9H"
    "IwvaXKLFhJg8fRFkhvQrvIxM56Deg/7nPJa/EWETUUNzFMMhtglPfTTha+CP4ydca9St7z"
    "QwnXRIfsl9yVv0ZQTAEIuXHmFfkM7PfNP0MbFXqZJuQ3grP2SbmOz7KDgqtnj9toHJ29rw"
    "9LeoSxc2Wlg6P4MbDQmYHASF3gLf/9VRx90sSfhOMp2xJf+qXc+Pc781/5E9YbFivAJl0G"
    "EPEmaQrukGEz//3hWXPczuddA+Os3NK4ujLjTX82jjMbED1m6qHUQnL+bIwZJoCZ05g73o"
    "AeYoHgt1hGiDtRoCdZoq01DbDPqBW64QLbDOoA/4uaRD2IBggzrnzAjfjTzuBPYxvuHxW+"
    "is99A7R+QND7XkzTijImBmCn+6PBO1XCyMroHOQTnFtlRykgYC0cqdjnqZiZq5XMPNXCbJ"
    "GZgNpklSQqI3h+uGxMtM2NRgDagjewoacfOh0bqvIyeue2ACLv26syTEl5ssPfIhQ398SO"
    "2ND4niikTVZ7rwzJ/0kR8RKnMflClIncFqYXhmb1agwzLVy7Yo/ujloxCTJcP40LykPR/+"
    "RdRc60dIpHqj+l0mxv3dGsb9XZJxH1JNoJv0ydcU9c9vX4nFeZ1F3Pytv35Erwzi+077k9"
    "88PsyjYE/YVKCcpIPtt6/CWD401pgxrE6m4lMy0hfumJhcv3co/HPEo3hKWcS5yNNh2Vww"
    "rLOZOYH0IYuXE1PjEOVDuPbYbH9stT/VkSfPy5Z7V2z/SqutfOw83YLpo5uKRudD5rTqO0"
    "3g3x+b961fmt3mxzryfApEG5g/gOXEL43AdOK/ez+3Hh/5BftZn83IdlXNsiX5rsnxjW/P"
    "sBxx14Wgr9MTEUIih8s/uDiRqWPCZqt4EG3hNRCIHySR6whhgWX3E2TK43KS7ohlUUFaar"
    "reFZWS2ld+7Wtm0RddSzm9PN1+i4lVAfl9MxOnlako/Z+F+D+5YrNFj4fEZPpx2batkrhd"
    "wwcdCpyusXMQ012uocMXsx5E7oSlU9MJNkL+aQCvbNQAqHgldc05V65NeW11/wI3xUXe1V"
    "0etfH0OXiXAmbWEO7FQ93/cG4600rQULpfD+V+5Z256oZtrOTIA8rMdtYaT/0fO93W79x4"
    "DYYzt3vbLX7NpEpweSuztvBi3eE5sk3nhOVL3Tfdp34dWTzk8rHR6z12uvBzhm08oxYjA7"
    "PT/7HZrSPKrJKcvBZasHKo7VGpMndIafJIRvDW/HUgw0IVhHkvQSEWGfNYYAssneFSyV0z"
    "L0W8gujvJTjhtMxTmVxSjH0qU4qq1utpKUXyXMGDlEyKbEL5aicJRGVlH3l0YyaQs9ZCyX"
    "R0Y+qALgDjCp6WEcdYNJFz15rZJ3P4i27rrCbgDN0b5+vYwpdVk0xlMwzdJH72oCOKDDqu"
    "o8WEIhXefe6cXriY6OpkRf6dw2/s5Eo6RJ+NbKxr54jOmUqngsMZ9veazZkaf9QiNU9Cmr"
    "BkEQ/KIkqeSvJU5d6hJU918CzLvbBUjrtht7i+2CPKPLzz+SwG5lP7vtXrO9F5uqnwPxSX"
    "w5FBTEcjS3bZ2vLrIakDFl8/ju+9wOLr8FJVJ9aYKIBDWppfWlBxQrTM86NMGSKnxeDKQM"
    "ktC94fMVi/dJOqYPYuWHxyYhsVk6xdEtrjUc4VBHYNHXqs2tBlWxqyknVri0ILGdHjEM4l"
    "G8VF8M0BDSpcgyXZnG38RveeUhHNval9O+eV9GoCsjm4eb72AOCprQyDdhmCU1XMsEHHc4"
    "KcmNY6GoCRZ9iYn+04gIfA/yGnOs//XL+9uLgQBaVu8whZ16dclHBeLqxYGqxMFXz2cpIs"
    "TEuVzkVVY1JHbkRGGiBCLVlXiaIas1w6ckhGoipAdauTF+Wxi1sxfyfFQcl4ss2kVFoUYY"
    "4sqND6NrfUCbZFx7nkOTUHVMdH70knOBDSVPtdz83ZpIqvIBMr42FE16vjs3DLTGEgrgKP"
    "hvy8GOYEY/DjSjzLu+4EYQx1w+DlNf1TTp7JjCHyQkyku3Edw/mSWAgW7Bdip5ygsp/XSM"
    "W+XIq928u5fd0xsQp6laSiX/IxLRX9/aLqrN35fc4xsQquDHvxN/tqwFZF/WOy0udcZp+z"
    "pzQpM2LpVKDS8L5OmVoJyXU9fYLzbE03865LLFCODpJLLYzIyGU/ddnPCeoyrXjRN+tVll"
    "Em0mN//JV0N4+9+ODswH+4q0M57LOsKL6R/SYTuEtRcL901ougDXadsjnq76kwJcy7c76J"
    "EzRoxqyw3kMPjS1s8kPffEoNnWE0pSabvLIRNgy64CPFPdTYNxReI2xqbsqWbiODjPxD6a"
    "ZJKnA/r5A0YLlowPTTkzdnYJzCScq1h067/+P957o7bo3lwHx84tZ4r1lHYQr++MWPvcmW"
    "Y5CHJKSOKKwjMIVne3W4M2IakZGoClB9wYYOu6pFp3n5qqhkBb3TVaKryNeZDo/bgpaMSk"
    "pSssy9nJ+MlCRksFvnPeowIlS5EMmbLCrRTbpKdJNMxpME2v6cp57ymzOXKColWV/JTB4/"
    "lyhkxu1OTeaIiSvZQM6cThSdw2KAj0ahPdAXwg8kq4l5tNXt801k2jTcMlOAHTyPmNobah"
    "pLZBBtTCw3c+V79AVPeSTOF85pYWOBlzYCTUznwc3n6AsnQr6gMfywneg3G8acOLau8DdI"
    "Pk3yaQfl0z51G/ysMUeTHZg9fmJZHdl8VA/MbvOHJ/7TIqM5/9387bHV/VxHjkG4jE+ILC"
    "plwac0u3Msx7APBKQOKSTYRsQi3ljOagRFhPZ05tER88SuMxHD12uY4euEHZTTzNzFwIxj"
    "WyL78ipT/N3Vmvi7K1nv5dukuSSRsL9NwKAsH6qBgMRzM3/gxQTsbth6EQgnhm5WozYYVJ"
    "sJA0nJ7IOSOWLQzeIWG7ybegw7HyUOwIm2Ot8cjLNQhq6EU2cyY6berxM3VCaUNMejZbSp"
    "bupcllHLRgvQgMHM58msS8SooSGd2ch7mxM4QxdJBqHYR0vqoFzUAcwFM3dtzUDogAn2qy"
    "snm2HPYcudkBcVkoeNx0Et0TE45WTmpSlVtCl18htCjgIQSS0qk0bbMUmfwn8Ooc8etTv2"
    "qM3upKHe0zEV6aTO9bVaqOG3yOS9skH9Ixo/s4PWuYrIlQb002PzEw/AxgxNYSFANxcXg/"
    "nFhfYe/hGJ1H6G+W4iPKRz+Ck4Y3gvbxAePQytiKX4zhD3F/RU/OhhqZweUjmNdso23q3o"
    "E0rt42p8fGi1W71+t9Fvddr1kIWlQouBedd5eHhqt/qf69wQg6/RsLaNd6v4Av2r2ZJ9Bo"
    "RFJB8nUGv/mhFBAPmtbmJrKYbUl4ibZEvm1mw6MUDXmWT3nduI4gpj87bVbnQ/nz00fnsd"
    "0V7vO+1PfvuwUnr7ud9sxO0zXYMZkn0Qr9rLESwYwROijyd5LN1AQOIpSpWHiazY+r8Fbu"
    "/0XPmwjERVgKo9wVfXN3n83IFEmdWJbaOpsxxPfZN+OvVN4nDqEvEzZYO+SgSN31l5j85N"
    "yMng7o3O2QCzIny01c/dT4yxUiXwr7ivWwubmvv3JmibZKPzdRxOwDYNw+2zVOAP+fjUCd"
    "VV53BWTr58j0yKLLpAU4JNNyDY61F0xn+EPILwtFe2IySo9rmnd0jHYrm4G7djt+VtAukD"
    "Hm0ZZVxq+YDfir8ZmG3Yj70TFz3e9fh8jlTZpMomVbYKVWE7+Y1GKsOlVoalS/gUXMJ31I"
    "LdY0YBFEC+xci0JrQ0Eq02mBrh9oruC2SwNeBvZcQ6RzNsqQSABGjnPHeS1/aiTswhfxpa"
    "YJ3xuv/8UIAz+N8ELBqnPNhrhBG8W4c3C3zHe3i+0HMcGfI8JY0XzVUBqITzONY2OEbcIi"
    "rRX1y96U9ppsjUyQLdyvfNfr/ZBZsDWwwPzEdQ+5v3dZgT8FZGBubHzt3TQ5NnV/rTgw7M"
    "Tv9HLkOZtZ1JUniZMhvmlahU5RqafiWxp2y/I7L0ezktwqQs36F7XvvqwXudCd7rNfBeC0"
    "ruTyjjm3dKDfF0nBOC1QP86vo6S47l9XV6jiW/F08T9jZV0HRznyshFC7zOr8l8ns5XSKs"
    "ziQwX08gxURlfmuZCaSZrj7PZ66um2dBi4pVcFZlYWTTCdkEHxsxKvIAHZOr3sZRMNCBRb"
    "aNORBIH9Bn4fQxKO3+52S2C3gNlVb7E1gC/hPAFmjet35pdpsf606BIDLGGi6H/q8RA7YF"
    "a6s9JS4rM33KvKkEvcVonsUuLle9xW4vlUgC2LZRk8XS1YN+L2pyqVxEx4a7YPdbZGDmgl"
    "cgKf2bolMw6YxYecduTEoOXWF5s4B6yAVuUlAOXFko9yhOS9FKUQDAj6FHVRTf2Aq5Gd7Q"
    "rC8A4W8gACK5TKZEQKTpExLmLDAL9Khyhl33oOcwm1ukti7uOmh1ni3w2o4IbIyG6Eeim1"
    "WdZ7OP3vEQ59WDkD6FP8UJU6AmiURRW2RGLWbzk9KC/HhB7PXe3iKjr8sV1iDTh9PRk+nD"
    "5R3RMn1Ypg+fEqoyfVimD5dwizs5r4/MRZG5KCeCrMxFkbkoJzPgy5qL0iCWrk5qAsbFu3"
    "O+jmXBQZtNxEo6UpKyKBdl8UIs20u7zqpLh0QqqEzvJSqaT6ocCHvNK4juXnIo4I2MiMp7"
    "/9TrtNO0rJVI3EbRVYb+iwzdPkVLew24HIyIYeJjuuLfQnDfCdg3/oDbXesY77qZ/f3/Ri"
    "ZAZw=="
)
