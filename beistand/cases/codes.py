"""Versioned code lists: which codes a centre offers, who maintains which list, new versions, mappings.

Which lists a centre uses (decided here, used by the incident form): a centre
may belong to several networks. For each scheme it offers the active codes of
the current lists of *all* its networks that have a list of their own for that
scheme (the union; labels name the network when more than one list applies),
and the installation's default list for every scheme none of its networks has
replaced. A centre in no network uses the defaults.

Who may do what:
- admins read every list and maintain the installation's defaults;
- coordinators read the defaults and their networks' lists and maintain those;
- counsellors and centre leads read the defaults and their centres' networks' lists;
- everybody else gets the 404 of a missing page.

Only a list's current version is changed; older versions stay as they are
because incidents recorded with them point at their codes. Codes are never
deleted, only deactivated. Version numbers count up per scheme across the
whole installation, so "motive:v3" names one list wherever it appears.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from beistand.audit.events import record
from beistand.audit.models import Action, Category
from beistand.cases import access
from beistand.cases.models import Code, CodeList, CodeMapping
from beistand.lib.locking import next_version
from beistand.network import rules as network_rules
from beistand.network.models import Network

if TYPE_CHECKING:
    from beistand.accounts.models import User
    from beistand.network.models import Centre

# More versions than any list will see: stops a (corrupt) cycle of mappings.
MAX_MAPPING_STEPS = 50


# --- Which codes a network and a centre use ---------------------------------------------


def codes_for(network: Network | None) -> dict[str, QuerySet[Code]]:
    """The active codes per scheme of the lists a network uses (its own, else the defaults)."""
    lists = CodeList.objects.for_network(network)
    codes = Code.objects.filter(code_list__in=lists, is_active=True).select_related("code_list")
    return {scheme: codes.filter(code_list__scheme=scheme) for scheme in lists.values_list("scheme", flat=True)}


def lists_for_centre(centre: Centre) -> QuerySet[CodeList]:
    """The current lists a centre uses: its networks' own, the defaults for the other schemes."""
    own = CodeList.objects.current().filter(network__in=centre.networks.all())
    defaults = CodeList.objects.current().filter(network__isnull=True).exclude(
        scheme__in=own.values("scheme")
    )
    return own | defaults


def codes_for_centre(centre: Centre) -> dict[str, list[Code]]:
    """The active codes a centre offers for new incidents, per scheme (one query)."""
    codes = (
        Code.objects.filter(code_list__in=lists_for_centre(centre), is_active=True)
        .select_related("code_list__network")
        .order_by("code_list__scheme", "code_list__network__name", "position", "code")
    )
    by_scheme: dict[str, list[Code]] = {}
    for code in codes:
        by_scheme.setdefault(code.code_list.scheme, []).append(code)
    return by_scheme


def map_to_current(code: Code, network: Network | None = None) -> list[Code]:
    """What an older code counts as in the list the network uses now (the defaults without one).

    Follows the mappings version by version. Usually one code; a code that was
    split maps to several; one without a mapping path maps to none. A code of
    the current list is itself.
    """
    current = set(
        CodeList.objects.for_network(network).filter(scheme=code.code_list.scheme).values_list("pk", flat=True)
    )
    found: dict[int, Code] = {}
    frontier, seen = [code], {code.pk}
    for _step in range(MAX_MAPPING_STEPS):
        older = [c for c in frontier if c.code_list_id not in current]
        found.update({c.pk: c for c in frontier if c.code_list_id in current})
        if not older:
            break
        targets = Code.objects.filter(mapped_from__source__in=older).exclude(pk__in=seen).distinct()
        frontier = list(targets.select_related("code_list"))
        seen.update(c.pk for c in frontier)
    return sorted(found.values(), key=lambda c: (c.position, c.code))


def code_label(code: Code, *, with_network: bool = False) -> str:
    """A code's label for choices: sub-counts indented, the network named where lists mix."""
    label = f"– {code.label}" if code.parent_id else code.label
    if with_network and code.code_list.network_id:
        label = f"{label} ({code.code_list.network})"
    return label


# --- Who reads and maintains which list ------------------------------------------------------


def _is_working(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def readable_lists(user: User) -> QuerySet[CodeList]:
    """Every list (all versions) the user may read; none for referrers and accounts without a role."""
    if not _is_working(user):
        return CodeList.objects.none()
    if user.is_admin:
        return CodeList.objects.all()
    if not (access.is_caseworker(user) or network_rules.coordination_centres(user).exists()):
        return CodeList.objects.none()
    networks = Network.objects.filter(
        Q(pk__in=network_rules.coordinated_networks(user)) | Q(centres__in=access.casework_centres(user))
    )
    return CodeList.objects.filter(Q(network__isnull=True) | Q(network__in=networks))


def can_read_lists(user: User) -> bool:
    return readable_lists(user).exists()


def maintained_networks(user: User) -> QuerySet[Network]:
    return network_rules.coordinated_networks(user) if _is_working(user) else Network.objects.none()


def can_edit(user: User, code_list: CodeList) -> bool:
    """Only a current version changes: admins the defaults, coordinators their networks' lists."""
    if not (_is_working(user) and code_list.is_current):
        return False
    if code_list.network_id is None:
        return bool(user.is_admin)
    return maintained_networks(user).filter(pk=code_list.network_id).exists()


def version_targets(user: User, source: CodeList) -> list[Network | None]:
    """Where the user may put a new version copied from `source` (None: the defaults)."""
    if not (_is_working(user) and source.is_current):
        return []
    targets: list[Network | None] = []
    if source.network_id is None and user.is_admin:
        targets.append(None)
    for network in maintained_networks(user).order_by("name"):
        # A network copies the defaults or its own list, never another network's.
        if source.network_id in (None, network.pk):
            targets.append(network)
    return targets


def get_list_for_read(user: User, public_id: Any) -> CodeList:
    try:
        return readable_lists(user).select_related("network", "previous__network").get(public_id=public_id)
    except (CodeList.DoesNotExist, ValueError) as missing:
        raise Http404("no such code list") from missing


def get_list_for_edit(user: User, public_id: Any) -> CodeList:
    code_list = get_list_for_read(user, public_id)
    if not can_edit(user, code_list):
        raise Http404("no such code list")
    return code_list


# --- New versions, codes and mappings ----------------------------------------------------------


def list_in_use(network: Network | None, scheme: str) -> CodeList | None:
    return CodeList.objects.for_network(network).filter(scheme=scheme).first()


@transaction.atomic
def new_version(actor: User, source: CodeList, network: Network | None) -> CodeList:
    """Copies `source` as the next version of the list `network` uses (None: the defaults).

    The list used until now becomes the previous version; each of its codes is
    mapped onto the copy's code of the same name, so the mappings start complete
    and only changed codes need attention.
    """
    if network not in version_targets(actor, source):
        raise Http404("no such code list")
    # Locks the scheme's lists: two coordinators copying at once get consecutive versions.
    list(CodeList.objects.select_for_update().filter(scheme=source.scheme))
    previous = list_in_use(network, source.scheme)
    copy = CodeList.objects.create(
        network=network, scheme=source.scheme, version=_next_version(source.scheme),
        title=source.title, valid_from=timezone.localdate(), is_current=False, previous=previous,
    )
    _copy_codes(source, copy)
    if previous is not None:
        _map_by_name(previous, copy)
    CodeList.objects.filter(network=network, scheme=source.scheme, is_current=True).update(is_current=False)
    copy.is_current = True
    copy.save(update_fields=["is_current"])
    _record(actor, Action.CREATE, copy, ["version", "codes", "mappings"])
    return copy


def _next_version(scheme: str) -> int:
    highest = CodeList.objects.filter(scheme=scheme).aggregate(highest=Max("version"))["highest"]
    return (highest or 0) + 1


def _copy_codes(source: CodeList, copy: CodeList) -> None:
    originals = list(source.codes.order_by("position", "pk"))
    copies = {
        original.pk: Code.objects.create(
            code_list=copy, code=original.code, label=original.label,
            position=original.position, is_active=original.is_active,
        )
        for original in originals
    }
    for original in originals:
        if original.parent_id in copies:
            copies[original.pk].parent = copies[original.parent_id]
            copies[original.pk].save(update_fields=["parent"])


def _map_by_name(previous: CodeList, copy: CodeList) -> None:
    new_codes = {code.code: code for code in copy.codes.all()}
    CodeMapping.objects.bulk_create(
        CodeMapping(source=old, target=new_codes[old.code])
        for old in previous.codes.all()
        if old.code in new_codes
    )


@transaction.atomic
def save_codes(
    actor: User, code_list: CodeList, changed: list[str], formset: Any, mappings: Any,
    expected_revision: int | None = None,
) -> None:
    """Saves edited labels, new and deactivated codes, and the mappings from the previous version.

    StaleEdit (nothing written) when someone saved the list since the form was loaded.
    """
    if not can_edit(actor, code_list):
        raise Http404("no such code list")
    if not (formset.has_changed() or (mappings is not None and mappings.has_changed())):
        return
    with transaction.atomic():
        _claim_revision(code_list, expected_revision)
        _save_codes(actor, code_list, changed, formset, mappings)


def _claim_revision(code_list: CodeList, expected: int | None) -> None:
    """Locks the list's row, checks the form's revision against it, and counts this save."""
    message = _("Someone else saved this code list in the meantime.")
    code_list.revision = next_version(code_list, expected, message, field="revision")
    CodeList.objects.filter(pk=code_list.pk).update(revision=code_list.revision)


def _save_codes(actor: User, code_list: CodeList, changed: list[str], formset: Any, mappings: Any) -> None:
    next_position = (code_list.codes.aggregate(last=Max("position"))["last"] or 0) + 1
    for form in formset.forms:
        if not form.has_changed():
            continue
        code = form.save(commit=False)
        if code.pk is None:
            code.code_list, code.position, next_position = code_list, next_position, next_position + 1
        code.save()
    if mappings is not None and mappings.has_changed():
        set_mappings(code_list, mappings.chosen_targets())
        changed = [*changed, "mappings"]
    if changed:
        _record(actor, Action.CHANGE, code_list, changed)


def set_mappings(code_list: CodeList, targets: dict[int, Iterable[Code]]) -> None:
    """Replaces the mappings from the previous version's codes (by pk) onto this list's codes."""
    CodeMapping.objects.filter(source_id__in=list(targets), target__code_list=code_list).delete()
    CodeMapping.objects.bulk_create(
        CodeMapping(source_id=source_pk, target=target)
        for source_pk, chosen in targets.items()
        for target in chosen
    )


def _record(actor: User, action: Action, code_list: CodeList, fields: list[str]) -> None:
    """Code lists describe classifications, not people: technical events, with the network's list id."""
    record(action, obj=code_list, fields=fields, category=Category.TECHNICAL, user=actor)
