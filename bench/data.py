"""Plainly synthetic registry data at network scale, for the benchmark only.

Every row made here is labelled as synthetic in every language ("Synthetic municipality 0042",
"Синтетичка општина 0042", ...), every membership's source says it is benchmark data, every person
is "Synthetic person 0042", and the one account is `synthetic-member@bench.invalid`, so nothing could
pass for a real member. The numbers are deterministic (a seeded generator), so two runs measure the
same data.

The benchmark runs `python -m bench.data` with DJANGO_SETTINGS_MODULE set, on an empty database: it
migrates, loads the seed's demo content (without the gazetteer), adds the synthetic rows with
`bulk_create` (no per-row services: 50,000 municipalities take seconds), signs the synthetic member
in (a session in the database) and writes what the load generator needs to know (slugs, countries,
page counts, the session cookie) as JSON to the file given by --facts.
"""

import argparse
import datetime
import json
import math
import random
from decimal import Decimal

SOURCE = "Synthetic benchmark data (make bench); not a real membership"
LABELS = {
    "en": "Synthetic municipality {n}",
    "ar": "بلدية اصطناعية {n}",
    "sq": "Komunë sintetike {n}",
    "mk": "Синтетичка општина {n}",
    "sr": "Синтетичка општина {n}",
    "sr_latn": "Sintetička opština {n}",
    "bs": "Sintetička općina {n}",
}
PERSON_LABELS = {"en": "Synthetic person {n}", "ar": "شخص اصطناعي {n}", "sr": "Синтетичка особа {n}"}
MEMBER_EMAIL = "synthetic-member@bench.invalid"
# Rough bounding boxes (lat from, lat to, lng from, lng to), so synthetic points fall on the map.
BOXES = {
    "AL": (39.7, 42.6, 19.4, 20.9),
    "BA": (42.6, 45.2, 15.8, 19.5),
    "XK": (41.9, 43.2, 20.1, 21.7),
    "MK": (40.9, 42.3, 20.5, 22.9),
    "ME": (41.9, 43.5, 18.5, 20.3),
    "RS": (42.3, 46.1, 19.0, 22.9),
}
FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
# Per 5,000 municipalities: 400 current members (100 times the seed's four), and one synthetic person
# with a public position for every ten municipalities.
MEMBERS_PER_MUNICIPALITY = 400 / 5000
PEOPLE_PER_MUNICIPALITY = 1 / 10
MEMBERS_PER_PAGE = 100  # citynet.hub.views.MEMBERS_PER_PAGE
_DIGITS = "7319"  # stands for the number while a label is folded once (digits fold to themselves)


def default_members(municipalities: int) -> int:
    return round(municipalities * MEMBERS_PER_MUNICIPALITY)


def _day(rng: random.Random, after: datetime.date = FIRST_DAY) -> datetime.date:
    last = min(LAST_DAY, datetime.date.today())
    return after + datetime.timedelta(days=rng.randrange(max(1, (last - after).days)))


def _folded_template(labels: dict[str, str]) -> str:
    """The search text of a synthetic row with `{n}` for its number: folding every row would take minutes."""
    from citynet.core.names import search_keys

    keys = search_keys(*(label.format(n=_DIGITS) for label in labels.values()))
    assert keys.count(_DIGITS) == len(keys.splitlines()), keys
    return keys.replace(_DIGITS, "{n}")


def generate(*, municipalities: int, members: int, region_slug: str = "western-balkans", seed: int = 2016) -> dict:
    """Add `municipalities` synthetic municipalities to the region, `members` of them current members.

    Besides the members, some have left, some are suspended and some are prospective, so membership
    history has the shapes real data has; a tenth of the municipalities have a synthetic person in a
    public position. Returns how many rows of each kind were made.
    """
    from django.db import transaction

    from citynet.network.models import (
        Country,
        Membership,
        MembershipStatus,
        Municipality,
        Person,
        Position,
        PositionRole,
    )

    rng = random.Random(seed)
    countries = list(Country.objects.filter(region__slug=region_slug).order_by("code"))
    if not countries:
        raise SystemExit(f"No countries in region {region_slug!r}: load the demo content first.")
    width = max(4, len(str(municipalities)))
    search_template = _folded_template(LABELS)
    rows = []
    for i in range(1, municipalities + 1):
        n = str(i).zfill(width)
        country = countries[i % len(countries)]
        lat_from, lat_to, lng_from, lng_to = BOXES.get(str(country.code), (40.0, 46.0, 15.0, 23.0))
        names = {f"name_{code}": label.format(n=n) for code, label in LABELS.items()}
        rows.append(
            Municipality(
                name=names["name_en"],
                **names,
                slug=f"synthetic-municipality-{n}",
                country_id=country.pk,
                latitude=Decimal(f"{rng.uniform(lat_from, lat_to):.6f}"),
                longitude=Decimal(f"{rng.uniform(lng_from, lng_to):.6f}"),
                population=rng.randrange(2_000, 400_000),
                population_year=2021,
                profile_en="Synthetic municipality made by the benchmark; not a real place.",
                search_text=search_template.format(n=n),
            )
        )
    left, suspended, prospective = members // 8, members // 16, members // 3
    if members + left + suspended + prospective > municipalities:
        raise SystemExit("Too many memberships for the number of municipalities.")
    with transaction.atomic():
        created = Municipality.objects.bulk_create(rows, batch_size=2000)
        picked = rng.sample(created, members + left + suspended + prospective)
        history: list[Membership] = []

        def period(m, status, start, end=None):
            history.append(
                Membership(
                    municipality_id=m.pk,
                    status=status,
                    started_on=start,
                    started_precision=rng.choice(["day", "month"]),
                    ended_on=end,
                    source=SOURCE,
                )
            )

        for k, m in enumerate(picked[:members]):
            joined = _day(rng)
            if k % 4 == 0:  # a quarter were prospective first
                period(m, MembershipStatus.PROSPECTIVE, FIRST_DAY, joined)
            period(m, MembershipStatus.MEMBER, joined)
        for m in picked[members : members + left]:
            joined = _day(rng)
            gone = _day(rng, joined)
            period(m, MembershipStatus.MEMBER, joined, gone)
            period(m, MembershipStatus.LEFT, gone)
        for m in picked[members + left : members + left + suspended]:
            joined = _day(rng)
            paused = _day(rng, joined)
            period(m, MembershipStatus.MEMBER, joined, paused)
            period(m, MembershipStatus.SUSPENDED, paused)
        for m in picked[members + left + suspended :]:
            period(m, MembershipStatus.PROSPECTIVE, _day(rng))
        Membership.objects.bulk_create(history, batch_size=2000)

        person_template = _folded_template(PERSON_LABELS)
        people_count = round(municipalities * PEOPLE_PER_MUNICIPALITY)
        people = []
        for i in range(1, people_count + 1):
            n = str(i).zfill(width)
            names = {f"name_{code}": label.format(n=n) for code, label in PERSON_LABELS.items()}
            people.append(Person(name=names["name_en"], **names, search_text=person_template.format(n=n)))
        people = Person.objects.bulk_create(people, batch_size=2000)
        places = rng.sample(created, len(people))
        Position.objects.bulk_create(
            [
                Position(
                    person_id=person.pk,
                    role=PositionRole.MAYOR,
                    title_en="Synthetic mayor (benchmark data)",
                    municipality_id=place.pk,
                    started_on=_day(rng),
                )
                for person, place in zip(people, places, strict=True)
            ],
            batch_size=2000,
        )
    member_slugs = [m.slug for m in picked[:members]]
    return {
        "made": {
            "municipalities": len(created),
            "members": members,
            "left": left,
            "suspended": suspended,
            "prospective": prospective,
            "membership_rows": len(history),
            "people": len(people),
        },
        "member_slugs": member_slugs,
    }


def sign_in_member(member_slug: str) -> dict:
    """A synthetic account with the member-practitioner role at a synthetic member city, signed in.

    Returns the session cookie (name and value) that the load generator sends for the signed-in measures.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from citynet.accounts.models import Role, RoleAssignment, User
    from citynet.network.models import Municipality

    user = User.objects.create_user(email=MEMBER_EMAIL, password=None, display_name="Synthetic member (benchmark)")
    RoleAssignment.objects.create(user=user, role=Role.MEMBER, municipality=Municipality.objects.get(slug=member_slug))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key}


def facts(region_slug: str = "western-balkans") -> dict:
    """What the load generator needs to build its URLs: slugs, countries, member counts, page counts."""
    from citynet.network import selectors
    from citynet.network.models import Country, MembershipStatus, Municipality

    members = selectors.list_municipalities(region=region_slug, status=MembershipStatus.MEMBER)
    by_country = {
        str(c.code): members.filter(country=c).count() for c in Country.objects.filter(region__slug=region_slug)
    }
    total = sum(by_country.values())
    return {
        "region": region_slug,
        "municipalities": Municipality.objects.count(),
        "named": list(Municipality.objects.exclude(slug__startswith="synthetic-").values_list("slug", flat=True)),
        "countries": by_country,
        "member_pages": {
            "": max(1, math.ceil(total / MEMBERS_PER_PAGE)),
            **{code: max(1, math.ceil(n / MEMBERS_PER_PAGE)) for code, n in by_country.items()},
        },
    }


def load_demo() -> None:
    """The seed's demo content, as `manage.py load_demo --no-gazetteer` loads it."""
    from django.db import transaction

    from citynet.core.actors import SYSTEM
    from citynet.hub.demo import load_pages
    from citynet.network.demo import load_western_balkans

    with transaction.atomic():
        load_pages(load_western_balkans(actor=SYSTEM, with_gazetteer=False))


def main() -> None:
    """Migrate an empty database, load the demo content and add the synthetic data, in one process."""
    import time

    import django
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=5000)
    parser.add_argument("--members", type=int, default=None, help="current members [8 %% of the municipalities]")
    parser.add_argument("--facts", help="write the facts the load generator needs to this JSON file")
    args = parser.parse_args()
    members = default_members(args.municipalities) if args.members is None else args.members
    django.setup()
    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    migrated = time.perf_counter()
    made = generate(municipalities=args.municipalities, members=members)
    session = sign_in_member(made["member_slugs"][0])
    from . import grants

    grant_facts = grants.generate(region_slug="western-balkans", member_email=MEMBER_EMAIL)
    from . import events

    event_facts = events.generate(region_slug="western-balkans")
    grant_facts["made"].update(event_facts.pop("made"))
    event_facts.update(events.registration_burst(region_slug="western-balkans"))
    from . import advisory

    advisory_facts = advisory.generate(region_slug="western-balkans")
    grant_facts["made"].update(advisory_facts.pop("made"))
    advisory_facts["staff_session"] = advisory.sign_in_staff()
    from . import library

    grant_facts["made"].update(library.generate()["made"])
    indexed = library.index()
    grant_facts["made"].update(indexed["made"])
    print(f"# search index written in {indexed['index_seconds']} s", flush=True)
    generated = time.perf_counter()
    print(
        "# made "
        + " ".join(f"{k}={v}" for k, v in {**made["made"], **grant_facts.pop("made")}.items())
        + f" (migrate and demo {migrated - began:.1f} s, synthetic rows {generated - migrated:.1f} s)",
        flush=True,
    )
    if args.facts:
        with open(args.facts, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    **facts(),
                    **grant_facts,
                    **event_facts,
                    **advisory_facts,
                    "width": max(4, len(str(args.municipalities))),
                    "session": session,
                },
                handle,
            )


if __name__ == "__main__":
    main()
