from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class HelpfinderConfig(AppConfig):
    name = "beistand.helpfinder"
    label = "helpfinder"
    verbose_name = "Help finder"

    def ready(self) -> None:
        # Every change to what the routing reads makes the processes' snapshots stale.
        from beistand.helpfinder.models import RoutingRule
        from beistand.helpfinder.snapshot import area_changed, data_changed
        from beistand.network.models import Centre, OpeningHours

        for model in (Centre, OpeningHours, RoutingRule):
            post_save.connect(data_changed, sender=model, dispatch_uid=f"helpfinder-save-{model.__name__}")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"helpfinder-delete-{model.__name__}")
        for area in (Centre.states, Centre.administrative_regions, Centre.districts):
            m2m_changed.connect(area_changed, sender=area.through, dispatch_uid=f"helpfinder-area-{area.through.__name__}")
        # The public directory entries near a place (nearby.py): every change of an entry writes a
        # line of its history (Change); the demo loader and deletions touch the entry itself, and a
        # location saved on its own (made confidential, say) must leave the answers at once.
        from beistand.directory.models import Change, Location, Service, TaxonomyTerm

        post_save.connect(data_changed, sender=Change, dispatch_uid="helpfinder-save-directory-Change")
        post_save.connect(data_changed, sender=Location, dispatch_uid="helpfinder-save-directory-Location")
        for entry_model in (Service, TaxonomyTerm):
            name = entry_model.__name__
            post_save.connect(data_changed, sender=entry_model, dispatch_uid=f"helpfinder-save-directory-{name}")
            post_delete.connect(data_changed, sender=entry_model, dispatch_uid=f"helpfinder-delete-directory-{name}")
        # An HSDS import writes in bulk (no save signals) and says so once it is committed.
        from beistand.directory.signals import imported

        imported.connect(data_changed, dispatch_uid="helpfinder-directory-imported")
