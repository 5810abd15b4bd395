"""Every sign-in goes through allauth: Wagtail's own password forms give no session to anyone.

allauth is where the rate limits, the mandatory email verification and the second factor live. Wagtail
ships a front-end sign-in (`/<lang>/_util/login/`) and shared page passwords of its own that know none
of these; an attacker found them through the Wagtail URLs.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from citynet.accounts.tests import factories

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wagtail_front_end_sign_in_gives_no_session_when_the_password_is_right(client):
    user = factories.UserFactory()

    response = client.post("/en/_util/login/", {"username": user.email, "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"
    assert not signed_in(client)


@pytest.mark.parametrize("lang", ["en", "ar", "sr-latn"])
def test_wagtail_front_end_sign_in_sends_to_allauth_in_the_same_language_when_opened(client, lang):
    response = client.get(f"/{lang}/_util/login/", {"next": f"/{lang}/western-balkans/"})

    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/accounts/login/?next=%2F{lang}%2Fwestern-balkans%2F"


@pytest.mark.parametrize("hostile", ["//evil.test/", "https://evil.test/", "/\\evil.test", "javascript:alert(1)"])
def test_wagtail_front_end_sign_in_drops_the_next_address_when_it_leaves_the_site(client, hostile):
    response = client.get("/en/_util/login/", {"next": hostile})

    assert response["Location"] == "/en/accounts/login/"


def test_thirty_wrong_passwords_then_the_right_one_give_no_session_on_any_sign_in_form(client):
    user = factories.UserFactory()
    forms = [
        ("/en/_util/login/", "username"),
        ("/admin/login/", "username"),
        ("/en/accounts/login/", "login"),
    ]
    for url, field in forms:
        for _attempt in range(30):
            client.post(url, {field: user.email, "password": WRONG})
        client.post(url, {field: user.email, "password": factories.PASSWORD})

        assert not signed_in(client), url


def test_allauth_refuses_the_right_password_when_too_many_wrong_ones_came_first(client):
    user = factories.UserFactory()
    for _attempt in range(30):
        client.post("/en/accounts/login/", {"login": user.email, "password": WRONG})

    response = client.post("/en/accounts/login/", {"login": user.email, "password": factories.PASSWORD})

    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/en/_util/login/", "username"),
        ("/ar/_util/login/", "username"),
        ("/admin/login/", "username"),
        ("/en/accounts/login/", "login"),
    ],
)
def test_unverified_sign_up_gets_no_session_when_signing_in_anywhere(client, url, field):
    user = factories.UserFactory(verified=False)

    client.post(url, {field: user.email, "password": factories.PASSWORD}, follow=True)

    assert not signed_in(client)


def test_verified_account_signs_in_through_allauth_when_the_password_is_right(client):
    """The control for the tests above: the same client and password do sign in where they should."""
    user = factories.UserFactory()

    client.post("/en/accounts/login/", {"login": user.email, "password": factories.PASSWORD})

    assert client.session["_auth_user_id"] == str(user.pk)


def test_shared_page_password_is_not_accepted_when_posted_to_wagtail(client):
    home = Page.objects.get(depth=1)
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="synthetic shared password"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, home.pk])

    response = client.post(url, {"password": "synthetic shared password", "return_url": "/en/"})

    assert response.status_code == 404
    assert not client.session.get(PageViewRestriction.passed_view_restrictions_session_key)


def test_pages_private_to_accounts_send_visitors_to_allauth_when_they_sign_in():
    from wagtail.wagtail_hooks import require_wagtail_login

    response = require_wagtail_login(next="/en/western-balkans/")

    assert response["Location"] == "/en/accounts/login/?next=/en/western-balkans/"


def test_editors_are_not_offered_a_shared_password_when_making_a_page_or_collection_private():
    from wagtail.admin.forms.collections import CollectionViewRestrictionForm
    from wagtail.admin.forms.pages import PageViewRestrictionForm
    from wagtail.models import CollectionViewRestriction

    page_form = PageViewRestrictionForm(private_page_options=["password", "login", "groups"])
    collection_form = CollectionViewRestrictionForm()

    assert PageViewRestriction.PASSWORD not in dict(page_form.fields["restriction_type"].choices)
    assert CollectionViewRestriction.PASSWORD not in dict(collection_form.fields["restriction_type"].choices)
    assert PageViewRestriction.LOGIN in dict(page_form.fields["restriction_type"].choices)
