"""`manage.py event_housekeeping`: for every event taking registrations, lapse offers not confirmed in time
(the seat passes to the next person) and, from the organisers' release date, give the cities' unused seats
to the waiting list. Run every 15 minutes (deploy/citynet-event-housekeeping.timer); running it again
changes nothing more. It also sends the reminders of the coming events (once per participant), and counts
every event's public figures again (they are kept at every change; this repairs any made around the models)."""

from django.core.management.base import BaseCommand

from citynet.events.services.figures import recount_all
from citynet.events.tasks.reminders import housekeeping, send_reminders


class Command(BaseCommand):
    help = "Lapse overdue offers, release unused city seats, promote the waiting list; send due reminders."

    def add_arguments(self, parser):
        parser.add_argument("--no-reminders", action="store_true", help="only the seats, no reminders")

    def handle(self, *args, no_reminders, **options):
        done = housekeeping()
        self.stdout.write(f"{done['events']} event(s) looked at, {done['promoted']} person(s) promoted.")
        self.stdout.write(f"The figures of {recount_all()} event(s) recounted.")
        if not no_reminders:
            self.stdout.write(f"{send_reminders()} reminder(s) queued.")
