from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "citynet.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from citynet.core.cache import bump_registry_version

        # Events and their figures appear on the region hub and municipality profiles, whose fragments are cached.
        from .models import Event

        post_save.connect(bump_registry_version, sender=Event, dispatch_uid="bump-Event-save")
        post_delete.connect(bump_registry_version, sender=Event, dispatch_uid="bump-Event-delete")
