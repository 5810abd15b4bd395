"""Who finds an entry: the library's levels of access, and an embargo that only staff see through."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from citynet.accounts.tests.factories import UserFactory, coordinator, member
from citynet.network.tests.factories import member_municipality
from citynet.search import permissions
from citynet.search.models import Entry


def entry(access="public", available_on=None):
    return Entry.objects.create(
        kind="resource", object_id=Entry.objects.count() + 1, route="library:resource", route_key="x",
        access=access, available_on=available_on,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("who", "finds"),
    [
        ("anonymous", {"public"}),
        ("user", {"public"}),
        ("member", {"public", "members"}),
        ("coordinator", {"public", "members", "staff", "embargoed"}),
    ],
)
def test_each_finds_what_they_may_read_as_a_check_and_as_a_queryset(db, who, finds):
    city = member_municipality()
    actor = {
        "anonymous": AnonymousUser(),
        "user": UserFactory(),
        "member": member(city),
        "coordinator": coordinator(city.country.region),
    }[who]
    entries = {
        "public": entry(),
        "members": entry("members"),
        "staff": entry("staff"),
        "embargoed": entry(available_on=timezone.localdate() + datetime.timedelta(days=1)),
    }
    by_check = {name for name, e in entries.items() if permissions.can_find(actor, e)}
    by_query = {name for name, e in entries.items() if e in permissions.scope_findable(Entry.objects.all(), actor)}
    assert by_check == by_query == finds
