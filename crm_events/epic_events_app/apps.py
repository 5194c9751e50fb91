from django.apps import AppConfig


class EpicEventsConfig(AppConfig):
    name = "epic_events_app"
    verbose_name = "Events"
