"""An event's, a grant call's and an award's pages link the public resources that came from them."""

import pytest

from citynet.core.cache import forget_local
from citynet.events.tests.factories import EventFactory
from citynet.grants.models import CallStatus
from citynet.grants.tests.factories import AwardFactory
from citynet.library.models import Access, ResourceStatus
from citynet.library.selectors.resources import resources_from
from citynet.library.tests.factories import ResourceFactory


def came_from(resource, *, event=None, call=None):
    """`resource` came from `event` or `call` (a clusterable model writes its relations on save)."""
    if event:
        resource.events.set([event])
    if call:
        resource.calls.set([call])
    resource.save()
    return resource


@pytest.fixture(autouse=True)
def fresh():
    forget_local()
    yield
    forget_local()


def test_an_events_page_links_its_public_report_and_not_a_draft_or_a_members_only_one(client, db):
    event = EventFactory()
    report = came_from(
        ResourceFactory(title_en="Synthetic workshop report", title_ar="تقرير ورشة اصطناعي"), event=event
    )
    for hidden in (ResourceFactory(status=ResourceStatus.DRAFT), ResourceFactory(access=Access.MEMBERS)):
        came_from(hidden, event=event)
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "In the library" in html
    assert f'href="/en/library/{report.slug}/"' in html
    assert html.count("/en/library/synthetic-resource-") == 1
    forget_local()
    assert "تقرير ورشة اصطناعي" in client.get(f"/ar/events/{event.slug}/").content.decode()


def test_a_calls_and_its_awards_pages_link_the_case_study_it_led_to(client, db):
    award = AwardFactory(call__status=CallStatus.RESULTS_PUBLISHED)
    came_from(ResourceFactory(title_en="Synthetic grantee case study"), call=award.call)
    assert "Synthetic grantee case study" in client.get(f"/en/calls/{award.call.slug}/").content.decode()
    assert "Synthetic grantee case study" in client.get(f"/en/awards/{award.slug}/").content.decode()


def test_a_page_without_resources_says_nothing_of_the_library(client, db):
    event = EventFactory()
    assert "In the library" not in client.get(f"/en/events/{event.slug}/").content.decode()


def test_the_list_is_one_query_and_then_kept(db, django_assert_num_queries):
    event = EventFactory()
    for _ in range(5):
        came_from(ResourceFactory(), event=event)
    with django_assert_num_queries(1):
        assert len(resources_from(event_id=event.pk)) == 5
    with django_assert_num_queries(0):
        resources_from(event_id=event.pk)
