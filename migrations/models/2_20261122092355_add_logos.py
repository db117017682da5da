"""Migration add_logos: generated for SQLite and PostgreSQL by scripts/makemigration.py."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "logo" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "owner_kind" VARCHAR(16) NOT NULL /* ADMINISTRATION: administracion
COMMUNITY: comunidad */,
    "owner_id" INT NOT NULL,
    "jpeg" BLOB NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "byte_size" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "updated_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_logo_owner_k_192df8" UNIQUE ("owner_kind", "owner_id")
) /* One stored logo: a clean JPEG of at most 600×600 and what is known about it. */;
        CREATE TABLE IF NOT EXISTS "community_branding" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "choice" VARCHAR(16) NOT NULL /* ADMINISTRATION: administracion
COMMUNITY: comunidad
NONE: sin_logo */,
    "updated_at" TIMESTAMP NOT NULL,
    "updated_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL UNIQUE REFERENCES "community" ("id") ON DELETE CASCADE
) /* A community's choice of logo; no row means the default (the administration's logo). */;""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "logo" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "owner_kind" VARCHAR(16) NOT NULL,
    "owner_id" INT NOT NULL,
    "jpeg" BYTEA NOT NULL,
    "width" INT NOT NULL,
    "height" INT NOT NULL,
    "byte_size" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "updated_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_logo_owner_k_192df8" UNIQUE ("owner_kind", "owner_id")
);
COMMENT ON COLUMN "logo"."owner_kind" IS 'ADMINISTRATION: administracion
COMMUNITY: comunidad';
COMMENT ON TABLE "logo" IS 'One stored logo: a clean JPEG of at most 600×600 and what is known about it.';
        CREATE TABLE IF NOT EXISTS "community_branding" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "choice" VARCHAR(16) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "updated_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "community_id" INT NOT NULL UNIQUE REFERENCES "community" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "community_branding"."choice" IS 'ADMINISTRATION: administracion
COMMUNITY: comunidad
NONE: sin_logo';
COMMENT ON TABLE "community_branding" IS 'A community''s choice of logo; no row means the default (the administration''s logo).';""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP TABLE IF EXISTS "community_branding";
        DROP TABLE IF EXISTS "logo";""",
    "postgres": """
        DROP TABLE IF EXISTS "logo";
        DROP TABLE IF EXISTS "community_branding";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXWtz2zbW/isYzTvTZEbp2k6s5FU/SbaSqLUljyS3TasdFiIhiTUJaEnIjnY3/30BXs"
    "QbSJG6UgxmOqlJ4oDUg9s5zzk4+E/NJBoy7B9bmqlj3aYWpDrBtSb4Tw1DE7E/UkrUQQ0u"
    "FsFzfoPCieGIwGTZCb9SKXs6hYaN2C0N2aqlL7z31VpgYZEFsujqjQkxnCETYQpUYi4gXv"
    "0EMKFzHc8AmQKCEdBtgJ6RBZ51W2cvBZQAyIsg60f+Oo2o7H2s/N5rXmL9X0ukUDJD/B6r"
    "/89/sts61tBXZPuXiydlqiNDiwCpa7wC575CVwvnXhfTj05B/tETRSXG0sRB4cWKzglel9"
    "Yx5XdnCCMGLeLVU2vJwcRLw/DQ9/F1vzQo4n5iSEZDU7g0eJNwafcDgns1Ren1R8qwM1KU"
    "WqK5fIkQzt4tlWDe1OxTbefXz/gnvLm6fPf+3Ye3jXcfWBHnM9d33n9zXx0A4wo68PRGtW"
    "/Oc0ihW8LBOADV+X8C1ps5tMS4+uVjyLJPjiPr41heaE34VTEQntE5x/PiIgPIX1uDm8+t"
    "wStW6jV/JWGD0R2rPe/RlfuMox2gay1pEXC94lth6yG3htYvEmAbTBxHB/fyKge2l1ep0P"
    "JHUWRVC3EsFCgA+JY9obqJxCBHJWNYa57oj/4f2/TqU0PPfqDWx8bK6xUZ0I+6953hqHX/"
    "wF9n2va/DAe/1qjDn1w5d1exu68asWZaVwJ+644+A34J/uj3Og68xKYzy3ljUG70R41/E1"
    "xSomDyokAtNPT9uz5q3/h6MH0KTV78xgSqTy/Q0pTIk1D3IKbJ2oPqyE72j7Yn/PGXATLW"
    "S2ysJ3jL9o1X0eoMO8I3v+v7d4MOESBlUzid7obRkFfxaKOtloCyYsR7Gbkiaf0u+ci8Mu"
    "N3HG1J897N3+TrgktNp3dkJtQT/WfZGiIvpRhesY3K4W9zAtQ5xOxrwMsc0jp40ekcMA0M"
    "sPanCEzQlFiIaWoagFOKrKb7DCHtBxuMa+xFQEMUsmbUyLiW1BEP8QKpKpZLVfTn1JVSCN"
    "642Gagz0C72QvUAbRs8BJLYT8WGUX0xZjYfnTyU0MbURzf5tLK32Zo5W+TWjmDzVvPCgAt"
    "XgGrgHEjD8SNdIQbCYDJ5G+kUhekAijHxCTU+aEWzcgbgRbOxxWwNvePsqu9JCH+edjviS"
    "EOJOIWpq5S8F9g6PYZrnsZuHIoIlakj+er+9bvcahv7vrtuHnIK2jHZ2quKhaBfS0gUd8e"
    "9fPiVo6qYleLWkmqoIU0+7CI1OoFWn3EjVMQW5GsBNkFOUEJpmGeBPwjW5X1Gf4FrRzcu+"
    "zbIFZFC3Wq3+688E4juNhtC76suRNxh2N/MBAQdfXJ1vCmddupJaeNPcBchEM8V4RD02UE"
    "WPYBoPd4d1f7lk5tH5KODDhuAR8ZIcDTCUk1UiyHt3qy1A3N8RtbgEGnEd79libwvhJMVg"
    "BiEPRKVR8vLy6mb7HIQb1bZQKi8U/BROIA809JQX633upTr5yH91cjE+qFGMi1QPVYhKvr"
    "d3kAvn6XDjB/FgV4wUAq1IPXAhUEOF8Hzui/MtziWOEWzI5kpqbAl57BmQci1UP4IH4Jla"
    "lVRRD2y1cP3us86F6ng3udxPasOC0ZL7QnUqsUDEzpGrzqFEzZAN8fBzNgI2LQvRllUQUh"
    "bdON2945CO7Bi/+uEPSRaYLHqtMdMfqV11ElgHZknDZGGN5DvBoR/u8BKMJy0SIZ49/5bU"
    "qMc4v8Uot3PaZ/pIW2Estpjye0WoOtLJmsN32sG8wrEA/HonOLLGfzQDbC5AkJYHZfibNS"
    "3zIZxi5+1mnq1pjQ03oWx6hHy+UgGZnt/IZrZYCSJ4QBnUMKJqwP2ACCEftdMwuaAKoqWW"
    "Lq7FQBDgaA48e5RAiYLqJrCFMR67jn2mW8Y7nIRqdVlTm050WMsqhU5bbJNPKQYo10TqyR"
    "oMTQ14XOxsEWlllUsoKW2ZlYYj4mmaYYm/S2sb5DYnto4JKRHpVr38lKod7CJzS22/osdV"
    "lKqaBCMQ//f3X19u37q4u3jQ/X796/v/5wsV6yko+y1q529xNfviJtnQw/sdAzW4u2GXRR"
    "STnuyjzuJLGZPuyqS2z6bTcpuhknLleh6XVvcXu+VVYM2piUBDYJbIKcyAltQk6Cu5GFDz"
    "DbAwP/HUTnJfrY5thHf8TvAeBBqKpq4hubHjejGyxVsgPnATixtJcqxnTtQhLwv2H3Ujr7"
    "uwiX2sz9YqBjc4l4CqJXnM5+3QTj2i1aUAIuLy7HrJZx7QbaEFxeiTa0byEvDCONsOkygv"
    "TkpK6MIA2ixHLFMF1mxDBdJmOYTDLRjUIIBxLVi2O6bORBOG5HhgBuyDgmae6fNvVG6Zr5"
    "sHZTZMHeUeusYvKohNoZ62NixT5PtJJvIewYiFPAlDoXzGM77lRk2wr7hdbOgV0tp64Oq6"
    "pKXfRksV0l00VOkttsPfwEhl54aKYbemFaJU+Qj0q4aagjCi2d8Lgav4Im+0tF+jOyeZJa"
    "nXX1OjDhChg6fhKE6IhCfPZat9BADJu17m4qaSB+NwZiySaM6u0wLNuSdYQthhZJs787eG"
    "kmNNeoD4vsYIlvhTWb/3Ss6gto1IpBXnsYdHs33YfWXROs6xjjYeem37ttDb40gY3UJdb4"
    "xB2f2HOZ7nvfQ7d1ZMxxImJOMIkfOSDGgDZVXPW5KHkSE5UhMTIkRnJk5eLIfEW6GEUWk5"
    "IM2WaGLGyx7EiQVXBjWT3Gj8U62Pb0WLD7ZUc2I7rd5iyXqeNSGkHwgIDTiEQWpJMa0XCc"
    "PLSGu1fIROaEZ0sfOgmLIOtKINgOqxGrHr3kFMUNAwdZfyMRn7GfSnMmTJJ0xunpjKluMc"
    "21KKkRlaqg5X0Q37djJBSFOiIkkc6HNDPtCdaUrQAXyVaPvDsI7JK8O3h+MItMU+NnNvN3"
    "IfEyI14bPj50Bkrr9r7bawJ7yRQQxVEfxti7513d9Hs33c7gU6fJ0zo6Cojk8hITTxkUmC"
    "NTebqtUMQmcHF8e5sQA0GcojnGRGNNMGGyhxop6zvHJfDa/f5dhMRpd2MA9x7v2x02BJwR"
    "wArpNB13fhbKs2CG2gR6IHdExP2RcLaAS85actaSs64qZy3z0x1j2+ELsZ7Y+5Qto2jTxO"
    "UmRJkKsBSpADP7+h5ALxLGXLL+nRfutDFeeA+d9NccObtg5knPhXMM7hSxf1Y5BiO/NJ5j"
    "MEjZGM0uGB8e8eSCiU3Ue8gu6GpN2ZtLkWWzuRJpQ37WcE20xTRaop650dQvq9jrwhv9dX"
    "2MgNul3vgUz5sJocCvjPU6HjFMLA284vj8Q51D+g9egrtu3GyArO2eWXFnqL9Oeu8O8wqh"
    "L4/NhU7z8WaV/rtT+u/8lsjLuPvly0z/bh2PnCscucB5Ebx7F8HWLV5JaA8Q6s37dBLe9L"
    "M7/fI7Hd1ZNpwzYD3I2Z3LhbYljxSVlDxSWXgkAX241qAT6TtOktiDM8xIe3T6j1D5ihXJ"
    "1r78wsoyKJ0jXGq948oVA9Dgzb0Cc4g1A2l1YBMn4TJ7oc5UIP6Ab90CbjgAQNMpUoVbwP"
    "ZX8Q4Jnt13F8+pGRbbDzdYBm3rKM7GdJ0s6KLFZ9m4rDwjuSTTbBpdX5Jptr+kE/L1nnUd"
    "OBNOstECmVMscYoqZqhsjgnW3eYKXqBO+UmblIAJYpMcpnVuWrIJzTc+yZRnxncegVfD+2"
    "EdoDc8Dsg5nJOZpALTdu+1y1z65TJjdQ2ZC8I5ipVS0OoSiFYuq/5lLtv2MsO4vUxat2w0"
    "YIxS4vU2x5KFxMts8dbYHNAEtmmPcee+1b1rAifocIwZLqOmMyXEp5s8LfIhR3t8SG2ND4"
    "lNuUjVF7owV2TG+ZRhoTK3QZkiKO3l5G+mcBfBOSRSvUDgg5xUOSGaYA4foa8py6RfvhKd"
    "OEuh7fw+yqZ01vrsXb/3yS8e53miYM+pKZjE08H2y1ehLx8ba0gpVOemOAtVOnUZE9uJwT"
    "yfFjgIgXnKVHelTJKwz+zrdJlyhPNmdTCQPmZyEIQ1DlFBlfCh07vt9j41gSfP04J4d2z/"
    "Tren3PYf20xF1LGikeWEOqVGThH2923nrvtrZ9C5bQKP2UPaGH9kGia/NWUqJr8e/tJ9eO"
    "A37Cd9sUDaNqrmZb6dOhkbdRKndVPKbCbRFJYeTRgSOV4Q4cWZDB3MFlvFg2gL0k8gfpRo"
    "7BPEn5Sd5ssVjO1EziPLIoK9Jel6V1RKal/Fta+FRZ51LeV0kHT7LSZWBeQPfejieW03kO"
    "6Lvew24IrNFi0eEpN7iMq2bJXEPRVOJCxwTsXyDKe7pkLJjfMe9OHEPxIM2H8Q+Nl2frBB"
    "i0Fl6f+GmpO3tUcADG5wU1zkhdqlqo3ZXdm73JHj/c1MrgkrF4+v/DOzoHRZHctlxRt23Q"
    "zbWMyRCsrMfNZaj6PP/UH3D27IBl2b28C9Lr+HiRLc3srE3fs5GOExsk3jhOVL3TaDx1ET"
    "WEs6xg+t4fChP2CXC2jDBbEoGuP+6HNn0ASEWiXJchqasAqo8FGpMjdIaYKXp+ytxRM7hY"
    "UqCPNBHOkWmvH9FZZ7uFrhJDgp4hVE/yAO3fMyVWVE835sVRnHXrVWT4tjlzl8j+HBiC5C"
    "BQ+2TorK3AcyTXIukPNuwM+VJjm1Q+8B4+/ghGDRQC7VIcHuOVsC/nB9AFc6c/i8LpJrr7"
    "ahs3/I1Iksd0SBQWZN8DInQGXvroMpsdiVrs7XRGCdXUPqSHBqxwY21LU6IEuqElOQbflw"
    "r9kc3R47eDikCUsW8agsouSpJE9V7hVa8lQhSGtHAfkgLJXjbtgtxi9WRZm7dzGfxRg/9u"
    "66w5ETqadjhf9QWA5HBsKORpZsssx8qiGpI2ZTPY0ffo/ZVNlLVR1ZM6QwHNK2RqUFGCdE"
    "yzw+yrRb5LwYXBk0uWUGW3lG/cHYu2DyKYhtVEyydkloT0c5VxDYDDr0VAlJyzY15CXrMj"
    "ORChnR0xDOJevF++CbAxpUOAdLsjlf/42uPaUimoem3V7y9E01AdkcPKxnnuhn2sokKJcj"
    "UFWFFBpktkTAiW9tgjEz8gwb8sOaxqwS9j/gZDT5v+sfLy4uRAGq21Qhc6GUixIuyoXtlw"
    "YrU9aTgxwNx4alSpaiTBupPTciIw0QoZasq0hRjUUhHTkkI1EVoLrVUUryHKWtmL+z4qBk"
    "PNlmUmoPCftC89vSUufQFp0hUOSoBqY6Png1nWFHSFPtD3u4dggysTIeRjRbHV+ES+YKA3"
    "EVeDDhhxRQJxiD58j3LO+mE4Qx0Q2DpyT0U+s/oQUF6BlhoLtxHZPlClmATdjPyE5J23+Y"
    "10jFvlyKvdvKhX3dMbEKepWkol/yPi0V/cOi6szdxX3OMbEKzgwH8Tf7asBW+bljstLnXG"
    "afs6c0KQtk6USg0vC2ThlaCcmslj7DcZbRzLzpEhOUo4MUUgsjMnLaT532C4K6Sktk9N16"
    "lWWUifTYn34m3c1jLz6tNfAf7upQDvssK4pvZL3JBe5KFNwvnfUiaINVp2yO+jsi3BLmPa"
    "lv4gQNknNX2PB+CGYWxKxtgU+pgVcQmATT+Q82gIZBXnhPcU/S9A2F1wBizd2ypdvAQFPq"
    "7fcyk1TgYV4hacBy0YDpR3Zu3oFxDsd31u77vdHnuy9Nt98aqzF+eOTW+LDTBGEK/vSJkL"
    "3BVqCThySkjijMI2Cyur2c3DkxjchIVAWoPkNDZ6uqRcyifFVUsoLe6SrRVejrQmfVbUFL"
    "RiUlKVnmVi5ORkoSMlitix4PFxGqXIhkI49K1EhXiRrJzXiSQDuc89RTfgvuJYpKSdZXMp"
    "On30sUMuN2pyYLxMSVrCPn3k4UHcNigE9God2TZ8QPJ6uJebT14/omMs0Ml8wVYMfqQ1h7"
    "Q7CxAgbSZshyd678BP6CJo/E+YtzWtB4gSsbME1M58HNdfAXJ0L+AjN2YTvRbzbrc+LYur"
    "2/QfJpkk87Kp/2adDi5445muwYD/npZU1g8149xoPOx0d+aaHpkl93fn/oDr40gWMQruID"
    "Io9KueeTbd0xVqDbBwJShxQSbFNkIa8v5zWCIkIHOv/ohPvErnMRw9cZzPB1wg4qaGbuYm"
    "DGsS2RfXmVK/7uKiP+7krme/k+aS5JJBxuETAILYZqICDx3MwfeDEBuxu2XgTCmaGb16gN"
    "OtVmwkBSMoegZE4YdPPShgZvpiGFzkeJA3Cipeqbg3FelIkr4eSZzLlT77e5GyoT2jTHo2"
    "U0U8c6l6XEssEL04CZmc83s64AJYYGdGoD721O4Ax5STII+61aUgflog7YWMCFc2sGQkfc"
    "YL++c7Y77DlshTfkRYXkweNxUEt0DE45mXlpSu3blDr7BaFAAoikFpVLo+1jNCLsn2Posy"
    "dtjgNqsztpqHdkRkQ6qXM/Uws1/BK5vFc2U/+Qxs/sIE2uInKlAfz80PnEA7AhBSabCEDj"
    "4mK8vLjQ3rM/IpHaT2y8YwAnZMkuBecNH+QNwmOIWSlkKb4zxL1iLRU/elgqp8dUTqONso"
    "13K1pDqX1crdv7bq87HA1ao26/1wxZWCorMcY3/fv7x1539KXJDTH2NRrUtvFu7T9B/3q0"
    "5B8BYRHJxwnU2r8XSBBA3tYxtFZiSH2JuEm2om7OpjMDNMsku+u3I4or65vtbq81+PLqvv"
    "X764j2etfvffLLh5XS9pdRpxW3z3SNjZD8nXhdXvZgQQ+eI302L2LpBgIST9FWeTaQFVv/"
    "t8Dtnb5XPiwjURWgas/h1XWjiJ87kCizOrFtNHWe46kb6adTNxKHU5eInykb9FUiaPzGKn"
    "p0bkJOBndvdM4GmO3DR1v9vfuJPlaqDfxr7qttQay5vzdB2yQL1bM4nIBtmoTL58nAH/Lx"
    "qXOiq87hrJx8+QlgAizyAkwEsRsQ7LUoeMUvQh5BVtsPtiMkyPZ5oHdIx2K5uBu3YbflbQ"
    "LpIx5tGWVcasWA34q/GeMeW4+9Exc93vX0fI5U2aTKJlW2CmVhO/uFRirDpVaGpUv4HFzC"
    "LWTp6rwmsC68J5kmBQzKbDIj0pGSSnq5lPRnZNmeqpuX/gyJVJD/vLq+zrPb5/o6fbcPfx"
    "bbALgQ5IpPR9grXkF0D3LKAXsjRaKQyp+H/V6alrUWidsoukrBf4HB7LYzRDsDXA5GxDDx"
    "MV27TENw3wgcpryC9q6xY7suZt/+B3PCS8o="
)
