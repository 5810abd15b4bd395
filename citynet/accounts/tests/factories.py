"""Accounts, one factory per role of the network."""

import factory

from citynet.accounts.models import Role, RoleAssignment, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Sequence(lambda n: f"Synthetic person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """allauth signs in only verified addresses when verification is mandatory.

        `UserFactory(verified=False)` is a sign-up that never confirmed its address.
        """
        if create:
            from allauth.account.models import EmailAddress

            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=extracted is not False, primary=True)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


def secretariat():
    return RoleFactory(role=Role.SECRETARIAT).user


def coordinator(region):
    return RoleFactory(role=Role.REGIONAL_COORDINATOR, region=region).user


def focal_point(municipality):
    return RoleFactory(role=Role.FOCAL_POINT, municipality=municipality).user


def member(municipality):
    return RoleFactory(role=Role.MEMBER, municipality=municipality).user


def applicant():
    return RoleFactory(role=Role.APPLICANT).user


def reviewer():
    return RoleFactory(role=Role.REVIEWER).user


def sign_in_with_second_factor(client, user):
    """Sign `user` in on a test client as a password and an authenticator code would (staff need both).

    For tests of staff work outside the accounts app: activates TOTP when the user has none and records
    in the session that the second factor was used, as allauth does after the code is accepted.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    from citynet.core.testing import sign_in

    if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
        TOTP.activate(user, generate_totp_secret())
    sign_in(client, user)
    return user
