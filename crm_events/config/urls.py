from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # The HTTPS API (crm_events/api/): JSON only, bearer tokens, no cookies.
    path("api/", include("api.urls")),
]
