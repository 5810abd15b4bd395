import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from citynet.core.actors import SYSTEM
from citynet.grants.demo import demo_call_moments, load_grants
from citynet.grants.models import Application, Award, Call, CallStatus, Criterion, Question, QuestionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(western_balkans_registry):
    return load_grants(western_balkans_registry, actor=SYSTEM)


def test_the_2018_call_is_closed_with_results_and_the_reported_figure_only(demo):
    call = Call.objects.get(slug="local-innovation-grant-2018")
    assert call.status == CallStatus.RESULTS_PUBLISHED and not call.is_demo
    assert call.title_en == "Local Innovation Grant for the Western Balkans" and call.title_ar
    assert call.summary_en and call.summary_ar
    assert call.opens_at.year == call.closes_at.year == 2018
    assert (call.reported_applications, call.reported_applications_is_minimum) == (80, True)
    assert "do not give the call's exact dates" in call.description_en
    assert not Application.objects.filter(call=call).exists()  # no invented applicants


def test_the_2018_award_goes_to_the_registrys_gus_albania_without_an_amount(demo):
    award = Award.objects.get()
    assert award.recipient.slug == "gus-albania" and award.recipient_name == "GUS Albania"
    assert award.call.slug == "local-innovation-grant-2018"
    assert award.amount is None and award.announced_year == 2018 and award.application is None
    assert "founded in 2015 in Tirana" in award.summary_en and "غوس ألبانيا" in award.summary_ar


def test_the_demo_call_is_open_plainly_marked_and_has_a_form_and_rubric(demo):
    call = Call.objects.get(is_demo=True)
    assert call.title_en.startswith("Demo call: ") and call.title_ar.startswith("دعوة تجريبية")
    assert call.is_open() and call.closes_at - timezone.now() > datetime.timedelta(days=90)
    local = call.closes_at.astimezone(call.zone)
    assert (call.time_zone, local.hour, local.minute, local.second) == ("Europe/Tirane", 17, 0, 0)
    kinds = set(Question.objects.filter(call=call).values_list("kind", flat=True))
    assert kinds == {
        QuestionKind.LONG_TEXT,
        QuestionKind.NUMBER,
        QuestionKind.CHOICE,
        QuestionKind.DATE,
        QuestionKind.FILE,
        QuestionKind.BUDGET,
    }
    assert Question.objects.get(call=call, kind=QuestionKind.LONG_TEXT).max_length == 3000
    weights = list(Criterion.objects.filter(call=call).values_list("weight", flat=True))
    assert len(weights) == 4 and sum(weights) == 1


def test_loading_twice_keeps_the_same_rows(demo, western_balkans_registry):
    before = {model: sorted(model.objects.values_list("pk", flat=True)) for model in (Call, Award, Question, Criterion)}
    versions = dict(Call.objects.values_list("slug", "version"))
    load_grants(western_balkans_registry, actor=SYSTEM)
    after = {model: sorted(model.objects.values_list("pk", flat=True)) for model in (Call, Award, Question, Criterion)}
    assert after == before
    assert dict(Call.objects.values_list("slug", "version")) == versions


def test_the_demo_call_reopens_when_loaded_again_after_it_closed(demo, western_balkans_registry):
    Call.objects.filter(is_demo=True).update(
        opens_at=timezone.now() - datetime.timedelta(days=300), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    load_grants(western_balkans_registry, actor=SYSTEM)
    assert Call.objects.get(is_demo=True).is_open()


@pytest.mark.parametrize(
    ("today", "opens", "closes"),
    [
        (datetime.date(2026, 12, 2), datetime.datetime(2026, 12, 1), datetime.datetime(2027, 6, 30, 17)),
        (datetime.date(2026, 6, 15), datetime.datetime(2026, 6, 1), datetime.datetime(2026, 12, 31, 17)),
        (datetime.date(2026, 8, 31), datetime.datetime(2026, 8, 1), datetime.datetime(2027, 2, 28, 17)),
    ],
)
def test_demo_call_moments_span_six_months_when_loaded_on_any_day(today, opens, closes):
    assert demo_call_moments(today) == (opens, closes)


def test_the_demo_command_loads_the_grants_once(db):
    call_command("load_demo", "--no-gazetteer")
    call_command("load_demo", "--no-gazetteer", "--force")
    assert Call.objects.count() == 2 and Award.objects.count() == 1


def test_the_demo_shows_on_the_hub_call_page_and_award_page(client, western_balkans):
    load_grants(western_balkans, actor=SYSTEM)
    hub = client.get("/en/western-balkans/").content.decode()
    assert "Demo call: small grants for local resilience projects" in hub
    assert "/en/awards/gus-albania-local-innovation-grant-2018/" in hub
    page = client.get("/en/calls/local-innovation-grant-2018/").content.decode()
    assert "more than 80 applications" in page and "Not stated in the sources." in page
    award = client.get("/ar/awards/gus-albania-local-innovation-grant-2018/").content.decode()
    assert "غوس ألبانيا" in award and "/ar/organisations/gus-albania/" in award
