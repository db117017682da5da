"""Migration add_outbox_templates: generated for SQLite and PostgreSQL by scripts/makemigration.py."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

_UPGRADE = {
    "sqlite": """
        ALTER TABLE "outbox_message" ADD "template" VARCHAR(64);
        ALTER TABLE "outbox_message" ADD "data" JSON;""",
    "postgres": """
        ALTER TABLE "outbox_message" ADD "data" JSONB;
        ALTER TABLE "outbox_message" ADD "template" VARCHAR(64);""",
}

_DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "outbox_message" DROP COLUMN "template";
        ALTER TABLE "outbox_message" DROP COLUMN "data";""",
    "postgres": """
        ALTER TABLE "outbox_message" DROP COLUMN "data";
        ALTER TABLE "outbox_message" DROP COLUMN "template";""",
}


async def upgrade(db: BaseDBAsyncClient) -> str:
    return _UPGRADE[db.capabilities.dialect]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return _DOWNGRADE[db.capabilities.dialect]


MODELS_STATE = (
    "eJztXf1z2kYa/ld2mJtpMkN6thM7OfoTtmlCa4MHcNu0dNRFWkC1tMtJix3uLv/77eoDfa"
    "2EBAKEsjN3qZH2leDZr/d93o/9b8MkGjLs79uaqWPdphakOsGNFvhvA0MTsT9SWjRBAy4W"
    "wX1+gcKJ4YjAZNsJ/6RSdncKDRuxSxqyVUtfeO9rtMHCIgtk0dUbE2I4QybCFKjEXEC8+g"
    "FgQuc6ngEyBQQjoNsAPSMLPOu2zl4KKAGQN0HW9/x1GlHZ+1j70p+8xPq/l0ihZIb4Nfb8"
    "P/5kl3WsoS/I9j8unpSpjgwtAqSu8Qc41xW6WjjXupj+6DTkX3qiqMRYmjhovFjROcHr1j"
    "qm/OoMYcSgRfzx1FpyMPHSMDz0fXzdbxo0cb9iSEZDU7g0eJdwafcLBNcaitLrj5RhZ6Qo"
    "jUR3+RIhnL1LKsG8q9lXtZ1fP+Nf4c3F+bv37z68vXr3gTVxvub6yvuv7qsDYFxBB57eqP"
    "HVuQ8pdFs4GAegOv9NwHozh5YYV799DFn2lePI+jhWF1oTflEMhGd0zvE8O8sA8pf24OZT"
    "e/CKtXrNX0nYZHTnas+7deHe42gH6FpLWgRcr/lW2HrIraH1mwTYBgvHwcE9v8iB7flFKr"
    "T8VhRZ1UIcCwUKAL5ld6huIjHIUckY1pon+r3/xzaj+tjQsx+o9bGx8kZFBvSj7n1nOGrf"
    "P/DXmbb9b8PBrz3q8DsXztVV7Oqrq1g3rR8Cfu2OPgH+Efze73UceIlNZ5bzxqDd6PcG/0"
    "5wSYmCyYsCtdDU96/6qH3l+8H0KbR48QsTqD69QEtTIndCw4OYJusPqiM7OT6uPeEffx4g"
    "Y73FxkaCt23feA9aneBA+OoPff9qMCACpGwKp9PdMBryRzzaaKstoKoY8VFGLkjauEveMi"
    "/M+BVHW9K8d/M3+brgUtPpHZkJ9UT/XraGyFsphtdso3L465wAdQ4x+zbgZQ5pE7zodA6Y"
    "BgZY/1MEJmhKLMQ0NQ3AKUVWy72HkPadDcYN9iKgIQpZN2pk3EjqiPt4gVQVq6Uq+mvqSi"
    "kEb1xsM9AnoN2UAnUALZu8xFLYj0VGEX0xJlaOTn5saCOK49tcWvnbDK38bVIrZ7B5+1kB"
    "oMU7YB0wvsoD8VU6wlcJgMnkb6RSF6QCKMfEJNT5oRatyBuBFq7HNbA2y0fZ1V6SEP807P"
    "fEEAcScQtTVyn4HzB0+wT3vQxcORQRK9LH89V9+7c41Dd3/eu4ecgfcB1fqbmqWAT2tYBE"
    "fXvUT4tbOaiKXS9qJamCFtLswyJSqxdo9RE3TkFsRbISZBfkBCWYhnkS8B/ZrqzP8M9o5e"
    "DeZd8NYlW0Uaf67U4L7zSCi1224MuaOxEPOPYHAwFRV59sD2/at51GctkoAeYiHOKpIhxa"
    "LiPAsi8Aeo93d42v6dT2PunIgOMW8JERAjydkFQjzXJ4qydL3dAcv7EFGHQa4cNvaQLvW4"
    "LJCkAMglGp6uPl2dn0LRY5qHd7mIBo/EOwkDjA/CkpyG/WW33snXP//mpkQr0QA7kWqB+L"
    "cHH5Lg/Al+/SAeb3ogAvGEiFRvBaoIYA5xvAGeNXhlscKtyC2ZHM1BT40jM480CkfgjvxS"
    "+hMrWqCMJ++/rBe5kH3ct0cC+T2J4UpyXjhUoitSrBwFSuw+tOwVQN8PI4mAGbEYPuzSiL"
    "Kghpm27c9s5BcA9e/HeNoI8sEzxWne6I0S/8GXUCaEfGaWOE4T3EqxHh/+6BIqwWLZIx/5"
    "3fpsQ4t8gvtfjQY/pHWmgrsZz+eEKrNdjKksl6y8e6w7wG8XAsOrfIcjYPZCNMnpAAZteV"
    "OCv1NZNh7OJnnaamxoTuNrM4Rj3aLgfJyGznN1wrA5Q8IQzoHFIwYWPABhCM2O+aWdAEUF"
    "XJElMnUwU4GACOH+cSIWC6iK4hTEWsY8lPl/GO1SIbnV5V5tCeFzHKolK1S5O5ykOKXaVz"
    "YlcJSgx9WehsHmxhmUUla2iZnYgl5mOSaYqxRW8b6zskVkIHV4z0qF3/TlYK9TY+obF9rc"
    "9St6WUB9Qo5uFfFxdv376/OHt79eHy3fv3lx/O1ltW8lbW3nXd/ci3r0hfJ8NPLPTM9qJt"
    "Jl1UUs67Ks87SWymT7v6Ept+302KJuPE5Wq0vJYWt+dbZcWgjUlJYJPAJsiJnNAm5CS4G1"
    "n4ALMSGPhvIDovMcY2xz76M74EgAehR9UT39jyuBndYKuSAzgPwImtvVIxpmsXkoD/DbuX"
    "0tnfRbjVZu4XAx2bS8RLEL3idPbrFhg3btGCEnB+dj5mTxk3bqANwfmFKKF9C3lhGGmETZ"
    "cRpEcndWUEaRAlliuG6Twjhuk8GcNkkoluFEI4kKhfHNP5VR6E43ZkCOArGcckzf3jlt6o"
    "XDfv126KbNg7ap11LB6VUDtjY0ys2OeJVvIthB0DcQqYUqeCeSzjTkW2rbBfaO0c2NV2nt"
    "Vhj6rTED1abFfFdJGj1DZbTz+BoReemumGXphWyRPkoxJuGuqIQksnPK7Gf0CL/aUi/RnZ"
    "vEitzoZ6E5hwBQwdPwlCdEQhPqU+W2gghs1aN5tKGojfjIFYsQWjfhmGVduyDpBiaJE0+7"
    "uDl2ZCc436sMgOlvhWWLP1T8eqvoBGoxjkjYdBt3fTfWjftcD6GWM87Nz0e7ftwecWsJG6"
    "xBpfuOMLey7TvfQcuq0jYw4TEXOERfzAATEGtKniqs9FyZOYqAyJkSExkiOrFkfmK9LFKL"
    "KYlGTINjNkYYtlR4KshollzRg/Fhtg29NjQfbLjmxGNN3mJLepw1IaQfCAgNOIRBakkxrR"
    "cJw8tIabK2Qic8KrpQ+dgkWQDSUQpMNqxGpGP3KK4oaBg6y/kYjPKOehOQsmSTrj+HTGVL"
    "eY5lqU1IhK1dDy3ovv2zESikIdEZJI50OamfYEa8pWgItk60fe7QV2Sd7tvT6YRaap8TOb"
    "+buQeJURbwwfHzoDpX173+21gL1kCojiqA9j7F3zPt30ezfdzuBjp8XLOjoKiOTyEgtPFR"
    "SYA1N5uq1QxBZwcXz7NSEGgjhFc4yJxrpgwmT3NVPWVw5L4F33+3cREue6GwO493h/3WFT"
    "wJkBrJFO03HnZ6E8C1aoTaAHcgdE3J8JJwu45KwlZy0567py1rI+3SHSDl+I9cTep2wZRZ"
    "smLpMQZSnASpQCzBzrJYBeJIy5YuM7L9xpc7xwDp301xy4umDmSc+FawzuFLF/UjUGI780"
    "XmMwKNkYrS4Ynx7x4oKJJOoSqgu6WlN2cimybLZWIm3IzxpuiFJMoy2amYmmflvFXjfe6K"
    "/rYwTcIfXGp3jeTAgF/sPYqOMRw8TSwCuOzz/VOaT/5C2468atBsj67pk1d6b666T3bj+v"
    "EPry2FrodB/vVum/O6b/zu+JvIy7377K9O/W8ci5wpELnBfBh3cRbN3mtYR2D6HefEwn4U"
    "0/u9Nvv9PRnVXDOQPWvZzduVxoW/JIUUnJI1WFRxLQh2sNOlG+4yiFPTjDjLRHZ/wIla9Y"
    "k2zty2+sLIPWOcKl1hlXrhiABu/uFZhDrBlIawKbOAWX2Qt1pgLxGzx1C7jhAABNp0gVpo"
    "CV9+AdCjy77y5eUzMsVg43WAVt6yDOxnSdLBiixVfZuKw8I7kiy2waXV+RZba/pBPy5Z4N"
    "HTgTLrLRBplLLHGaKmaobY4F1k1zBS9Qp/ykTUrABLFFDtMmNy3ZguYbn2TKK+M7t8Cr4f"
    "2wCdAbHgfkHM7JTFKBaVv602Ut/WqZsbqGzAXhHMVKKWh1CURrV1X/PJdte55h3J4nrVs2"
    "GzBGKfF6m2PJQuJVtngbbA1oAdu0x7hz3+7etYATdDjGDJdRy1kS4stNnh75kKM/PqT2xo"
    "dEUi5S9YUurBWZcT5lWKjKfVClCErKVgvDsxvyAh2WqV8ocPlHdhyF2akYxocmduzl5G9m"
    "SBYZ1iGR+o3qvZzAOiGaQDcZoS8p6p/fvhaLc5ah1vltlD2i13baXb/30W8eH+ZRsOfUFC"
    "gn6WD77eswlg+NNaQUqnNTXF0tfeGOicn1e/v1+5glHCtZ/KPMUwXoMuVo8s1mTiB9yKI3"
    "CGscomIINx46vdtu72MLePK83I13xfavdHvKbf/xmpk+OlY0spxQp9XIacL+vu3cdX/pDD"
    "q3LeAx1kgb4x+Z5cQvTZnpxD8Pf+4+PPAL9pO+WCBtGxPqPF8GWkYCWuIUeso1ddESlh4l"
    "GxI5XHDs2YlMHcw2W8WDaAsyWyB+kCyDI8RVVZ2+zpVk4GSEIMsigpypdL0rKiW1r+La18"
    "Iiz7qWcupNuv0WE6sD8vtmJk4rjUa65UrJouGKzRY9HhKTuXFV27Yq4nYNF8gWOF1j9bPT"
    "Xa6hot15D7Bx4noJBux/EPhVpL6zQZtBZen/gZpTj7hHAAwucFNc5F3d5VEbqxazd7kzx/"
    "ubmVwT1i4eN/xHZkPpij2UK5Z37LobtrGYIw+oMvPZaD+OPvUH3d+5IRsMbW4D97r8GiZK"
    "cHkrE7f0813Cc2SbzgnLV7pvBo+jFrCWdIwf2sPhQ3/APi6gDRfEomiM+6NPnUELEGpVpH"
    "pvaMEqoMJHparcIZUJyp+ytxYvWBYWqiHMewkQsdCM5w1Z7qGBhYs7pYjXEP29BCqclqkq"
    "I/XLsVVlfkbdej0tP0PWpj6EByO6CRU8sD0pKmt6yPLfuUDOW1giV/nv1AFdAsbfwMnXoo"
    "lcqcOv3fPjBPzh+mC5dObwed0kVw0CQ2f/kKmTMeGIAoPMWuBlToDK3t0EU2KxT7o6XxOB"
    "TfYZUkeCUzs2sKGuNQFZUpWYgiri+3vN5qyN2IHaIU1YsogHZRElTyV5qmrv0JKnCkHaOA"
    "jIe2GpHHfDbjF+sUdUeXgX81mM8WPvrjscOZF6Olb4D4XVcGQg7GhkyS7LrBMckjpgleDj"
    "+OFLrBLMXqrqyJohheGQlvKXFmCcEK3y/KhStshpMbgyaHLLysxHDNyv3KQqmb0LFp+C2E"
    "bFJGuXhPZ4lHMNgc2gQ49VaLdqS0Nesi6zwq6QET0O4VyxUVwG3xzQoMI1WJLN+cZvdO+p"
    "FNE8NO3rJS9L1hCQzcHNZuZJlaatTIJ2OQJVVUihQWZLBJz41hYYMyPPsCE/hGzMHsL+A5"
    "xKPf+4/P7s7EwUoLrNI2SNn2pRwkW5sHJpsCpV89nLkYdsWqpkKaogkzpyIzLSABFqybqK"
    "FNVYFNKRQzISVQGqWx0RJs8H24r5OykOSsaTbSalSihEGVrflpY6h7bobIwiR5Aw1fHBe9"
    "IJDoQ01X6/h8aHIBMr42FEs9XxRbhlrjAQV4EHE374BnWCMfjZD57l3XKCMCa6YfBSm/6R"
    "EU9oQQF6RhjoblzHZLlCFmAL9jOyU46j2M9rpGJfLcXe7eXCvu6YWA29SlLRr/iYlor+fl"
    "F11u7iPueYWA1Xhr34m301YKu68zFZ6XOuss/ZU5qUBbJ0IlBpeF+nTK2EZFZPn+A8y+hm"
    "3nWJBcrRQQqphREZueynLvsFQV2lFTL6Zr3KMspEeuyPv5Lu5rEXn0Ic+A93dSiHfZY1xT"
    "ey3+QCdyUK7pfOehG0wa5TNUf9HRGmhHl3mps4QYPkzAob3g/BzIKY9S3wKTXwCgKTYDr/"
    "zgbQMMgLHynuCbG+ofAaQKy5KVu6DQw0pV6+l5mkAvfzCkkDVosGTD+KdnMGxikcS9u47/"
    "dGn+4+t9xxa6zG+OGRW+PDTguEKfjjF0L2JluBQR6SkDqisI6AyZ7t1eTOiWlERqIqQPUZ"
    "GjrbVS1iFuWropI19E7Xia5CXxY6e9wWtGRUUpKSVe7l4mSkJCGD3brosYcRodqFSF7lUY"
    "mu0lWiq2QyniTQ9uc89ZTfgrlEUSnJ+kpm8vi5RCEzbndqskBMXMUGcu50ougcFgN8NArt"
    "njwjfjhZQ8yjrW83N5FpZrhlrgA79jyEtTcEGytgIG2GLDdz5QfwFzR5JM5fnNOCxgtc2Y"
    "BpYjoPbm6CvzgR8heYsQ+2E/1mszEnjq0r/Q2ST5N82kH5tI+DNj93zNFkx3jITy9rAZuP"
    "6jEedH585B8tNF3yz53fHrqDzy3gGISr+ITIo1KWfGKzO8cKDPtAQOqQQoJtiizkjeW8Rl"
    "BEaE/nHx0xT+wyFzF8mcEMXybsoIJm5i4GZhzbCtmXF7ni7y4y4u8uZL2Xb5PmkkTC/jYB"
    "g9BiqAYCEs/N/IEXE7C7YetFIJwYunmN2mBQbSYMJCWzD0rmiEE3L9fQ4N00pND5UuIAnG"
    "ir5uZgnBdl4ko4dSZzZur9OndDZUJJczxaRjN1rHNZSiwbvDANmJn5PJl1BSgxNKBTG3hv"
    "cwJnyEuSQSj30ZI6qBZ1wOYCLlxbMxA6YIL9+srJZthz2Aon5EWF5MHjcVArdAxONZl5aU"
    "qVbUqd/IZQoABEUovKpdH2MRoR9s8h9NmjdscetdmdNNQ7MiMindS5nqmFGn6LXN4rm6l/"
    "SONndpAWVxG50gB+euh85AHYkAKTLQTg6uxsvDw7096zPyKR2k9svmMAJ2TJPgrOG97LG4"
    "THELNWyFJ8Z4j7ifVU/OhhqZweUjmNdso23q3oEyrt42rf3nd73eFo0B51+71WyMJSWYsx"
    "vunf3z/2uqPPLW6IsW+jQW0b71b5BfrXsyX/DAiLSD5OoNb+vUCCAPJrHUNrJYbUl4ibZC"
    "vq1mw6MUCzTLK7/nVEcWVj87rbaw8+v7pv//Y6or3e9Xsf/fZhpfT686jTjttnusZmSP5B"
    "vG4vR7BgBM+RPpsXsXQDAYmnKFWeTWTF1v8jcHun58qHZSSqAlTtOby4vCri5w4kqqxObB"
    "tNned46qv006mvEodTV4ifqRr0dSJo/M4qenRuQk4Gd290zgaYleGjrX/ufmKMVSqBf819"
    "XVsQa+7vTdA2yUbNLA4nYJsm4fZ5KvCHfHzqnOiqczgrJ19+AJgAi7wAE0HsBgR7PQpe8Q"
    "8hjyB72ne2IySo9rmnd0jHYrW4G7djt+VtAukDHm0ZZVwaxYDfir8Z4x7bj70TFz3e9fh8"
    "jlTZpMomVbYaVWE7+Y1GKsOVVoalS/gUXMI3xGK7x4IwUBjyXYrMhtDSSLTaYGqE2yu6L5"
    "DD1mC/lSKrCRbQUhEDkkG75LmTvLYXcWIO+dPAC9Qpr/vPDwV4xf4/ZxaNUx7sNYCAvVtn"
    "bxb4jvfwfKHnODLkeUoaL5qrMqASzuNY2+AYcQupSH929aY/pZkiUydLdCvfdUajzoDZHN"
    "CicIwfmNrfuWuxOcHeStEY3/ZvHu87PLvSnx5kjPujT1yGUGs7k6T0MmU2m1eiUpUZNP1a"
    "Yk/Zfkdk6fdyWgQmtNihe177+sF7mQveywx4LwUl9+eE8s07pYZ4Os4JwfoBfnF5mSfH8v"
    "IyPceS34unCXubKtN0C58rIRSu8jq/JfJ7OV0irM4kMM8mkGKiMr+1ygTSQleflgtX1y2y"
    "oEXFajir8jCy6YRsgo+NGBVFgI7J1W/jKBnowCLbxhwIpA/os3D6mCnt/tfJbRfwGird3k"
    "dmCfhPYLZA5677S2fQuW05BYLQDGqwGvq/hgy2LVhb7SlxWZnpU+VNJegtSoosdnG5+i12"
    "e6lEEsC2jZoslq4f9HtRkyvlIjo23CW73yIDsxC8Aknp3xSdgkkWyCo6dmNScugKy5sF1E"
    "MhcJOCcuDKQrlHcVqKVooSAH4IPaqm+MZWyM3whmZ9CQh/AwEQyWUyJQIiTZ+QMOeBWaBH"
    "VSrsuo0sXZ03BBEQ3p1mVtQDDNpsCnRIR1aGLFcrFoANV9sL/M1rAIdEashj78UvxydVAY"
    "S95jVEdy9efPZGikQFpn4a9ntphMJaJE6N6ioF/wOGbp+iYZYBLgcjQoj6mK4TyENw3wjS"
    "x/kDrnetpLPrZvb1/7363H4="
)
