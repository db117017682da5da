"""Migration add_correspondence: generated for SQLite and PostgreSQL by scripts/makemigration.py."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        CREATE TABLE IF NOT EXISTS "correspondence_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(10) NOT NULL /* LETTER: carta
PARCEL: paquete
DOCUMENT: documento
OTHER: otro */,
    "sender" VARCHAR(100),
    "note" VARCHAR(500),
    "photo_file_id" VARCHAR(255),
    "received_by_label" VARCHAR(300) NOT NULL,
    "received_at" TIMESTAMP NOT NULL,
    "pickup_code" VARCHAR(6) NOT NULL,
    "pending_code" VARCHAR(6),
    "status" VARCHAR(10) NOT NULL /* PENDING: pendiente
DELIVERED: entregada */,
    "delivered_at" TIMESTAMP,
    "delivered_to" VARCHAR(200),
    "delivered_by_label" VARCHAR(300),
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "delivered_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "property_id" INT NOT NULL REFERENCES "property" ("id") ON DELETE CASCADE,
    "received_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_corresponde_communi_6a35e5" UNIQUE ("community_id", "pending_code")
) /* A letter, parcel, document or other item waiting for (or handed to) a resident. */;
CREATE INDEX IF NOT EXISTS "idx_corresponde_receive_9e24f6" ON "correspondence_item" ("received_at");
CREATE INDEX IF NOT EXISTS "idx_corresponde_communi_d55fc2" ON "correspondence_item" ("community_id", "status", "received_at");""",
    "postgres": """
        CREATE TABLE IF NOT EXISTS "correspondence_item" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(10) NOT NULL,
    "sender" VARCHAR(100),
    "note" VARCHAR(500),
    "photo_file_id" VARCHAR(255),
    "received_by_label" VARCHAR(300) NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "pickup_code" VARCHAR(6) NOT NULL,
    "pending_code" VARCHAR(6),
    "status" VARCHAR(10) NOT NULL,
    "delivered_at" TIMESTAMPTZ,
    "delivered_to" VARCHAR(200),
    "delivered_by_label" VARCHAR(300),
    "community_id" INT NOT NULL REFERENCES "community" ("id") ON DELETE CASCADE,
    "delivered_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    "property_id" INT NOT NULL REFERENCES "property" ("id") ON DELETE CASCADE,
    "received_by_id" INT REFERENCES "staff_user" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_corresponde_communi_6a35e5" UNIQUE ("community_id", "pending_code")
);
CREATE INDEX IF NOT EXISTS "idx_corresponde_receive_9e24f6" ON "correspondence_item" ("received_at");
CREATE INDEX IF NOT EXISTS "idx_corresponde_communi_d55fc2" ON "correspondence_item" ("community_id", "status", "received_at");
COMMENT ON COLUMN "correspondence_item"."kind" IS 'LETTER: carta
PARCEL: paquete
DOCUMENT: documento
OTHER: otro';
COMMENT ON COLUMN "correspondence_item"."status" IS 'PENDING: pendiente
DELIVERED: entregada';
COMMENT ON TABLE "correspondence_item" IS 'A letter, parcel, document or other item waiting for (or handed to) a resident.';""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP TABLE IF EXISTS "correspondence_item";""",
    "postgres": """
        DROP TABLE IF EXISTS "correspondence_item";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXW1z2zYS/isYzc00mVF6thM7OfWTbKuJWlvySHLbtOqwEAlJrElAR0J2dHf57wfwRX"
    "wDKVISJYrBzF1qkliQevC2++xi8d+GSTRk2N+3NVPHuk0tSHWCGy3w3waGJmJ/pJRoggZc"
    "LILn/AaFE8MRgcmyE36lUvZ0Cg0bsVsaslVLX3jva7TBwiILZNHVGxNiOEMmwhSoxFxAvP"
    "oBYELnOp4BMgUEI6DbAD0jCzzrts5eCigBkBdB1vf8dRpR2ftY+b3XvMT6v5dIoWSG+D1W"
    "/x9/sts61tAXZPuXiydlqiNDiwCpa7wC575CVwvnXhfTH52C/KMnikqMpYmDwosVnRO8Lq"
    "1jyu/OEEYMWsSrp9aSg4mXhuGh7+PrfmlQxP3EkIyGpnBp8Cbh0u4HBPcaitLrj5RhZ6Qo"
    "jURz+RIhnL1bKsG8qdmn2s6vn/FPeHNx/u79uw9vr959YEWcz1zfef/VfXUAjCvowNMbNb"
    "46zyGFbgkH4wBU578JWG/m0BLj6pePIcs+OY6sj2N1oTXhF8VAeEbnHM+zswwgf2kPbj61"
    "B69Yqdf8lYQNRnes9rxHF+4zjnaArrWkRcD1im+FrYfcGlq/SIBtMHEcHNzzixzYnl+kQs"
    "sfRZFVLcSxUKAA4Fv2hOomEoMclYxhrXmi3/t/bNOrjw09+4FaHxsrr1dkQD/q3neGo/b9"
    "A3+dadv/Nhz82qMOf3Lh3F3F7r66ijXTuhLwa3f0CfBL8Hu/13HgJTadWc4bg3Kj3xv8m+"
    "CSEgWTFwVqoaHv3/VR+8rXg+lTaPLiNyZQfXqBlqZEnoS6BzFN1h5UR3ayf1x7wj/+PEDG"
    "eomN9QRv2b7xKlqdYEf46nd9/27QIQKkbAqn090wGvIqHm201RJQVYx4LyMXJK3fJR+ZF2"
    "b8jqMtad67+Zt8XXCp6fSOzIR6ov8sW0PkpRTDK7ZROfx1ToA6h5h9DXiZQ9oELzqdA6aB"
    "Adb+FIEJmhILMU1NA3BKkdVynyGkfWeDcYO9CGiIQtaMGhk3kjpiGS+QqmK1VEV/Tl0phe"
    "CNi20G+gS0m71AHUDLBi+xFPZjkVFEX4yJ7UcnPza0EcXxbS6t/G2GVv42qZUz2Lz1rADQ"
    "4hWwDhhf5YH4Kh3hqwTAZPI3UqkLUgGUY2IS6vxQi2bkjUAL5+MaWJv7R9nVXpIQ/zTs98"
    "QQBxJxC1NXKfgfMHT7BNe9DFw5FBEr0sfz1X37tzjUN3f967h5yCu4js/UXFUsAvtaQKK+"
    "Peqnxa0cVMWuF7WSVEELafZhEanVC7T6iBunILYiWQmyC3KCEkzDPAn4j2xV1mf4Z7RycO"
    "+yb4NYFS3UqX6708I7jeBity34suZOxB2O/cFAQNTVJ9vDm/Ztp5GcNvYAcxEO8VQRDk2X"
    "EWDZB4De491d42s6tV0mHRlw3AI+MkKApxOSaqRYDm/1ZKkbmuM3tgCDTiO8+y1N4H0lmK"
    "wAxCDolao+Xp6dTd9ikYN6t8oEROMfgonEAeZPSUF+s97qY6+c5furkQn1QgzkWqB+LMLF"
    "5bs8AF++SweYP4sCvGAgFerBa4EaApyvA2f0XxlucahwC2ZHMlNT4EvP4MwDkfohXIpfQm"
    "VqVRGE/fL1g/cyD7qX6eBeJrE9KU5LxgvtidSqBANTuQavOwVTNcD3x8EM2IgYdG9GWVRB"
    "SNt047Z3DoJ78OK/awR9ZJrgsep0R4x+4XXUCaAdGaeNEYb3EK9GhP9bAkVYLVokY/w7v0"
    "2JcW6RX2rxrsf0j7TQVmI57fGEVmuwlSWT9aaPdYN5BeLhWHRukeVsHshGmDwhAczuK3FW"
    "6msmw9jFzzpN3RoTetrM4hj1aLkcJCOznd9wrQxQ8oQwoHNIwYT1ARtAMGK/a2ZBE0BVJU"
    "tMnZ0qwMEAcPw4lwgB00V0DWEqYh33XLuMd6wW2ei0qjKH9ryIURaVqt02mas8pNhVOid2"
    "laDE0JeFzsbBFpZZVLKGltmJWGI+JpmmGJv0trG+Q2J7aOCKkR61a9/JSqHewic0tq/1We"
    "qylFJBjWIe/nVx8fbt+4uzt1cfLt+9f3/54Wy9ZCUfZa1d192PfPmKtHUy/MRCz2wt2mbQ"
    "RSXluKvyuJPEZvqwqy+x6bfdpOhmnLhcjabXvcXt+VZZMWhjUhLYJLAJciIntAk5Ce5GFj"
    "7AbA8M/DcQnZfoY5tjH/0RvweAB6Gq6olvbHrcjG6wVMkOnAfgxNJeqRjTtQtJwP+G3Uvp"
    "7O8iXGoz94uBjs0l4imIXnE6+3ULjBu3aEEJOD87H7Naxo0baENwfiHa0L6FvDCMNMKmyw"
    "jSo5O6MoI0iBLLFcN0nhHDdJ6MYTLJRDcKIRxI1C+O6fwqD8JxOzIE8JWMY5Lm/nFTb1Su"
    "mcu1myIL9o5aZx2TRyXUzlgfEyv2eaKVfAthx0CcAqbUqWAe23GnIttW2C+0dg7sajt1dV"
    "hVdeqiR4vtqpgucpTcZuvhJzD0wkMz3dAL0yp5gnxUwk1DHVFo6YTH1fgVtNhfKtKfkc2T"
    "1OqsqzeBCVfA0PGTIERHFOKz17qFBmLYrHV3U0kD8ZsxECs2YdRvh2HVlqwDbDG0SJr93c"
    "FLM6G5Rn1YZAdLfCus2fynY1VfQKNRDPLGw6Dbu+k+tO9aYF3HGA87N/3ebXvwuQVspC6x"
    "xifu+MSey3Tf+x66rSNjDhMRc4RJ/MABMQa0qeKqz0XJk5ioDImRITGSI6sWR+Yr0sUosp"
    "iUZMg2M2Rhi2VHgqyGG8uaMX4s1sG2p8eC3S87shnR7TYnuUwdltIIggcEnEYksiCd1IiG"
    "4+ShNdy9QiYyJzxb+tBJWARZVwLBdliNWM3oJacobhg4yPobifiM/VSaM2GSpDOOT2dMdY"
    "tprkVJjahUDS3vUnzfjpFQFOqIkEQ6H9LMtCdYU7YCXCRbP/KuFNgleVd6fjCLTFPjZzbz"
    "dyHxKiPeGD4+dAZK+/a+22sBe8kUEMVRH8bYu+dd3fR7N93O4GOnxdM6OgqI5PISE08VFJ"
    "gDU3m6rVDEJnBxfPs1IQaCOEVzjInGmmDCZMsaKes7hyXwrvv9uwiJc92NAdx7vL/usCHg"
    "jABWSKfpuPOzUJ4FM9Qm0AO5AyLuj4STBVxy1pKzlpx1XTlrmZ/uENsOX4j1xN6nbBlFmy"
    "YuNyHKVICVSAWY2df3AHqRMOaK9e+8cKeN8cJ76KS/5sDZBTNPei6cY3CniP2TyjEY+aXx"
    "HINBysZodsH48IgnF0xsot5DdkFXa8reXIosm82VSBvys4Yboi2m0RLNzI2mflnFXhfe6K"
    "/rYwTcLvXGp3jeTAgFfmWs1/GIYWJp4BXH55/qHNJ/8hLcdeNmA2Rt98yKO0P9ddJ7V84r"
    "hL48Nhc6zcebVfrvjum/81siL+Pul68y/bt1PHKucOQC50Xw7l0EW7d4LaEtIdSb9+kkvO"
    "lnd/rldzq6s2o4Z8Baytmdy4W2JY8UlZQ8UlV4JAF9uNagE+k7jpLYgzPMSHt0+o9Q+YoV"
    "yda+/MLKMiidI1xqvePKFQPQ4M29AnOINQNpTWATJ+Eye6HOVCD+gG/dAm44AEDTKVKFW8"
    "D2V/EOCZ7ddxfPqRkW2w83WAVt6yDOxnSdLOiixWfZuKw8I7ki02waXV+Raba/pBPy5Z51"
    "HTgTTrLRAplTLHGKKmaobI4J1t3mCl6gTvlJm5SACWKTHKZNblqyCc03PsmUZ8Z3HoFXw/"
    "thE6A3PA7IOZyTmaQC03bvtctc+tUyY3UNmQvCOYqVUtDqEojWLqv+eS7b9jzDuD1PWrds"
    "NGCMUuL1NseShcSrbPE22BzQArZpj3Hnvt29awEn6HCMGS6jljMlxKebPC3yIUd7fEhtjQ"
    "+JTblI1Re6MFdkxvmUYaEqt0GVIijt5eRvpnAXwTkkUr9A4FJOqpwQTTCHj9CXlGXSL1+L"
    "Tpyl0HZ+G2VTOmt99q7f++gXj/M8UbDn1BRM4ulg++Xr0JcPjTWkFKpzU5yFKp26jIntxG"
    "CeTguUQmAeM9VdJZMk7DP7Ol2mHOG8WR0MpA+ZHARhjUNUUCV86PRuu72PLeDJ87Qg3h3b"
    "v9PtKbf9x2umIupY0chyQp1SI6cI+/u2c9f9pTPo3LaAx+whbYx/ZBomvzVlKia/Hv7cfX"
    "jgN+wnfbFA2jaq5nm+nToZG3USp3VTymwm0RSWHk0YEjlcEOHZiQwdzBZbxYNoC9JPIH6Q"
    "aOwjxJ9UnebLFYztRM4jyyKCvSXpeldUSmpfxbWvhUWedS3ldJB0+y0mVgfkyz508bS2G0"
    "j3xV52G3DFZosWD4nJPURVW7Yq4p4KJxIWOKdieYbTXVOh5MZ5D/pw4h8JBux/EPjZdr6z"
    "QZtBZen/gZqTt7VHAAxucFNc5IXapaqN2V3Zu9yR4/3NTK4JKxePr/wjs6B0WR3KZcUbdt"
    "0M21jMkQqqzHw22o+jT/1B93duyAZdm9vAvS6/h4kS3N7KxN37ORjhMbJN44TlK902g8dR"
    "C1hLOsYP7eHwoT9glwtowwWxKBrj/uhTZ9AChFoVyXIamrAKqPBRqSo3SGWCl6fsrcUTO4"
    "WFaghzKY50C834/grLPVytcBKcFPEaol+KQ/e0TFUZ0bwfW1XGsdet1dPi2GUO30N4MKKL"
    "UMGDrZOiMveBTJOcC+S8G/BzpUlO7dB7wPgbOCFYNJArdUiwe86WgD9cH8CVzhw+r4vk2q"
    "tt6OwfMnUiyx1RYJBZC7zMCVDZu5tgSix2pavzNRHYZNeQOhKc2rGBDXWtCciSqsQUZFsu"
    "7zWbo9tjBw+HNGHJIh6URZQ8leSpqr1CS54qBGnjICCXwlI57obdYvxiVVS5exfzWYzxY+"
    "+uOxw5kXo6VvgPhdVwZCDsaGTJJsvMpxqSOmA21eP44feYTZW9VNWRNUMKwyFta1RagHFC"
    "tMrjo0q7RU6LwZVBk1tmsJVn1JfG3gWTT0Fso2KStUtCezzKuYbAZtChx0pIWrWpIS9Zl5"
    "mJVMiIHodwrlgv3gffHNCgwjlYks35+m907akU0Tw07eslT9/UEJDNwcNm5ol+pq1MgnI5"
    "AlVVSKFBZksEnPjWFhgzI8+wIT+sacwqYf8BTkaTf1x+f3Z2JgpQ3aYKmQulWpRwUS5svz"
    "RYlbKelHI0HBuWKlmKMm2k9tyIjDRAhFqyriJFNRaFdOSQjERVgOpWRynJc5S2Yv5OioOS"
    "8WSbSak9JOwLzW9LS51DW3SGQJGjGpjq+ODVdIIdIU21L/dw7RBkYmU8jGi2Or4Il8wVBu"
    "Iq8GDCDymgTjAGz5HvWd4tJwhjohsGT0nop9Z/QgsK0DPCQHfjOibLFbIAm7CfkZ2Str+c"
    "10jFvlqKvdvKhX3dMbEaepWkol/xPi0V/XJRdebu4j7nmFgNZ4ZS/M2+GrBVfu6YrPQ5V9"
    "nn7ClNygJZOhGoNLytU4ZWQjKrpU9wnGU0M2+6xATl6CCF1MKIjJz2U6f9gqCu0hIZfbNe"
    "ZRllIj32x59Jd/PYi09rDfyHuzqUwz7LmuIbWW9ygbsSBfdLZ70I2mDVqZqj/o4It4R5T5"
    "qbOEGD5NwVNrwfgpkFMWtb4FNq4BUEJsF0/p0NoGGQF95T3JM0fUPhNYBYc7ds6TYw0JR6"
    "+73MJBVYziskDVgtGjD9yM7NOzBO4fjOxn2/N/p097nl9ltjNcYPj9waH3ZaIEzBHz8Rsj"
    "fYCnTykITUEYV5BExWt5eTOyemERmJqgDVZ2jobFW1iFmUr4pK1tA7XSe6Cn1Z6Ky6LWjJ"
    "qKQkJavcysXJSElCBqt10ePhIkK1C5G8yqMSXaWrRFfJzXiSQCvPeeopvwX3EkWlJOsrmc"
    "nj7yUKmXG7U5MFYuIq1pFzbyeKjmExwEej0O7JM+KHkzXEPNr6cXMTmWaGS+YKsGP1Iay9"
    "IdhYAQNpM2S5O1d+AH9Bk0fi/MU5LWi8wJUNmCam8+DmJviLEyF/gRm7sJ3oN5v1OXFs3d"
    "7fIPk0yacdlE/7OGjzc8ccTXaMh/z0shawea8e40Hnx0d+aaHpkl93fnvoDj63gGMQruID"
    "Io9KueeTbd0xVqDbBwJShxQSbFNkIa8v5zWCIkIlnX90xH1il7mI4csMZvgyYQcVNDN3MT"
    "Dj2FbIvrzIFX93kRF/dyHzvXybNJckEspbBAxCi6EaCEg8N/MHXkzA7oatF4FwYujmNWqD"
    "TrWZMJCUTBmUzBGDbl6uocGbaUih81HiAJxoqebmYJwXZeJKOHkmc+7U+3XuhsqENs3xaB"
    "nN1LHOZSmxbPDCNGBm5vPNrCtAiaEBndrAe5sTOENekgzCfquW1EG1qAM2FnDh3JqB0AE3"
    "2K/vnOwOew5b4Q15USF58Hgc1Aodg1NNZl6aUvs2pU5+QSiQACKpReXSaPsYjQj75xD67F"
    "Gbo0RtdicN9Y7MiEgnde5naqGGXyKX98pm6h/S+JkdpMVVRK40gJ8eOh95ADakwGQTAbg6"
    "Oxsvz8609+yPSKT2ExvvGMAJWbJLwXnDpbxBeAwxK4UsxXeGuFespeJHD0vl9JDKabRRtv"
    "FuRWuotI+rfXvf7XWHo0F71O33WiELS2Ulxvimf3//2OuOPre4Ica+RoPaNt6t/SfoX4+W"
    "/CMgLCL5OIFa+/cCCQLIr3UMrZUYUl8ibpKtqJuz6cQAzTLJ7vrXEcWV9c3rbq89+Pzqvv"
    "3b64j2etfvffTLh5XS68+jTjtun+kaGyH5O/G6vOzBgh48R/psXsTSDQQknqKt8mwgK7b+"
    "H4HbO32vfFhGoipA1Z7Di8urIn7uQKLK6sS20dR5jqe+Sj+d+ipxOHWF+JmqQV8ngsZvrK"
    "JH5ybkZHD3RudsgNk+fLT137uf6GOV2sC/5r6uLYg19/cmaJtkoWYWhxOwTZNw+TwZ+EM+"
    "PnVOdNU5nJWTLz8ATIBFXoCJIHYDgr0WBa/4RcgjyGr7znaEBNk+S3qHdCxWi7txG3Zb3i"
    "aQPuDRllHGpVEM+K34mzHusfXYO3HR412Pz+dIlU2qbFJlq1EWtpNfaKQyXGllWLqET8El"
    "fEMstnosCAOFId+lyGwILY1EqQ2mRri8ovsCOWwN9lspsppgAS0VMSAZtEu+d5Ln9iJOzC"
    "GvDbxAnfK8//xQgFfs/3Nm0TjpwV4DCNi7dfZmge+4hPqFnuNIl+db0njSXJUBlXAex8oG"
    "x4hbSEX6s6s3/SnNFLl1co9u5bvOaNQZMJsDWhSO8QNT+zt3LTYm2FspGuPb/s3jfYfvrv"
    "SHBxnj/ugTlyHU2s4k2XuaMpuNK1Gqygyafi1R0m6/I7L0pZwWgQktduieV75+8F7mgvcy"
    "A95LQcr9OaF88U7JIZ6Oc0KwfoBfXF7m2WN5eZm+x5I/i28T9hZVpukWPldCKFzleX5L5E"
    "s5XSKsziQwzyaQYqJyf2uVCaSFrj4tF66uW2RCi4rVcFTlYWTTCdkEHxsxKooAHZOr38Kx"
    "Z6ADi2wbcyCQPqDPwmljprT7n5PbLuA5VLq9j8wS8GtgtkDnrvtLZ9C5bTkJgtAMarAa+r"
    "+GDLYsWFutKXFZudOnyotK0FqUFJns4nL1m+xKyUQSwLaNmiyWrh/0pajJlXIRHRvuPbvf"
    "Ih2zELwCSenfFJ2CSRbIKtp3Y1Ky6wrTmwXUQyFwk4Ky48pEuUdxWopmij0A/BCqqqb4xm"
    "bIzfCGRv0eEP4GAiCS02RKBESaPiFhzgOzQI+qVNh1G1m6Om8IIiC8J82sqAcYlNkU6JCO"
    "rAxZrlYsAOuuthf4m9cADonUkMcuxS/HB1UBhL3iNUS3FC8+eyNFogRTPw37vTRCYS0Sp0"
    "Z1lYL/AUO3T9EwywCXgxEhRH1M1xvIQ3DfCLaP8wqud82ks+ti9vX/7wf16g=="
)
