"""Template helpers of the network directory."""

from django import template

from beistand.network.choices import COUNSELLING_LANGUAGES, Channel, TargetGroup, Topic

register = template.Library()

# Translated labels of the JSON code lists on Centre.
_LABELS = {
    "topics": dict(Topic.choices),
    "target_groups": dict(TargetGroup.choices),
    "languages": dict(COUNSELLING_LANGUAGES),
    "channels": dict(Channel.choices),
}


@register.filter
def code_labels(codes: list[str] | None, list_name: str) -> list[str]:
    """["phone", "chat"] → ["Phone", "Chat"] in the current language; unknown codes stay as they are."""
    labels = _LABELS.get(list_name, {})
    return [str(labels.get(code, code)) for code in codes or []]
