from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path
from django.views.i18n import set_language

from guanxi.web.views import (
    account_list,
    account_map,
    account_page,
    accounts,
    activities,
    contact_capture,
    contacts,
    insights,
    map_capture,
    needs,
    policies,
    portfolio,
    qualification_runs,
    sales_import_upload,
    sales_imports,
    scorecard,
    system,
    tokens,
)

login_view = auth_views.LoginView.as_view(
    template_name="web/pages/login.html", redirect_authenticated_user=True
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", system.healthz, name="healthz"),
    # django.conf.urls.i18n, with the switch usable before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("me/tokens/", tokens.token_list_page, name="tokens"),
    path("me/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("", account_list.account_list_page, name="accounts"),
    path("insights/", insights.my_insights_page, name="insights"),
    path("accounts/new/", accounts.account_create_page, name="account-create"),
    path("accounts/<int:account_id>/", account_page.account_overview, name="account"),
    path("accounts/<int:account_id>/edit/", accounts.account_edit_page, name="account-edit"),
    path(
        "accounts/<int:account_id>/contacts/",
        account_page.account_contacts,
        name="account-contacts",
    ),
    path(
        "accounts/<int:account_id>/activities/",
        account_page.account_activities,
        name="account-activities",
    ),
    path("accounts/<int:account_id>/needs/", account_page.account_needs, name="account-needs"),
    # The relationship map, and capturing it on the Contacts tab.
    path("accounts/<int:account_id>/map/", account_map.account_map, name="account-map"),
    path(
        "accounts/<int:account_id>/map/ties/",
        account_map.account_map_ties,
        name="account-map-ties",
    ),
    path(
        "accounts/<int:account_id>/map/insights/",
        account_map.account_map_insights,
        name="account-map-insights",
    ),
    path(
        "accounts/<int:account_id>/map/pulse/",
        account_map.account_map_pulse,
        name="account-map-pulse",
    ),
    path("contacts/<int:contact_id>/panel/", account_map.contact_panel, name="contact-panel"),
    path(
        "accounts/<int:account_id>/contacts/quick/",
        contact_capture.contact_quick_create,
        name="contact-quick-create",
    ),
    path(
        "contacts/<int:contact_id>/quick/",
        contact_capture.contact_quick_edit,
        name="contact-quick-edit",
    ),
    path("contacts/<int:contact_id>/left/", contact_capture.contact_left, name="contact-left"),
    path("accounts/<int:account_id>/links/new/", map_capture.link_create, name="link-create"),
    path("links/<int:link_id>/delete/", map_capture.link_delete, name="link-delete"),
    path(
        "accounts/<int:account_id>/relationships/new/",
        map_capture.relationship_create,
        name="relationship-create",
    ),
    path(
        "relationships/<int:relationship_id>/delete/",
        map_capture.relationship_remove,
        name="relationship-delete",
    ),
    path(
        "accounts/<int:account_id>/interests/new/",
        map_capture.interest_create,
        name="interest-create",
    ),
    path("interests/<int:interest_id>/edit/", map_capture.interest_edit, name="interest-edit"),
    path(
        "interests/<int:interest_id>/delete/",
        map_capture.interest_delete,
        name="interest-delete",
    ),
    path(
        "accounts/<int:account_id>/practices/new/",
        map_capture.practice_create,
        name="practice-create",
    ),
    path("practices/<int:practice_id>/edit/", map_capture.practice_edit, name="practice-edit"),
    path(
        "practices/<int:practice_id>/delete/",
        map_capture.practice_delete,
        name="practice-delete",
    ),
    path(
        "accounts/<int:account_id>/contacts/new/",
        contacts.contact_create_page,
        name="contact-create",
    ),
    path("contacts/<int:contact_id>/", contacts.contact_page, name="contact"),
    path("contacts/<int:contact_id>/edit/", contacts.contact_edit_page, name="contact-edit"),
    path(
        "accounts/<int:account_id>/activities/new/",
        activities.activity_create_page,
        name="activity-create",
    ),
    path(
        "activities/<int:activity_id>/edit/",
        activities.activity_edit_page,
        name="activity-edit",
    ),
    path("accounts/<int:account_id>/needs/new/", needs.need_create_page, name="need-create"),
    path("needs/<int:need_id>/edit/", needs.need_edit_page, name="need-edit"),
    path(
        "accounts/<int:account_id>/qualification/",
        scorecard.account_qualification,
        name="account-qualification",
    ),
    path(
        "accounts/<int:account_id>/qualification/override/",
        scorecard.account_tier_override_page,
        name="account-tier-override",
    ),
    path("portfolio/", portfolio.portfolio_page, name="portfolio"),
    path(
        "qualification/runs/", qualification_runs.qualification_run_start, name="qualification-run"
    ),
    path(
        "qualification/runs/<str:task_id>/",
        qualification_runs.qualification_run_status,
        name="qualification-run-status",
    ),
    path("policies/", policies.policy_list_page, name="policies"),
    path("policies/new/", policies.policy_create_page, name="policy-create"),
    path("policies/<int:policy_id>/edit/", policies.policy_edit_page, name="policy-edit"),
    path(
        "policies/<int:policy_id>/default/",
        policies.policy_make_default_page,
        name="policy-default",
    ),
    path("imports/sales/", sales_import_upload.sales_import_page, name="sales-import"),
    path(
        "imports/sales/jobs/<int:job_id>/",
        sales_imports.sales_import_job_page,
        name="sales-import-job",
    ),
    path(
        "imports/sales/jobs/<int:job_id>/import/",
        sales_imports.sales_import_job_import,
        name="sales-import-job-import",
    ),
    path(
        "imports/sales/jobs/<int:job_id>/rejects/",
        sales_imports.sales_import_rejects,
        name="sales-import-rejects",
    ),
    path(
        "imports/sales/<str:token>/",
        sales_imports.sales_import_preview,
        name="sales-import-preview",
    ),
]
