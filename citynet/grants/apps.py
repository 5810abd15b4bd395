from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "citynet.grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from citynet.core.cache import bump_registry_version

        # Calls and awards appear on the region hub, whose fragments are cached.
        from .models import Award, Call

        for model in (Call, Award):
            post_save.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
            post_delete.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-delete")
