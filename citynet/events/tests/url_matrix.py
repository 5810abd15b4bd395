"""The events' URLs as each role meets them: public pages, participants', focal points', staff's.

One scene for all of them (below); the rows live beside the code they cover, one module per part in
tests/matrix/. Collected by citynet/core/tests/test_url_matrix.py (docs/testing.md).

Roles of this app, relative to the scene's objects:
- "participant": the account that registered itself for `event` (`participation`, confirmed), and
  took part in `past_event` (`past_participation`, attended on its first day);
- "focal_point" (the network's role): the focal point of `city`, whose delegate is `delegate`;
- "other_focal_point": a focal point of a city elsewhere, who must see none of it.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile

from citynet.accounts.tests.factories import UserFactory
from citynet.events.models import (
    DocumentKind,
    EventDocument,
    EventStatus,
    ParticipationStatus,
    RegistrationMode,
)
from citynet.events.tests import factories as events
from citynet.network.tests.factories import CountryFactory, RegionFactory, TopicFactory, member_municipality

from .matrix import api, participation, public, staff


def scene():
    region = RegionFactory(slug="here")
    country = CountryFactory(code="AL", region=region)
    city = member_municipality(country=country)
    neighbour = member_municipality(country=country)
    topic = TopicFactory(slug="risk-assessment", name_en="Risk assessment")

    event = events.EventFactory(region=region, slug="open-event", host_municipality=city, topics=[topic])
    session = events.SessionFactory(event=event)
    speaker = events.SpeakerFactory(event=event, session=session)
    public_document = EventDocument.objects.create(
        event=event, kind=DocumentKind.AGENDA, title_en="Synthetic agenda", file=ContentFile(b"%PDF-1.4", "agenda.pdf")
    )
    private_document = EventDocument.objects.create(
        event=event,
        kind=DocumentKind.OTHER,
        title_en="Synthetic organisers' notes",
        is_public=False,
        file=ContentFile(b"%PDF-1.4", "notes.pdf"),
    )
    invitation = events.InvitationFactory(event=event, municipality=city)
    participant = UserFactory()
    own = events.participant_with_account(event, user=participant)
    delegate = events.ParticipationFactory(event=event, municipality=city, name="Synthetic delegate")
    neighbour_delegate = events.ParticipationFactory(event=event, municipality=neighbour)

    approval_event = events.EventFactory(
        region=region, slug="approval-event", registration_mode=RegistrationMode.APPROVAL, city_approval=True
    )
    pending = events.ParticipationFactory(
        event=approval_event, municipality=city, status=ParticipationStatus.PENDING, confirmed_at=None
    )
    invitation_event = events.EventFactory(
        region=region, slug="invitation-event", registration_mode=RegistrationMode.INVITATION
    )
    draft_event = events.EventFactory(region=region, slug="draft-event", status=EventStatus.DRAFT)
    past_event = events.past_event(region=region, slug="past-event", topics=[topic])
    past_participation = events.participant_with_account(past_event, user=participant, municipality=city)
    events.AttendanceFactory(participation=past_participation, day=past_event.starts_on)
    events.CommitmentFactory(event=past_event, municipality=city)
    return SimpleNamespace(
        region=region,
        city=city,
        neighbour=neighbour,
        topic=topic,
        event=event,
        session=session,
        speaker=speaker,
        public_document=public_document,
        private_document=private_document,
        invitation=invitation,
        participant=participant,
        participation=own,
        delegate=delegate,
        neighbour_delegate=neighbour_delegate,
        approval_event=approval_event,
        pending=pending,
        invitation_event=invitation_event,
        draft_event=draft_event,
        past_event=past_event,
        past_participation=past_participation,
        day=event.starts_on,
        past_day=past_event.starts_on,
        today=datetime.date.today(),
    )


ACTORS = {
    "participant": lambda s: s.participant,
}

ROWS = [*public.ROWS, *participation.ROWS, *staff.ROWS, *api.ROWS]
