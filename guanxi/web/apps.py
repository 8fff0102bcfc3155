from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "guanxi.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from guanxi.web import draw_ahead

        draw_ahead.connect()
