"""Building cases in tests (and in the demo and synthetic data) the way the workspace does."""

from __future__ import annotations

from typing import Any

from beistand.cases import actions
from beistand.cases.choices import AccessChannel, CaseKind
from beistand.cases.models import Case


def make_case(
    centre: Any,
    *,
    assigned: list[Any] = (),  # type: ignore[assignment]
    kind: str = CaseKind.VICTIM_COUNSELLING,
    access_channel: str = AccessChannel.SELF_REFERRAL,
    **fields: Any,
) -> Case:
    case = actions.create_case(
        centre=centre, kind=kind, access_channel=access_channel, assigned=list(assigned), **fields
    )
    return case
