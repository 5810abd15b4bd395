from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "citynet.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from .second_factor import record_second_factor_on_activation

        authenticator_added.connect(record_second_factor_on_activation, dispatch_uid="citynet-second-factor-activation")
