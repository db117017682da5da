"""Migration access_entry_one_per_document: a document is in at most one list of a property.

The unique key of `access_entry` becomes (property, doc_number), whatever the document type
(SPEC §4.2). Written by hand for both dialects (aerich cannot diff this one for PostgreSQL):
a database may already hold one number under two types, so the upgrade first keeps one entry
per property and number — the No autorizado one when the lists disagree (safer at a gate),
else the oldest. On SQLite the old (property, doc_type, doc_number) constraint lives in the
table definition and stays: the new key implies it.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_DEDUPE = """
        DELETE FROM "access_entry" WHERE "id" IN (
            SELECT "a"."id" FROM "access_entry" AS "a" JOIN "access_entry" AS "b"
                ON "b"."property_id" = "a"."property_id"
                AND "b"."doc_number" = "a"."doc_number"
                AND "b"."id" <> "a"."id"
            WHERE ("b"."list_type" = 'no_autorizado' AND "a"."list_type" <> 'no_autorizado')
                OR ("b"."list_type" = "a"."list_type" AND "b"."id" < "a"."id")
        );"""

_UPGRADE = {
    "sqlite": _DEDUPE
    + """
        CREATE UNIQUE INDEX "uid_access_entr_propert_919083" ON "access_entry" ("property_id", "doc_number");""",
    "postgres": _DEDUPE
    + """
        ALTER TABLE "access_entry" DROP CONSTRAINT IF EXISTS "uid_access_entr_propert_f3c333";
        DROP INDEX IF EXISTS "uid_access_entr_propert_f3c333";
        CREATE UNIQUE INDEX "uid_access_entr_propert_919083" ON "access_entry" ("property_id", "doc_number");""",
}

_DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "uid_access_entr_propert_919083";""",
    "postgres": """
        DROP INDEX IF EXISTS "uid_access_entr_propert_919083";
        CREATE UNIQUE INDEX "uid_access_entr_propert_f3c333" ON "access_entry" ("property_id", "doc_type", "doc_number");""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXW1z2zYS/isYzc3UmVFythM7OfWTbKuJWlvySHLbtOowEAlJrClCR0JWdHf577fgi/"
    "gGSqReKQYfmpokFqQevO0+2F38tzKhGjHsN3Vtopu6zSzMdGpWaui/FRNPCPyRUqKKKng6"
    "DZ7zGwwPDEcEJ8sO+JXK4OkQGzaBWxqxVUufeu+r1NHUolNiscXrCTbxiEyIyZBKJ1NsLn"
    "5EJmVj3RwhOkTUJEi3EXkhFnrRbR1eihhFmBch1hv+Oo2q8D4ov/OaZ6b+7xlRGB0Rfg/q"
    "//MvuK2bGvlKbP9y+qwMdWJoESB1jVfg3FfYYurca5rsJ6cg/+iBolJjNjGDwtMFG1NzWV"
    "o3Gb87IiYBaAmvnlkzDqY5MwwPfR9f90uDIu4nhmQ0MsQzgzcJl3Y/ILhXUZRWu6d0Gz1F"
    "qSSay5cI4ezdUqnJmxo+1XZ+/Yh/wuvLi3fv3314e/3uAxRxPnN55/0399UBMK6gA0+rV/"
    "nmPMcMuyUcjANQnf8nYL0dY0uMq18+hix8chxZH8fiQjvBXxWDmCM25nien68A8td65/ZT"
    "vXMGpV7xV1IYjO5YbXmPLt1nHO0AXWvG8oDrFd8IWw+5JbR+kQDbYOI4OLgXlxmwvbhMhZ"
    "Y/iiKrWoRjoWABwHfwhOkTIgY5KhnDWvNE3/h/bNKrjw09/ECtbRoLr1esgL7XfGh0e/WH"
    "R/66iW3/23Dwq/ca/Mmlc3cRu3t2HWumZSXot2bvE+KX6I92q+HAS202spw3BuV6f1T4N+"
    "EZo4pJ5wrWQkPfv+uj9o2vB8Pn0OTFbwyw+jzHlqZEnoS6B51MoD2YTuxk/7jxhH/6pUOM"
    "5RIb6wnesn3rVbQ4wY7wze/6/t2gQwRI2QwPh9th1OVVPNlkoyWgqBjxXkYvaVq/Sz6aXE"
    "7idxxtSfPezd/k64IzTWf3dCTUE/1nqzVEXkoxvGJrlcPfxhSpY2zC16D5GLMqmutsjEAD"
    "Q9D+jKABGVKLgKamITxkxKq5zwjRfrBRvwIvQhphGJpRo/1KUkfcxwukqlgsVdGfUxdKLn"
    "jjYuuBPgHtZidQB9DC4KWWAj+WGHn0xZjYbnTyY0MbURzfZtLK367Qyt8mtXKAzVvPcgAt"
    "XgHLgPF1Foiv0xG+TgBMB38Tlbkg5UA5Jiahzg61aEZeC7RwPi6Btbl7lF3tJQnxz912Sw"
    "xxIBG3MHWVof8hQ7dPcN1bgSuHImJF+niePdR/j0N9e9++iZuHvIKb+EzNVcU8sC8FJOqb"
    "o35a3MpBVexyUStJFTSXZh8WkVq9QKuPbOPkxFYkK0F2QU5QgmmYJwH/CVZlfWT+QhYO7k"
    "34NmyqooU6dd/utPBOI7jgtoXnS+5E3OHgDwCBMFefrHdv63eNSnLa2AHMeTjEU0U4NF1G"
    "gIUPQK2n+/vKt3Rqe590ZMBxC/jICAGeTkiqkWIZdqsHM93QnH1jCwF0GuXdbzZB3leiwQ"
    "JhEwW9UtX7s/Pz4VtTtEG9XWUCovFPwUTiAPOXpCC/293qY6+c+9+vJhOs52IglwLlYxEu"
    "r95lAfjqXTrA/FkU4CmAlKsHLwVKCHC2Dryi/0p3i0O5W4AdCaamYC99BWceiJQP4b3sS6"
    "igVuVB2C9fPnivsqB7lQ7uVRLbk+K0pL/QjkitQjAwhWvwslMwRQN8dxxMB0ZEp3nbW0UV"
    "hLRN1297aye4R8//u0TQR6YJ7qvOtsToV15HmQDaknFa62H4gM1Fj/J/90ARFosWWTH+nd"
    "+mxDi3yC+1eNcD/SPNtZVaTns8k8USbGUGst70sWwwr0DcHYuNLTobjQPZCJMnJIDhvhJn"
    "pb6tZBib5ovOUkNjQk+rqzhGPVouA8kItvNrrpUhRp+JidgYMzSAPmAjjHrwu0YWniCsqn"
    "RmMidSBTkYII4f5xIxAl1E14jJRKzjjmuX/o7FIhudVlXG2B7nMcqiUqULk7nOQopdp3Ni"
    "1wlKjHyd6jAONrDMopIltMxOxBLzMVlpisGkt4n1HRLbQQMXjPQoXfsOFgrzFj6hsX2jj1"
    "KXpZQKSuTz8K/Ly7dv31+ev73+cPXu/furD+fLJSv5aNXaddP8yJevSFsn3U8s8gJr0SaD"
    "Liopx12Rx50kNtOHXXmJTb/tBnmDceJyJZped+a351tl+aCNSUlgk8AmyImM0CbkJLhrWf"
    "gAsx0w8N+Bd16ij633ffRH/A4A7oSqKie+selxPbrBUiU7cBaAE0t7oXxMl1tIAv43vL2U"
    "zv5Ow6XWc78m0s3JjPAURGeczn5VQ/3KHZkyii7OL/pQS79yi22MLi5FAe0byAvdSCNsuv"
    "QgPTqpKz1IAy+xTD5MFyt8mC6SPkwTOtCNXAgHEuXzY7q4zoJw3I4MAXwt/ZikuX/c1BuF"
    "a+b92k2RBXtLrbOMyaMSamesj4kV+yzeSr6FsKUjTg5T6lQwj0XcqcS2FfiF1taOXXWnrg"
    "ZUVaYuejTfroLpIkfJbbYcfgJDLzw00w29MK2SxclHpdw01AnDlk65X41fQQ3+Uon+Qmye"
    "pFaHrl5FE7xAhm4+C1x0RC4+O61baCCGzVo3mkoaiN+NgViwCaN8EYZFW7IOEGJo0TT7u2"
    "HOJgnNNbqHRbewxDfCGuY/3VT1KTYq+SCvPHaardvmY/2+hpZ19M1u47bduqt3PteQTdSZ"
    "qfGJOz6xZzLddx5Dt7FnzGE8Yo4wiR/YIcbANlNc9TkveRITlS4x0iVGcmTF4sh8RTofRR"
    "aTkgzZeoYsbLFsSZCVMLCsGuPHYh1sc3osiH7Zks2Ihtuc5DJ1WEojcB4QcBoRz4J0UiPq"
    "jpOF1nBjhSZkMuDZ0rtOwiIMXQkF4bAatarRS05R3AI4xPqbiPiM3VSaMWGSpDOOT2cMdQ"
    "s017ykRlSqhJb3Xva+HSMhL9QRIYl0NqTBtKempmwEuEi2fOTdXmCX5N3e84NZdJjqP7Oe"
    "vwuJFxnxSvfpsdFR6ncPzVYN2TNQQBRHfeib3j3v6rbdum02Oh8bNZ7W0VFAJJeXmHiKoM"
    "AcmMrTbYURmMDF/u03lBoEmymaY0w01gQDkN3XSFneOSyBd9Nu30dInJtmDODW08NNA4aA"
    "MwKgkM7ScednobwIZqh1oAdyB0TcHwknC7jkrCVnLTnrsnLWMj/dIcIO59R6hvcpG3rRpo"
    "nLIESZCrAQqQBX9vUdgJ7Hjblg/Tsr3GljPHcMndyvOXB2wZUnPefOMbiVx/5J5RiM/NJ4"
    "jsEgZWM0u2B8eMSTCyaCqHeQXdDVmlYHlxLLhrmSaF1+1nBFFGIaLVFdGWjql1XsZeG1+3"
    "VtkyC3S732KZ7XA8qQXxn0Ou4xTC0NnXF8/qmOMfsnL8G3btxsgNB2L1DcGeqvkrt3+3mF"
    "cC8P5kKn+Xizyv27Y+7f+S2RlXH3yxeZ/t3YHzmTO3KO8yJ4986DrVu8lNDuwdWb9+kkvO"
    "lnd/rltzq6s2g4r4B1L2d3zqbahjxSVFLySEXhkQT04VKDTqTvOEpiD84wE+3J6T9C5StW"
    "ZLX25RdWZkHpDO5Sy4grVwxhgzf3Ao2xqRlEqyKbOgmX4YU6qED8AQ/dQq47ACLDIVGFIW"
    "C7qbhv9k2/ph9svy5dsxGFHolGFp1X0WDGEChhC+6mZTGER9B30RlmyML8TDvknG4ML5sT"
    "8ozmOozQGeubbl32j2hoQZkLNB8Tk+eaBpkB/QovI5MZqPeg/znV8jfy0/CooTmK4QDb5F"
    "WN39E1+HEUtEyNumFtfZO3JM9z7X3wG/RlCMAQi0dcsC9I56muNX1EbIbokH+7VxDeCr8e"
    "dFL2YxQcFVs8bLVv8rI21P4GdejcRnNLZ1Acuedmo9Bb4Pu/Ouo4APtC+HeSyZQt+Fdtmz"
    "bb/db8mUrDYrthXIugwx5kCzdd0w0Gfv61Ky4rT54uyOKVZRMkNNbzaOMxsQOGrFUOopPv"
    "JtN6QbSE9ozBWvQAYxSPhDpCtMBKDYE6RZVJqGwG/cCN0kZzrDN+UCyjsNTAGm2yKmdG+G"
    "rkcSewjvEFjz9CZ92HbhWR19yNzTlbdoyZgJnZee3yKIhisTC6BjoH5RTbQslJGghES3co"
    "xEUmauZiBTdzkSRnYDSYJklxN13vChkSLzJhU4E5oIbsCWjEjYd6876GHJ/Zvgm49GrOlB"
    "CfbrK0yIcM7fEhtTU+JGLKiapPdWGq0xXHq4aFitwGRXIAZjBbGJ7ZmxXosEz5PNl3f+LM"
    "UYjJgmF8aF7Sng3+Jmqu+SMkUr5evZcDhAdUE+gmPfI1Rf3zy5dicl5lETd+763u0UuD+L"
    "7d+ugXj3fzKNhjNhEoJ+lg++XL0JcPjTVmDKvjiTg5YPrEHROT8/fm8/cxM5AWMnfNLg/F"
    "YDNBt85m5gTSh8zZREyNQ5QP4cpjo3XXbH2sIU+eZ2vy7tj+nWZLuWs/3YDpo5uKRmcD5p"
    "TqOUXg77vGffPXRqdxV0PengLR+uZPYDnxW0Mwnfh195fm4yO/YT/r0ynRNjGhLrIFUK6I"
    "n4wvzzAd8a0LQVunO3mHRA7n231+IkPHhMVW8SDaYNdAIH6QIJkjuAUWfZ8gU4yME9BELI"
    "sKQv7S9a6olNS+8mtfU4u+6FrKoU3p9ltMrAzI75uZOK0oMLn/uZP9T67YbNDiITEZ2lm0"
    "Zasg267h/O6CTddY+vf0LddQzvms5y85bunUdJyNkJ8E7Qcb1QEqS/8P1px02i2KcHCDm+"
    "Ki3dVtqlqbdBvepYCZNYBncVf3P52HzrASFJTbr4fafuWNuWyGTazkSAVFZjsr9afep3an"
    "+Qc3XoPuzO3eVpPfM6kS3N7IrN35kUThMbJJ44TlC902nadeDVnc5fKx3u0+tjtwOcU2nl"
    "KLkb7Z7n1qdGqIMqsgCadDE1YOtT0qVeQGKUwcyRDemj/HXliohDDvxSnEIiPuC2y551zm"
    "zkeWIl5C9PfinHBa5qkMLtmNfSpDisrW6mkhRTKd+iF2LaKLUC54RaIyDY3MWJ8J5Ky5UD"
    "JlrE/t0DvA+Ds4rF00kAt1Xrt75KGAM1yehZjOFr4si2RKm2Ho8I8XPeiIIoOOamg+pkiF"
    "d1fRkFpwpavjJflXhWvsxEo6RJ+NbKxrVURnTKUTQeL7/b1mfaRG7Az4kCYsWcSDsoiSp5"
    "I8VbFXaMlTHTzKci8slbPdsJ1fX6yKInfvfHsWffOpdd/s9hzvPN1U+A/FxdjIIKajkSWb"
    "bGVq65DUARNbH2fvfYeJreGlqk6sEVEAh7QwvzSn4oRokcdHkSJETovBlY6SGyYTP6Kzfu"
    "EG1Y7Zu2DyyYltVEyydkloj0c5lxDYFXTosXJDF21qyErWrUwKLWREj0M4F6wX74JvDmhQ"
    "4RwsyeZs/Te69hSKaO5O7JsZz6RXEZDNwcPqysNVJ7YyCMplcE5VMcMGHc0Icnxaa6gPRp"
    "5hY35uXh8qgf8hJzvPP67enJ+fi5xSN6lC5vUpFiWclwvbLQ1WpAw+ezmlE4alSmeirDGp"
    "PTciIw0QoZasq0RRjWkuHTkkI1EVoLrRqXbySLuNmL+T4qCkP9l6UirNizBHFFRofptZ6h"
    "jbouNc8pyaA6rjo1fTCXaENNV+23Nz1qniS8jEyngY0dXq+DRcMpMbiKvAowE/L4Y5zhj8"
    "uBLP8q45ThgD3TB4ek3/lJNnMmWIvBAT6a5fx2C2IBaCCfuF2CknqOznNVKxL5Zi77Zy7r"
    "3umFgJd5Wkol/wPi0V/f2i6szd+fecY2IlnBn2st/sqwEbJfWPyco95yLvOXtKkzIllk4F"
    "Kg1v65ShlZBc1dInOM5WNDNvusQE5eggudTCiIyc9lOn/ZygLtKSF323u8rSy0Tu2B9/Jt"
    "1ux158cHawf7jthnJ4z7Kk+EbWm0zgLkTO/XKzXgRtsOoUbaP+ngpDwrwn1XWcoEEzRoV1"
    "H7poZGGTH/rmU2roDKMJNdn4Bxthw6Bz3lPcQ419Q+EVwqbmhmzpNjLI0D+UbpKkAvfzCk"
    "kDFosGTD89eX0EximcpFx5aLd6n+4/19x+ayz65uMTt8a7jRoKU/DHT37sDbYcnTwkIXVE"
    "YR6BCdTt5eHOiGlERqIqQPUFGzqsqhad5OWropIl3J0uE11Fvk51qG4DWjIqKUnJIrdyfj"
    "JSkpDBap33qMOIUOlcJK+zqETX6SrRdTIYTxJo+9s89ZTfnLFEUSnJ+kpm8vixRCEzbntq"
    "ModPXME6cuZwougYFgN8NArtgb4QfiBZRcyjLR9X15Fpk3DJTA52UB8xtdfUNBbIINqIWG"
    "7kyo/oC55wT5wvnNPCxhwvbASamM6dm6voCydCvqARXNiO95sNfU7sW7fzN0g+TfJpB+XT"
    "Pnbq/KwxR5Ptm11+YlkN2bxX981O46cnfmmR4YxfN35/bHY+15BjEC7iAyKLSrnjU5rdMZ"
    "aj2wcCUocUEmxDYhGvL2c1giJCezrz6IhxYleZiOGrFczwVcIOymlmbmNgxrEtkH15mcn/"
    "7nKF/92lzPfyfdJckkjY3yJgUJYP1UBA4rmeP/B8ArY3bD0PhBNDN6tRG3Sq9YSBpGT2Qc"
    "kc0elmfoMN3kxdhp2PEjvgREtV1zvjzJWBK+HkmcwYqffb2HWVCQXNcW8ZbaKbOpdl1LLR"
    "HDRgMPN5MOsCMWpoSGc28t7mOM7QeZJB2G3VkjooFnUAY8HMnVszEDpggP3yzslG2HPYcg"
    "fkRYXkYeNxUAt0DE4xmXlpSu3alDr5BSFHAoikFpVJo22bpEfhn0Pos0dtjj1qs1tpqPd0"
    "REU6qXN/pRZq+CUy7V7ZoP4RjZ/ZQWtcReRKA/r5sfGRO2BjhiYwEaDr8/P+7Pxcew9/RD"
    "y1n2G8mwgP6AwuBWcM7+UNwqOHoRSxFH8zxL2CloofPSyV00Mqp9FG2WR3K1pDofe46ncP"
    "zVaz2+vUe812qxaysFQo0Tdv2w8PT61m73ONG2LwNRrWNtnd2n2C/uVoyT4CwiKSjxOotX"
    "9PicCB/EY3sbUQQ+pLxE2yBXNzNp0YoKtMsvv2TURxhb5502zVO5/PHuq/v4por/ft1ke/"
    "fFgpvfnca9Tj9pmuwQjJ3omX5WUPFvTgMdFH4zyWbiAg8RSFysNAVmz9P4Jt7/RY+bCMRF"
    "WAqj3Gl1fXefa5A4kiqxObelNnOZ76Ov106uvE4dQF4meKBn2ZCBq/sfIenZuQk87dazdn"
    "A8x2sUdb/tj9RB8rVAD/kvu6sbCpub83QdskC1VXcTgB2zQIl8+SgT+0x6eOqa46h7Ny8u"
    "VHZFJk0TmaEGy6DsFei6IzfhHaEYTafrAdIUG2zz29Q24sFou7cRt2U94mkD7g0ZZRxqWS"
    "D/iN+Ju+2YL12Dtx0eNdj8/nSJVNqmxSZStRFraTX2ikMlxoZVhuCZ/ClvAttWD1mFIABZ"
    "BvMjKpCC2NRKk1pka4vKL7AhlsDfitjFhVNMWWSgBIgHbGYyd5bi/q+Bzy2tAc64zn/eeH"
    "ApzBf2OwaJz0YK8QRvBuHd4s2DveQ/3CneNIl+chaTxprgpAJTaPY2WDY8QtohL9xdWb/p"
    "Jmigyd3OG28n2j12t0wObAFsN98xHU/sZ9DcYEvJWRvnnXvn16aPDoSn940L7Z7n3iMpRZ"
    "m5kkO09TZsO4EqWqXEHTLyX2FO13RJZ+L6dFmJTlO3TPK18+eK8ywXu1At4rQcr9MWV88U"
    "7JIZ6Oc0KwfIBfXl1libG8ukqPseTP4mHC3qIKmm7ucyWEwkWe5zdEfi+nS4TVmQTmqwmk"
    "mKiMby0ygTTV1efZ1NV180xoUbESjqosjGw6IZvgYyNGRR6gY3LlWzh2DHRgkW1iDgTSB9"
    "yzcNoYlHb/czLbBTyHSrP1ESwBvwawBRr3zV8bncZdzUkQREZYw8XQ/zViwLJgbbSmxGVl"
    "pE+RF5WgtRjNM9nF5co32e0lE0kA2yZqsli6fNDvRU0u1BbRseHe8fZbpGPmglcgKfc3Ra"
    "dg0imx8vbdmJTsusL0ZgH1kAvcpKDsuDJR7lE2LUUzxQ4AfgxVVVJ8YzPkenhDo34HCH8H"
    "DhDJaTLFAyJNn5AwZ4FZoEcVyu26TixdHVcEHhDek+oqrwcclFnn6JCOrHRZLpYvAHRX23"
    "P8zWoAh0RKyGPvZV+OD6ocCHvFS4juXnbx4Y2MiBJM/dxtt9IIhaVInBrVVYb+hwzdPkXD"
    "bAW4HIwIIepjugwgD8F9Kwgf5xXcbJtJZ9vF7Nv/Ac+QyDg="
)
