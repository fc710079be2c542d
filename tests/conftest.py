"""The browser tests use the same personas as the app tests (beistand/conftest.py)."""

from beistand.conftest import (  # noqa: F401 -- fixtures are found by name
    ada,
    alice,
    backup,
    bob,
    carol,
    carrier,
    client_for,
    kai,
    lena,
    lks,
    paul,
    police,
    rheinland,
    state_network,
)
