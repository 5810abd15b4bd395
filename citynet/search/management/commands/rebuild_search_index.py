"""Write the search index again from the records: after a restore, an import that bypassed the services,
or an upgrade that changed what an app indexes. The site keeps answering meanwhile (one transaction)."""

from django.core.management.base import BaseCommand, CommandError

from citynet.search import registry, services


class Command(BaseCommand):
    help = "Rebuild the search index from the records (every kind, or those named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help=f"kinds to rebuild: {', '.join(registry.kinds())}")

    def handle(self, *args, kinds=(), **options):
        unknown = set(kinds) - set(registry.kinds())
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(sorted(unknown))}. Known: {', '.join(registry.kinds())}.")
        counts = services.rebuild(kinds or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} entries."))
