from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # The HTTPS API (crm_events/api/): JSON only, bearer tokens, no cookies.
    path("api/", include("api.urls")),
    path("", admin.site.redirect_to_index),  # the admin is the only page for a browser
]
