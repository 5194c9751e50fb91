from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", admin.site.redirect_to_index),  # the admin is the only page for a browser
]
