"""Migration administration_home: generated for SQLite and PostgreSQL by scripts/makemigration.py.

SQLite cannot add a foreign-key constraint to an existing table: there the new columns carry
their REFERENCES clause instead (edited by hand after generation)."""

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
        ALTER TABLE "community" ADD "contact_id" INT REFERENCES "contact" ("id") ON DELETE SET NULL;
        ALTER TABLE "community" ADD "deleted_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL;
        ALTER TABLE "community" ADD "deleted_at" TIMESTAMP;
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
        ALTER TABLE "community" ADD "deleted_at" TIMESTAMPTZ;
        ALTER TABLE "community" ADD "show_contact" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "community" ADD "deleted_by_id" INT;
        ALTER TABLE "staff_user" ADD "role_id" INT;
        CREATE TABLE "role_community" (
    "role_id" INT NOT NULL REFERENCES "role" ("id") ON DELETE CASCADE,
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE
);
        CREATE UNIQUE INDEX "uid_role_commun_role_id_community" ON "role_community" ("role_id", "community_id");
        ALTER TABLE "community" ADD CONSTRAINT "fk_communit_contact_726c95dc" FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL;
        ALTER TABLE "community" ADD CONSTRAINT "fk_communit_staff_us_7e557275" FOREIGN KEY ("deleted_by_id") REFERENCES "staff_user" ("id") ON DELETE SET NULL;
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_community_adminis_9ff466" ON "community" ("administration_id", "code");
        CREATE INDEX IF NOT EXISTS "idx_community_deleted_5face0" ON "community" ("deleted_at");
        ALTER TABLE "staff_user" ADD CONSTRAINT "fk_staff_us_role_054e0654" FOREIGN KEY ("role_id") REFERENCES "role" ("id") ON DELETE RESTRICT;""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "idx_community_deleted_5face0";
        DROP INDEX IF EXISTS "uid_community_adminis_9ff466";
        DROP TABLE IF EXISTS "role_community";
        ALTER TABLE "community" DROP COLUMN "contact_id";
        ALTER TABLE "community" DROP COLUMN "deleted_by_id";
        ALTER TABLE "community" DROP COLUMN "deleted_at";
        ALTER TABLE "community" DROP COLUMN "show_contact";
        ALTER TABLE "staff_user" DROP COLUMN "role_id";
        DROP TABLE IF EXISTS "role_community";
        DROP TABLE IF EXISTS "role";
        DROP TABLE IF EXISTS "community_signature";
        DROP TABLE IF EXISTS "contact";""",
    "postgres": """
        ALTER TABLE "staff_user" DROP CONSTRAINT IF EXISTS "fk_staff_us_role_054e0654";
        DROP INDEX IF EXISTS "idx_community_deleted_5face0";
        DROP INDEX IF EXISTS "uid_community_adminis_9ff466";
        DROP TABLE IF EXISTS "role_community";
        ALTER TABLE "community" DROP CONSTRAINT IF EXISTS "fk_communit_staff_us_7e557275";
        ALTER TABLE "community" DROP CONSTRAINT IF EXISTS "fk_communit_contact_726c95dc";
        ALTER TABLE "community" DROP COLUMN "contact_id";
        ALTER TABLE "community" DROP COLUMN "deleted_at";
        ALTER TABLE "community" DROP COLUMN "show_contact";
        ALTER TABLE "community" DROP COLUMN "deleted_by_id";
        ALTER TABLE "staff_user" DROP COLUMN "role_id";
        DROP TABLE IF EXISTS "role_community";
        DROP TABLE IF EXISTS "role";
        DROP TABLE IF EXISTS "contact";
        DROP TABLE IF EXISTS "community_signature";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXf1z4jjS/ldU1Fs1marMXJLZZObYt94qkmFn2U0gBWR3Z5ctj7AFeGMszhZhuLv939"
    "+WP/CXDDYYMB79cHuDrZadR7LU/XSr+z+1KdWIYb9taFPd1G1mYaZTs1ZH/6mZeErgHykt"
    "zlENz2bBfX6B4aHhiOBk2yH/pTK4O8KGTeCSRmzV0mfe82oNNLPojFhs+WaKTTwmU2IypN"
    "LpDJvL75FJ2UQ3x4iOEDUJ0m1EXoiFXnRbh4ciRhHmTYj1lj9Ooyo8D9oX3vPc1P81Jwqj"
    "Y8KvQf9//AmXdVMjX4nt/5w9KyOdGFoESF3jHTjXFbacOddaJvvBachfeqio1JhPzaDxbM"
    "km1Fy11k3Gr46JSQBawrtn1pyDac4Nw0Pfx9d906CJ+4ohGY2M8NzgQ8Kl3RcIrtUUpd3p"
    "K71mX1FqieHyJUI4e5dUavKhhle1nb9+zF/hzdXld++/+/Du5rsP0MR5zdWV93+7jw6AcQ"
    "UdeNr92t/Ofcyw28LBOADV+f8ErHcTbIlx9dvHkIVXjiPr41heaKf4q2IQc8wmHM+LizVA"
    "/tLo3v3Y6J5Bq9f8kRQ+RvdbbXu3rtx7HO0AXWvO8oDrNd8KWw+5FbR+kwDbYOE4OLiXVx"
    "mwvbxKhZbfiiKrWoRjoWABwB/hDtOnRAxyVDKGteaJvvX/sc2sPjb08AdqHdNYerNiDfT9"
    "1kOz1288PPLHTW37X4aDX6Pf5HeunKvL2NWzm9gwrTpBv7b6PyL+E/3eaTcdeKnNxpbzxK"
    "Bd//cafyc8Z1Qx6ULBWujT96/6qP3N94PRc2jx4heGWH1eYEtTIndC04NOpzAeTCd2cn7c"
    "esI//NwlxmqLjc0Eb9u+8zpanuBE+Nuf+v7VYEKEkTIZKBY7w+T0UlWQLGrsOpG60EVV4b"
    "EZHo12g6fHu3iyyVZqRFkx4isVvaJpa1fy1vRqGr/iaNya92z+JN+emGs6u6fjmsjW8O+t"
    "tzJ4K8Xwmm00MH6dUKROsAlvgxYTzM7RQmcTBFo8gvFnBA3JiFoEtH0N4REjVt29R4j2yk"
    "aDGjwIaYRhGEaNDmpJO2MfD5DmRrnMDX9fXiq54I2LbQb6BDTkQqAOoIWPl1oK/LHEyGNz"
    "xMSKseuODW3E+HiXybJ7t8aye5e07AA2bz/LAbR4B6wCxjdZIL5JR/gmATAd/kVU5oKUA+"
    "WYmIQ6O9SiFXkj0ML1uAKMRfEou9pLEuKfep22GOJAIs5S6CpD/0WGbp/gvrcGVw5FhInw"
    "8Tx7aPwWh/ruvnMbpxh4B7fxlZqrinlgXwlI1LdH/bT4uYOq2NWi55IqaC7NPiwitXqBVh"
    "9xBebEViQrQXZBTtDKaZgnAf8BdmV9bP5Mlg7uLXg3bKqijTrV93taeKcRXHDZwosVdyKe"
    "cPAPAIEwV59s9O4aH5u15LJRAMx5OMRTRTi0XEaAhRdA7af7+9rf6e6RfdKRgZ9EwEdGnC"
    "jphKQaaZYh4mE41w3NiT2wEECnUT795lPkvSUaLhE2UTArVX0wv7gYvTNFQQ67dSYgGv8Q"
    "LCQOMACk6J4KiNT+lPTkNxsNcexddf/xEGSK9Vzs5EqgegzD1fV3WQC+/i4dYH4vCvAMQM"
    "o1g1cCFQQ42wReM39lOM+hwnnAxgQzVOBiX8OnByLVQ3gvPgtHwciBsN++evBeZ0H3Oh3c"
    "6wS29oQuFDWIgolFQlBqEGyKYY6LxuAeguy+tInVlcMyjredzn2E0rpt9WNQPz3cNmENcU"
    "YAGumulZPkR1wLaBueMSpZAM+4ecYfUlU+EVrRB2ktr3haZLIM9iyITS4F9Vm6AS+YYPY2"
    "nrzxOGEhSSmn70vDnJFOCTkJ7gnw9WVbJIoj7Luwindbd/2aaNEoAOrsgeMlm9NZIY4ulS"
    "mcvXjlkC6RLAAnVszcfpEQfeYedNz51Mijd2CyQktHZI7yw527Hhn5hfdRJYB2dK9tPG3y"
    "gM1ln/L/Zvz4tz1yclQXz5rP3vmzlJhv0f8jLT7hYBlIOwFGLWcUnsnSh9hbLlYD5N2Kx5"
    "qziUXn48lKKuKlFDq34boS96plOS+Te4B3OjRzUqMc+UvzDbUDtjIH2fwD7spuOeIb/OWu"
    "3iP0lq9UonW+8qDRRk95jxANXVxcokHtziLY8W9zaWoP4PZiQhFmjJiajcB61zUCg/QK/g"
    "nzxGY2OiNvuBeO+8UdbxE0RgbBNnuddKPv9UnyMI/0lpdGDZDecuktrxTAhXvLJWufDr1k"
    "7SVrLxnQErBHOUKWS5t3pGT7ylHSIbTMF52lJl8L3T1fZ1Xp0XYZQpBBH3jDNyHE6DMxEZ"
    "uAyTLUuYGDUR/m0NjCU4RVlc5N5uRCQ45Nibg9yu0cvDKERDHJBfcuDahyGVDOqCoTbE/y"
    "KKFRqcolYrvJoujfpOv5Nwk1n3yd6fAdbKGIRiUrqIieiOKZKUoIFr1tjI2Q2EGCwOT47j"
    "K+w6XCvI1PaFvc6uPUbSmlgwpFWPzz6urdu/dXF+9uPlx/9/799YeL1ZaVvLVu77ptfeLb"
    "V2Ssk0EuFnmBvWibjy4qKb+7Mn93ksdJ/+yqy+P4Y5c3gC0hV6HltbDoQN8qywdtTEoCmw"
    "Q24ezNCG1CToK7kXQMMCuAcPwGAtUSc2xzZgT/iy8A4G6oq2riG1seN6MbbFVyAmcKZY1v"
    "7aXKQLGKuRTwv+F4zHT2dxZutZn7NZFuTueEF7k441T96zoa1D6SGaPo8uJyAL0ManfYxu"
    "jySpTudgt5YZKJSHSSm19CkroyKqYMMQWXmaJiLtdExVwmo2KmdKgbuRAOJKoXtnF5kwXh"
    "uB0ZAvhGhm1Ic/+4iblLN8z7tZsiG/bOx6eqV54koXbG5tj20RmrmGOB3yBPKY/sptSpYB"
    "4N4VJVYtsK/IXWznEsDaevJnRVpSl6tMNQJdNFjhLqs/r8BIZe+NNMN/TCtEqWIB+VctNQ"
    "JwxbOuVxNX4HdfiXSvQXYvMyiDpM9XM0xUtk6OazIERHFOJTaN9CAzFs1roR4tJA/GYMxJ"
    "ItGNU7NVG2LesAxyYsmmZ/N835NKG5Rn1YdAdLfCusYf3TTVWfYaOWD/LaY7fVvms9Nu7r"
    "aNXHwOw17zrtj43u5zqyiTo3Nb5wxxf2TKZ74Vn0to6MOUxEzBEW8QMHxBjYZoqrPuclT2"
    "KiMiRGhsRIjqxcHJmvSOejyGJSkiHbzJCFLZYdCbIKZmI5j/FjsQm2PT0WnH7Zkc2IHrc5"
    "yW3qwJQGdaBI0hmetryGyvBbZKEx5jajU8RF0JkdZGrgT7EHtdd1hBF/AbfCKmi3DNGRU2"
    "MVlsUJtfR/O2OKnIe/spFb0dAWshp7etTAHJh9aMUmFiGgldORDh1y2d5j8w7xigz4/RXC"
    "FnE64zUd2BvddF7Edh42wS8EmRSuLNCEWOQtarivCX08w5wbmF/uOg8PT+1W//MXBEoxzA"
    "uks9UrIAp7G9JNp//QcT+kTqhNTDSiFjTPXxNCUjLfCiVTtn3mAD57/mFtyxj4smXGutb4"
    "+NBqt3r9bqPf6rTrkTIxFNas1ZJS52sGvI2Gta04g8Ld/aA6THXbFm/66UUSY2I7lUrcjt"
    "b539HcdJZkd5XXYXfgz/u/nCxPEfarrKAobcxIO5k+o3z7v0yfUf70GTw4fkfbs4Jx2MVl"
    "Fl2bniR3+smdgo9OKv1k5C+Np58M0rVGE0/G45bieSdDOUh3zzHq7iRrSYbgyxAwDZHPJp"
    "1uiJ75yUI6uAlJpmQ6JFYd9ZyaiRi0RxSskRq1zqM/eRzEHQwOsf4iInqhmE4z2ucyZuL4"
    "BvpIt2ym5DXTo1JlNiDLZKw7nsi8UEeEJNLZkLYJLzSrbAW4SLZ6EUJ7gV1GCO09sapLzG"
    "9L+YXEy4x4rff02OwqDvdXR/YcFBDFUR8GpnfN+3XXad+1mt1PTc7+uQrIVuRftQOGyqDA"
    "HDheSLcVRmABFx+iX1s1Mi4qq0bmqBoJ4HF33otghdoEeiB3QMT9L+FkAZeBcTIwTjotpN"
    "NCOi1q2yeNCvjCjNiGJGQ+oySgC2o9w/OULc8+p4lLqKXDrXQVO8VndvJnkcpWUq5kszlz"
    "BqlgvcwAaeL7LwDfCqb9j4OctmzuULZTBi5L7/Gpeo+DWpD5vMeJbIIFlC3M4ER+JJYN2w"
    "/RevCdkJoo11q0xfnajGt+W8VeNd7oU+6YBLlT6o1PQ74ZUob8zmDW8aPz1NLQGcfnH+oE"
    "s3/wFty96JbFgLF7gebOpy4oY7ifRwj9zX54Kx9W6WM+po85PUhZjOspBCZv6xQqvBgcn9"
    "55sHWbVxLaPeQ84HM6CW969Lbf/vBh28fhUfcSoD2faVtynVFJyXWWhesUUNwrDTqRx/Yo"
    "GW65F4RoT878ESpfsSbrtS+/sTIPWmcI6VulHnLFEDb4cC/RBJuaQbRzZFOn8hg8UAcViN"
    "/gOYyQG7KCyGhEVGEupGI6ds4Iej29sv2+dM07uje26OIcDeeMn+Bb8lBCiyE8hrmLzjBD"
    "FjyLThEeMcK1uAUhz2ihwxc6ZwPT7cv+Ho0saHOJFhNi8uOLIDOkX+FhZDoH9R70P6db/k"
    "SETUQNzVEMh9gm/OijCW8DfxyvcK1RN7/TwHSOQ/JL7kPeoi8jAIZYPPUI+4J0XvNN08fE"
    "Xh2VdBvCU3mRbWKy76PgqNji+dsGJm9rQ+9vUZcubLSwdF6DGw0JmBwEhZ4C7//VUcfdU5"
    "LwnmQ6Y0v+VrvWj3PfNX/JnrBYMV6BMuiwBwkzSNd0gw8//94Vlz3M7nXQMTrNzSuLoy70"
    "refRxmNiB8zdVDuITl5MycGSaAmdOYO96AG+UTwW6gjRBms1BOo0Vaahthn0AzddIVpgnc"
    "EY8LqkQ9iAYIM658wI34087gT2Mb7h8VvorPfQO0fkDQ+15M04oyJgZgrvXdZELRcLo2ug"
    "c1BOsS2VnKSBQLRy1VEvM1Ezl2u4mcskOQNfg2mSlJDozeG6IfEyEzY1WAPqyJ6CRtx8aL"
    "Tu68iJ6x6YgEu/7iwJ8eUmy4h8yDAeH1JH40MiuSJR9ZkurPmTPvMjQmUegzIFqTNYLQzP"
    "7M0KdFimeqctii+9fBRismQYH5qXtOfDv4iaa/0IiVRvVr/LxLi/W8O4v0sy7kOqCXSTPv"
    "maov757SuxOK+ziJu/9dfP6JVBfN9pf/Kbx6d5FOwJmwqUk3Sw/fZVmMuHxhozhtXJVFwl"
    "I33hjonJ9XuHxD9HLMVTyiTORVaHZXPBtM5m5gTSh0xeTkyNQ5QP4dpjs/2x1f5UR548T1"
    "vuXbH9K6228rHzdAumj24qGp0PmdOq7zSBf39s3rd+aXabH+vI8ykQbWD+AJYTvzQC04n/"
    "7v3cenzkF+xnfTYj22U1y3bId80Z3/j2DMsRd10Ixjr9IEJI5HDnDy5O5NMxYbNVPIi28B"
    "oIxA9ykOsIYYFl9xNkOsflHLojlkUFx1LT9a6olNS+8mtfM4u+6FpK9fJ0+y0mVgXk981M"
    "nNZJRen/LMT/yRWbLUY8JCaPH5dt2yqJ2zVc6FDgdI3VQUx3uYaKL2YtRO6EpVPTCTZCfj"
    "WAVzZqAFQ8k7rm1JVrU55b3b/ATXGRd3WXrjZWn4NnKWBmDeFePNT9D+em81kJGkr366Hc"
    "r3wwV8OwjZUc6aDMbGet8dT/sdNt/c6N12A6c7u33eLXTKoEl7cyawtP1h3+RrYZnLB8qc"
    "em+9SvI4uHXD42er3HThd+zrCNZ9RiZGB2+j82u3VEmVWSymuhBSuH2h6VKvOAlOYcyQie"
    "mj8PZFiogjDvJSjEImMeC2yBpTNcKrlz5qWIVxD9vQQnnJZ5Kg+XFGOfyiNFVRv1tCNFsq"
    "7gQVImRTahfLmTBKIys48s3ZgJ5Ky5UDKVbkyd0AVgXMFqGXGMRR9y7lwz+2QOf9FtndUE"
    "nKF743wdW/iyapIpbYahm8Q/PeiIIoOO62gxoUiFZ5871QsXE12drMi/c/iNnbOSDtFnIx"
    "vr2jmic6bSqaA4w/4es/mkxh+1SM6TkCYsWcSDsoiSp5I8Vbl3aMlTHfyU5V5YKsfdsFtc"
    "X6yLMk/vfD6LgfnUvm/1+k50nm4q/A/F5XBkENPRyJJDtjb9ekjqgMnXj+N7LzD5OjxU1Y"
    "k1JgrgkHbMLy2oOCFa5u+jTCdETovBlYGSWya8P2Kwfuk+qoLZu2DxyYltVEyydkloj0c5"
    "VxDYNXTosXJDl21pyErWrU0KLWREj0M4l2wWF8E3BzSocA2WZHO2+Rvde0pFNPem9u2cZ9"
    "KrCcjm4Ob52gLAU1sZBu0yBKeqmGGDjucEOTGtdTQAI8+wMa/tOIBO4P+Qk53nf67fXlxc"
    "iIJSt+lC5vUpFyWclwsrlgYrUwafvVSShc9SpXNR1pjUmRuRkQaIUEvWVaKoxiyXjhySka"
    "gKUN2q8qIsu7gV83dSHJSMJ9tMSqVFEeY4BRVa3+aWOsG2qJxLnqo5oDo+ej2d4ERIU+13"
    "rZuzSRVfQSZWxsOIrlfHZ+GWmcJAXAUeDXm9GOYEY/ByJZ7lXXeCMIa6YfD0mn6Vk2cyY4"
    "i8EBPpblzHcL4kFoIF+4XYKRVU9vMYqdiXS7F3Rzm3rzsmVkGvklT0Sz6npaK/X1SdtTu/"
    "zzkmVsGVYS/+Zl8N2Cqpf0xW+pzL7HP2lCZlRiydClQaPtYpn1ZCct1In+B3tmaY+dAlFi"
    "hHB8mlFkZk5LKfuuznBHWZlrzom/UqyygT6bE//kq6m8deXDg78B/u6lAO+ywrim9kv8kE"
    "7lIU3C+d9SJog12nbI76eyo8EubdOd/ECRo046mw3kMPjS1s8qJvPqWGzjCaUpNNXtkIGw"
    "Zd8JniFjX2DYXXCJuae2RLt5FBRn5RummSCtzPIyQNWC4aML168uYTGKdQSbn20Gn3f7z/"
    "XHfnrbEcmI9P3BrvNesoTMEfP/mx97HlmOQhCakjCvMITKFvLw93RkwjMhJVAaov2NBhV7"
    "XoNC9fFZWsoHe6SnQV+TrTobstaMmopCQlyzzK+clISUIGu3XeUocRocqFSN5kUYlu0lWi"
    "m+RhPEmg7c956im/Oc8SRaUk6yuZyeOfJQqZcbtTkzli4ko2kTMfJ4p+w2KAj0ahPdAXwg"
    "uS1cQ82ur2+SYybRpumSnADvojpvaGmsYSGUQbE8s9ufI9+oKnPBLnC+e0sLHASxuBJqbz"
    "4OZz9IUTIV/QGH7YTvSbDXNOHFtX+BMknyb5tIPyaZ+6DV5rzNFkB2aPVyyrI5vP6oHZbf"
    "7wxH9aZDTnv5u/Pba6n+vIMQiX8Q8ii0pZcJVm9xvLMe0DAalDCgm2EbGIN5ezGkERoT3V"
    "PDriObHrTMTw9Rpm+DphB+U0M3cxMOPYlsi+vMoUf3e1Jv7uSuZ7+TZpLkkk7G8TMCjLh2"
    "ogIPHczB94MQG7G7ZeBMKJoZvVqA0m1WbCQFIy+6Bkjhh0s7jFBh+mHsPOS4kDcKKtzjcH"
    "4yyUoSvh5JnMeFLv14kbKhM6NMejZbSpbupcllHLRgvQgMHM54dZl4hRQ0M6s5H3NCdwhi"
    "6SDEKxXUvqoFzUAXwLZu7cmoHQAQ/Yr66c7Al7DlvuA3lRIVlsPA5qicrglJOZl6ZU0abU"
    "yW8IORJAJLWoTBptxyR9Cv85hD571OHYoza7k4Z6T8dUpJM619dqoYbfIpP3ygb1j2i8Zg"
    "etcxWRKw3op8fmJx6AjRmawkKAbi4uBvOLC+09/CMSqf0M37uJ8JDO4aegxvBeniAsPQyt"
    "iKX4zhD3F4xUvPSwVE4PqZxGB2Ub71a0h1L7uBofH1rtVq/fbfRbnXY9ZGGp0GJg3nUeHp"
    "7arf7nOjfE4G00rG3j3So+Qf/qa8n+BYRFJB8nUGv/mhFBAPmtbmJrKYbUl4ibZEvm5mw6"
    "MUDXmWT3nduI4gpz87bVbnQ/nz00fnsd0V7vO+1PfvuwUnr7ud9sxO0zXYMvJPskXrWXM1"
    "gwgydEH0/yWLqBgMRTdFQePmTF1v8tcHunn5UPy0hUBajaE3x1fZPHzx1IlFmd2DaaOkt5"
    "6pv06tQ3ieLUJeJnygZ9lQgaf7Dyls5NyMng7o3O2QCzIny01T+7n5hjpTrAv+K+bi1sau"
    "7fm6Btko3O13E4Ads0DLfPkoE/5ONTJ1RXneKsnHz5HpkUWXSBpgSbbkCwN6LojP8IeQSh"
    "t1e2IyTI9rmnZ0jHYrm4G3dgt+VtAukDlraMMi61fMBvxd8MzDbsx17FRY93PT6fI1U2qb"
    "JJla1CWdhOfqORynCplWHpEj4Fl/AdtWD3mFEABZBvMTKtCS2NRKsNpka4vaL7AhlsDfhb"
    "GbHO0QxbKgEgAdo5PzvJc3tRJ+aQ94YWWGc87z8vCnAG/5uAReOkB3uNMIJn6/Bkge94D/"
    "0LPceRKc+PpPGkuSoAlXAex9oGZcQtohL9xdWb/pRmijw6WaBb+b7Z7ze7YHNgi+GB+Qhq"
    "f/O+Dt8EPJWRgfmxc/f00OSnK/3Pgw7MTv9HLkOZtZ1JUniaMhu+K1GqyjU0/UpiT6f9js"
    "jS76VahElZvqJ7XvvqwXudCd7rNfBeC1LuTyjjm3dKDvF0nBOC1QP86vo6yxnL6+v0M5b8"
    "XvyYsLepgqabu66EULjM6/yWyO+lukRYnUlgvp5AionK861lJpBmuvo8n7m6bp4FLSpWwa"
    "8qCyObTsgm+NiIUZEH6Jhc9TaOgoEOLLJtzIFA+oA+C2eMQWn3XyezXcBzqLTan8AS8HsA"
    "W6B53/ql2W1+rDsJgsgYa7gc+r9GDNgWrK32lLisPOlT5k0lGC1G8yx2cbnqLXZ7yUQSwL"
    "aNmiyWrh70e1GTS+UiOjbcBbvfIhMzF7wCSenfFFXBpDNi5Z27MSk5dYXpzQLqIRe4SUE5"
    "cWWi3KM4LUUrRQEAP4a6qii+sRVyM7yhr74AhL+BAIjkMpkSAZGmT0iYs8As0KPKGXbdg5"
    "HDbG6R2rq466DVebbAazsisDEaoh+JblZ1fpp99I6HOK86QvoU/hQnTIGaJBJFbZEZtZjN"
    "K6UF5+MFsdd7e4qMvi5XWIM8PpyOnjw+XN4ZLY8Py+PDp4SqPD4sjw+XcIs7Oa+PPIsiz6"
    "KcCLLyLIo8i3IyE76sZ1EaxNLVSU3AuHh3ztexLDhos4lYSUdKUhbloixeiGV7x66z6tIh"
    "kQoq03uJiuYfVQ6EveYVRHcvZyjgiYyI0nv/1Ou007SslUjcRtFVhv6LDN0+RUt7DbgcjI"
    "hh4mO64t9CcN8J2Dfewe2ueYx33cz+/n+T9yVq"
)
