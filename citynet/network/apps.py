from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "citynet.network"
    label = "network"
    verbose_name = _("Network registry")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from citynet.core.cache import bump_registry_version

        # Cache busting only: any registry or page write makes the hub's cached fragments stale.
        for model in self.get_models():
            post_save.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
            post_delete.connect(bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}-delete")
        page_published.connect(bump_registry_version, dispatch_uid="bump-page-published")
        page_unpublished.connect(bump_registry_version, dispatch_uid="bump-page-unpublished")
