from django.urls import include, path

urlpatterns = [
    path("", include("guanxi.web.urls")),
]
