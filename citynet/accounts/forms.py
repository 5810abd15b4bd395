"""allauth's forms, adjusted where they would tell a stranger whether an address has an account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, costing the same whether or not the address already has an account.

    For a known address (ACCOUNT_PREVENT_ENUMERATION) allauth creates nothing and mails "you already have
    an account" instead of a confirmation link: both paths send one mail, but only the new account pays
    for hashing the password, the slow step, so the known address answered about five times faster.
    Hash it here too, and throw the hash away.
    """

    def try_save(self, request):
        if self.account_already_exists and self.cleaned_data.get("password1"):
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)
