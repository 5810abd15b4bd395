"""`manage.py extract_library_text [--all] [--now]`: read the library's files again, for search.

By default the versions waiting for extraction or whose file could not be read; with --all every version
that has a file (after an upgrade that reads more formats or more text). Each is queued for the worker,
or read here, one after another, with --now.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q

from citynet.library.models import ExtractionStatus, ResourceVersion
from citynet.library.tasks.extraction import extract, extract_version


class Command(BaseCommand):
    help = "Extract the text of library files waiting for it or that failed (--all: every file)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every version with a file, not only pending or failed")
        parser.add_argument("--now", action="store_true", help="read the files in this process, not in the worker")

    def handle(self, *args, **options):
        versions = ResourceVersion.objects.all()
        if options["all"]:
            versions = versions.exclude(Q(file="") | Q(file__isnull=True))
        else:
            versions = versions.filter(extraction__in=[ExtractionStatus.PENDING, ExtractionStatus.FAILED])
        ids = list(versions.order_by("pk").values_list("pk", flat=True))
        if options["now"]:
            outcomes: dict[str, int] = {}
            for pk in ids:
                outcome = extract(pk)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            summary = ", ".join(f"{outcome}: {count}" for outcome, count in sorted(outcomes.items()))
            self.stdout.write(f"{len(ids)} version(s) read ({summary or 'none'}).")
            return
        # Shown as waiting until the worker has read them (a --all run re-reads those already done).
        versions.exclude(file="").update(extraction=ExtractionStatus.PENDING)
        for pk in ids:
            extract_version.enqueue(version_id=pk)
        self.stdout.write(f"{len(ids)} version(s) queued for extraction.")
