from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "citynet.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import cache

        request_started.connect(cache.request_started, dispatch_uid="citynet-registry-version-start")
        request_finished.connect(cache.request_finished, dispatch_uid="citynet-registry-version-finish")
