from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from citynet.core import views as core_views

from .api import api

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("citynet.grants.urls")),
    path("", include("citynet.events.urls")),
    path("", include("citynet.advisory.urls")),
    path("", include("citynet.library.urls")),
    path("", include("citynet.search.urls")),
    path("", include("citynet.hub.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "citynet.core.views.bad_request"
handler403 = "citynet.core.views.permission_denied"
handler404 = "citynet.core.views.page_not_found"
handler500 = "citynet.core.views.server_error"
