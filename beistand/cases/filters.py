"""The filters, the search and the pages of the case list.

Every query here starts from `access.visible_cases(user)`; the filters only
narrow it. The search takes a reference ("bu-2026-0042", any case) or a
pseudonym, matched exactly through the persons' blind index, so nothing is
decrypted to search.

The list's query budget is fixed whatever the page size (pinned in
test_case_list.py): one query for the filters' choices, one for the page of
cases, one each for their persons and their counsellors. The total is not
counted (on 50,000 cases that would be one more query over all of them): a
page knows whether another follows because it asks for one row more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import (
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.cases import access
from beistand.cases.choices import CaseKind, CaseStatus
from beistand.cases.models import Case, CasePerson, Code, CodeScheme, Deadline, Incident
from beistand.network.forms.fields import choice_field, district_label
from beistand.network.models import District

PAGE_SIZES = (25, 50, 100)
# "Deadline due" means an open deadline within this many days (or overdue).
DUE_WITHIN_DAYS = 7


# --- the choices of the filters --------------------------------------------------------------


def filter_choices(user: Any) -> dict[str, list[tuple[str, str]]]:
    """The districts of the cases the user sees, and the motives of the current code lists.

    Both lists come from one query (UNION ALL of two small selects) to keep the
    list page within its query budget. A motive code counts across the
    versions of its list; where a network relabels a code, the first label wins.
    """
    choices: dict[str, list[tuple[str, str]]] = {"district": [], "motive": []}
    rows = sorted(
        _district_rows(user).union(_motive_rows(user), all=True),
        key=lambda row: (row[0], row[3], row[2]),  # districts by name, motives by position
    )
    seen: set[tuple[str, str]] = set()
    for source, value, label, _position, detail in rows:
        if (source, value) not in seen:
            seen.add((source, value))
            shown = district_label(District(name=label, kind=detail)) if source == "district" else label
            choices[source].append((value, shown))
    return choices


def _choice_columns(source: str, value: Any, label: Any, position: Any, detail: Any) -> dict[str, Any]:
    """The same five columns, of the same types, on both sides of the union."""
    return {
        "choice_source": Value(source, output_field=CharField()), "choice_value": value,
        "choice_label": label, "choice_position": position, "choice_detail": detail,
    }


CHOICE_COLUMNS = ["choice_source", "choice_value", "choice_label", "choice_position", "choice_detail"]


def _district_rows(user: Any) -> QuerySet[Any]:
    # One probe of the (centre, district) index per Kreis, which stops at the first visible
    # case: a few hundred index lookups instead of reading every case of the centre.
    used = Exists(access.visible_cases(user).filter(district=OuterRef("pk")))
    columns = _choice_columns("district", F("ags"), F("name"), Value(0, output_field=IntegerField()), F("kind"))
    # No ORDER BY inside a UNION (models order by default): the rows are sorted in Python.
    return District.objects.filter(used).order_by().annotate(**columns).values_list(*CHOICE_COLUMNS)


def _motive_rows(user: Any) -> QuerySet[Any]:
    networks = Q(code_list__network__isnull=True) | Q(code_list__network__centres__in=access.casework_centres(user))
    columns = _choice_columns("motive", F("code"), F("label"), F("position"), Value("", output_field=CharField()))
    codes = Code.objects.filter(networks, code_list__scheme=CodeScheme.MOTIVE, code_list__is_current=True,
                                is_active=True)
    return codes.order_by().annotate(**columns).values_list(*CHOICE_COLUMNS)


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Reference or pseudonym"), required=False, max_length=200,
        help_text=_("The exact reference (e.g. BU-2026-0042) or the exact pseudonym; "
                    "capital letters and spaces do not matter."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind of counselling"), required=False)
    district = forms.ChoiceField(label=_("District (Kreis)"), required=False)
    motive = forms.ChoiceField(label=_("Motive"), required=False)
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)
    due = forms.BooleanField(label=_("Deadline due within 7 days"), required=False)
    size = forms.TypedChoiceField(
        label=_("Cases per page"), required=False, coerce=int, empty_value=None,
        choices=[(size, str(size)) for size in PAGE_SIZES],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        choices = filter_choices(user)
        choice_field(self, "status").choices = [("", _("All statuses")), *CaseStatus.choices]
        choice_field(self, "kind").choices = [("", _("All kinds")), *CaseKind.choices]
        choice_field(self, "district").choices = [("", _("All districts")), *choices["district"]]
        choice_field(self, "motive").choices = [("", _("All motives")), *choices["motive"]]

    @property
    def page_size(self) -> int:
        return getattr(self, "cleaned_data", {}).get("size") or PAGE_SIZES[0]

    def filter(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """Applies the valid filters; an invalid one is shown as an error and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if text := (data.get("q") or "").strip():
            cases = cases.filter(search_query(text))
        for name in ("status", "kind"):
            if data.get(name):
                cases = cases.filter(**{name: data[name]})
        if data.get("district"):
            cases = cases.filter(district__ags=data["district"])
        if data.get("motive"):
            cases = cases.filter(motive_query(data["motive"]))
        if data.get("mine"):
            cases = cases.filter(Exists(Case.assigned.through.objects.filter(case=OuterRef("pk"), user=self.user)))
        if data.get("due"):
            cases = cases.filter(Exists(open_deadlines().filter(due_on__lte=due_limit())))
        return cases


def search_query(text: str) -> Q:
    """A reference (exact, any case) or a pseudonym (exact, through the blind index)."""
    by_pseudonym = CasePerson.objects.filter(case=OuterRef("pk"), person__pseudonym_index=text)
    return Q(reference__iexact=text) | Q(Exists(by_pseudonym))


def motive_query(code: str) -> Q:
    incidents = Incident.objects.filter(
        cases=OuterRef("pk"), motives__code=code, motives__code_list__scheme=CodeScheme.MOTIVE
    )
    return Q(Exists(incidents))


def open_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(case=OuterRef("pk"), done_at__isnull=True)


def due_limit() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DUE_WITHIN_DAYS)


# --- the rows and the page ----------------------------------------------------------------


def for_list(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row of the list shows, in a fixed number of queries whatever the page size.

    The persons come with their data keys (and the keys' centres, which the
    associated data names), so each key is unwrapped once for the page.
    """
    next_due = open_deadlines().order_by("due_on").values("due_on")[:1]
    persons = CasePerson.objects.select_related("person__centre", "person__data_key__centre").order_by("pk")
    return cases.annotate(next_due_on=Subquery(next_due)).select_related("centre").prefetch_related(
        Prefetch("participants", queryset=persons), "assigned"
    )


@dataclass
class CasePage:
    rows: list[Case]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.size + 1

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1

    @property
    def total(self) -> int | None:
        """The number of cases, where this page shows it: all on one page."""
        return len(self.rows) if self.number == 1 and not self.has_next else None


def page_of(cases: QuerySet[Case], number: Any, size: int) -> CasePage:
    """One page of the list; one row more than shown tells whether another page follows."""
    page = _page_number(number)
    start = (page - 1) * size
    rows = list(cases[start:start + size + 1])
    return CasePage(rows=rows[:size], number=page, size=size, has_next=len(rows) > size)


def _page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 100_000 else 1

