from django.apps import AppConfig


class EpicEventsConfig(AppConfig):
    name = "epic_events_app"
    verbose_name = "Events"

    def ready(self) -> None:
        from crm_core import history
        from crm_core.policy import Action
        from epic_events_app.models import Event
        from epic_events_app.serializers import EVENT_SHAPE

        # Whoever may show events may read their history (SPEC §3).
        history.register(
            "events", model=Event, label="event", shape=EVENT_SHAPE, read_action=Action.VIEW_RECORDS
        )
