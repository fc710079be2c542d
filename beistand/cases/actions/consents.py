"""Recording consent statements. They are appended, never changed: a withdrawal is a new statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from beistand.audit.events import record
from beistand.audit.models import Action
from beistand.cases.models import Consent

if TYPE_CHECKING:
    from beistand.accounts.models import User
    from beistand.cases.forms.consents import ConsentForm
    from beistand.cases.models import Case


@transaction.atomic
def record_consent(actor: User, case: Case, form: ConsentForm) -> Consent:
    consent = form.save(commit=False)
    consent.case, consent.data_key, consent.recorded_by = case, case.data_key, actor
    consent.save()
    record(Action.CREATE, obj=consent, centre_id=case.centre.public_id, fields=form.changed_fields(), user=actor)
    return consent
