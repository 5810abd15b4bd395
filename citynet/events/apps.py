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

        # Every change of a participation or an attendance recounts its event's figures, in its transaction.
        from .models import Attendance, Participation
        from .services import figures

        def participation_changed(sender, instance, created=None, **kwargs):
            figures.recount(instance.event_id, create=created is not None)  # created: None on a deletion

        def attendance_changed(sender, instance, created=None, **kwargs):
            event_id = Participation.objects.filter(pk=instance.participation_id).values_list("event_id", flat=True)
            for pk in event_id:  # none when the participation itself is being deleted
                figures.recount(pk, create=created is not None)

        for model, receiver in ((Participation, participation_changed), (Attendance, attendance_changed)):
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"figures-{model.__name__}-save")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"figures-{model.__name__}-delete")
