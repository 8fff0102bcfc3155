from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("guanxi.api.urls")),
    path("", include("guanxi.web.urls")),
]
