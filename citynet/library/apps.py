from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "citynet.library"
    label = "library"
    verbose_name = _("Knowledge library")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from citynet.core.cache import bump_registry_version

        # Published resources appear on the region hub and municipality profiles, whose fragments are cached.
        from .models import CaseStudy, Resource, ResourceVersion

        for model in (Resource, ResourceVersion, CaseStudy):
            post_save.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
            post_delete.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-delete")
