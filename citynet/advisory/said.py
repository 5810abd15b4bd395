"""How the public pages say a consultation's facts in the visitor's language (shared by the pages and the
list's template tag)."""

import datetime

from django.utils.translation import gettext as _

from citynet.core.i18n import said_date


def days(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """ "17 September 2018 – 20 September 2018" (a visit's days on its local calendar), or one day."""
    first, last = said_date(starts_on), said_date(ends_on)
    if first == last:
        return first
    return _("%(start)s – %(end)s") % {"start": first, "end": last}
