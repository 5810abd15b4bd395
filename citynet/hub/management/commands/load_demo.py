"""Load the demo content once: the Western Balkans registry, its gazetteer, the hub pages, the grants, the events,
the advisory work and the library."""

from django.core.management.base import BaseCommand
from django.db import transaction

from citynet.advisory.demo import load_advisory
from citynet.core.actors import SYSTEM
from citynet.events.demo import load_events
from citynet.grants.demo import load_grants
from citynet.hub.demo import load_pages
from citynet.library.demo import load_library
from citynet.network.demo import load_western_balkans
from citynet.network.models import Region
from citynet.search.services import rebuild as rebuild_search_index


class Command(BaseCommand):
    help = "Load the Western Balkans demo content (the seed's facts only); does nothing if already loaded."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load again, updating in place")
        parser.add_argument("--no-gazetteer", action="store_true", help="skip the GeoNames import")

    def handle(self, *args, force=False, no_gazetteer=False, **options):
        if Region.objects.filter(slug="western-balkans").exists() and not force:
            self.stdout.write("Demo content already loaded.")
            return
        with transaction.atomic():
            region = load_western_balkans(actor=SYSTEM, with_gazetteer=not no_gazetteer)
            load_pages(region)
            load_grants(region, actor=SYSTEM)
            load_events(region, actor=SYSTEM)
            load_advisory(region, actor=SYSTEM)
            load_library(region, actor=SYSTEM)
            # The loaders write in bulk where they can (the gazetteer's thousands of places), past the
            # index's signals: the index is written once, whole, at the end.
            rebuild_search_index()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
