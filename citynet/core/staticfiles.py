"""Static files for production: hashed names (a year's caching), compressed copies, one manifest."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

log = logging.getLogger(__name__)


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, tolerant of the vendored libraries' references to unshipped files.

    Leaflet's CSS names marker and layer-control images, and the minified libraries name source maps;
    the site uses none of them, so they are not vendored, and Django would refuse to collect the files
    that mention them. Inside citynet/static/vendor such a reference is left as it is (and logged); in
    the site's own files a reference to a missing file still fails collectstatic.
    """

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)
        if not name.startswith("vendor/"):
            return convert

        def tolerant(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                log.info("static: %s refers to %s, which is not shipped", name, matchobj.group("url"))
                return matchobj.group("matched")

        return tolerant
