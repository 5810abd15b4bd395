from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "citynet.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import signals

        autodiscover_modules("indexing")
        signals.connect_providers()
