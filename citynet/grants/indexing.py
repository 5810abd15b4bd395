"""What the grants contribute to the one search (citynet/search): calls past drafting and their
announced awards; never an application, a review or an applicant's details."""

from django.utils.translation import gettext_lazy as _

from citynet.search.registry import Document, Provider, chunked, in_every_language, register

from .models import Award, Call
from .permissions import scope_public_calls
from .selectors.public import public_awards


def call_documents(ids):
    for call in chunked(scope_public_calls(Call.objects.all()), ids):
        titles = in_every_language(call, "title")
        body = [
            *in_every_language(call, "description").values(),
            *in_every_language(call, "results_announcement").values(),
        ]
        yield Document(
            kind="call",
            object_id=call.pk,
            route="grants:call-detail",
            route_key=call.slug,
            titles=titles or {"en": call.title},
            names=[*titles.values(), call.code],
            summaries=in_every_language(call, "summary"),
            body="\n".join(body),
            year=call.opens_at.year,
            regions=[call.region_id],
            is_demo=call.is_demo,
        )


def award_documents(ids):
    # Announced: the awards the public pages show (their call's results published), no sooner.
    awards = public_awards().select_related("partner_municipality__country")
    for award in chunked(awards, ids):
        title = award.project_title or award.recipient_name
        city = award.partner_municipality
        names = [award.recipient_name, award.project_title]
        if award.recipient:
            names += [
                award.recipient.name,
                award.recipient.acronym,
                *in_every_language(award.recipient, "name").values(),
            ]
        body = [*in_every_language(award.call, "title").values()]
        if city:
            body += in_every_language(city, "name").values()
        yield Document(
            kind="award",
            object_id=award.pk,
            route="grants:award-detail",
            route_key=award.slug,
            titles={"en": title},
            names=[n for n in names if n],
            summaries=in_every_language(award, "summary"),
            body="\n".join(body),
            country=str(city.country.code) if city else "",
            year=award.announced_year,
            regions=[award.call.region_id],
            is_demo=award.call.is_demo,
        )


register(
    Provider(
        kind="call",
        plural=_("Grant calls"),
        documents=call_documents,
        watches={Call: lambda call: [call.pk]},
        order=50,
    )
)
register(
    Provider(
        kind="award",
        plural=_("Awards"),
        documents=award_documents,
        watches={Award: lambda award: [award.pk], Call: lambda call: list(call.awards.values_list("pk", flat=True))},
        order=60,
    )
)
