"""Plainly synthetic registry data at network scale, for the benchmark only.

Every row made here is labelled as synthetic in every language ("Synthetic municipality 0042",
"Синтетичка општина 0042", ...) and every membership's source says it is benchmark data, so nothing
could pass for a real member. The numbers are deterministic (a seeded generator), so two runs
measure the same data.

The benchmark runs `python -m bench.data` with DJANGO_SETTINGS_MODULE set, on an empty database: it
migrates, loads the seed's demo content (without the gazetteer) and adds the synthetic rows.
"""

import argparse
import datetime
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


def _day(rng: random.Random, after: datetime.date = FIRST_DAY) -> datetime.date:
    last = min(LAST_DAY, datetime.date.today())
    return after + datetime.timedelta(days=rng.randrange(max(1, (last - after).days)))


def generate(*, municipalities: int, members: int, region_slug: str = "western-balkans", seed: int = 2016) -> dict:
    """Add `municipalities` synthetic municipalities to the region, `members` of them current members.

    Besides the members, some have left, some are suspended and some are prospective, so membership
    history has the shapes real data has. Returns how many rows of each kind were made.
    """
    from django.db import transaction

    from citynet.core.names import search_keys
    from citynet.network.models import Country, Membership, MembershipStatus, Municipality

    rng = random.Random(seed)
    countries = list(Country.objects.filter(region__slug=region_slug).order_by("code"))
    if not countries:
        raise SystemExit(f"No countries in region {region_slug!r}: load the demo content first.")
    width = max(4, len(str(municipalities)))
    rows = []
    for i in range(1, municipalities + 1):
        n = str(i).zfill(width)
        country = countries[i % len(countries)]
        lat_from, lat_to, lng_from, lng_to = BOXES.get(str(country.code), (40.0, 46.0, 15.0, 23.0))
        names = {code: label.format(n=n) for code, label in LABELS.items()}
        rows.append(
            Municipality(
                name=names["en"],
                **{f"name_{code}": text for code, text in names.items()},
                slug=f"synthetic-municipality-{n}",
                country=country,
                latitude=Decimal(f"{rng.uniform(lat_from, lat_to):.6f}"),
                longitude=Decimal(f"{rng.uniform(lng_from, lng_to):.6f}"),
                population=rng.randrange(2_000, 400_000),
                population_year=2021,
                profile_en="Synthetic municipality made by the benchmark; not a real place.",
                search_text=search_keys(*names.values()),
            )
        )
    left, suspended, prospective = members // 8, members // 16, members // 3
    if members + left + suspended + prospective > municipalities:
        raise SystemExit("Too many memberships for the number of municipalities.")
    with transaction.atomic():
        created = Municipality.objects.bulk_create(rows, batch_size=1000)
        picked = rng.sample(created, members + left + suspended + prospective)
        history: list[Membership] = []

        def period(m, status, start, end=None):
            history.append(
                Membership(
                    municipality=m,
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
        Membership.objects.bulk_create(history, batch_size=1000)
    return {
        "municipalities": len(created),
        "members": members,
        "left": left,
        "suspended": suspended,
        "prospective": prospective,
        "membership_rows": len(history),
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
    import django
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=5000)
    parser.add_argument("--members", type=int, default=400)
    args = parser.parse_args()
    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    made = generate(municipalities=args.municipalities, members=args.members)
    print("# made " + " ".join(f"{k}={v}" for k, v in made.items()), flush=True)


if __name__ == "__main__":
    main()
