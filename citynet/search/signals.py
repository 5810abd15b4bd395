"""Every provider's watched models, connected to the index: a save, a delete or a change of a many-to-many
relation of theirs indexes the records it touches again once the transaction commits.

A watch that reads a deleted instance's relations would find them gone, so deletes are read at pre_delete
(while the rows are there) and indexed after the commit like any change."""

from django.db.models.signals import m2m_changed, post_save, pre_delete

from . import registry
from .services import index_soon


def _receiver(kind: str, model, touched):
    def receive(sender, instance, raw=False, **kwargs):
        if raw:  # fixtures' loaddata
            return
        if kwargs.get("action", "post_add") not in ("pre_clear", "post_add", "post_remove"):
            return
        if kwargs.get("reverse"):  # the relation changed from its other side: `pk_set` holds ours
            if kwargs.get("action") == "pre_clear":
                field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
                instances = model.objects.filter(**{field.name: instance})
            else:
                instances = model.objects.filter(pk__in=kwargs.get("pk_set") or ())
            index_soon(kind, [i for one in instances for i in touched(one)])
            return
        index_soon(kind, touched(instance))

    return receive


_connected: list = []  # the receivers, held: signals keep weak references


def connect_providers() -> None:
    for provider in registry.providers():
        for model, touched in provider.watches.items():
            receiver = _receiver(provider.kind, model, touched)
            _connected.append(receiver)
            uid = f"search:{provider.kind}:{model._meta.label}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:save")
            pre_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:delete")
            for m2m in model._meta.many_to_many:
                m2m_changed.connect(receiver, sender=m2m.remote_field.through, dispatch_uid=f"{uid}:{m2m.name}")
